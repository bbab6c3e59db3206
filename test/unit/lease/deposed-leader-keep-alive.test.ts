import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { LeaseRouter } from '../../../src/lease/lease-router';
import { TimeoutError } from '../../../src/errors';
import { MessageType, Role, message, type Message } from '../../../src/raft/types';
import type { RaftStore } from '../../../src/storage/raft-store';
import type { KvStateMachine } from '../../../src/kv/state-machine';
import type { Transport } from '../../../src/transport/transport';
import { waitFor } from '../../support/wait';

/**
 * A leader cut off from its followers keeps believing it leads until its
 * CheckQuorum window ends, while the others may already have elected a new
 * leader that lets the lease expire. Its answer to a keep-alive must not be
 * "renewed": the read-index round the renewal waits on finds no quorum.
 */
describe('a keep-alive on a leader cut off from its quorum', () => {
  const nodes: RaftNode[] = [];
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.close();
  });

  it('is never answered "renewed" while the leader still believes it leads', async () => {
    const running: { node?: RaftNode; partitioned: boolean } = { partitioned: false };
    // n2 is a scripted follower that grants every vote and acknowledges everything, until the partition.
    const answer = (m: Message): Message | undefined => {
      const reply = { from: 'n2', to: 'n1', term: m.term };
      if (m.type === MessageType.PreVote) return message({ ...reply, type: MessageType.PreVoteResp });
      if (m.type === MessageType.Vote) return message({ ...reply, type: MessageType.VoteResp });
      if (m.type === MessageType.App) return message({ ...reply, type: MessageType.AppResp, index: m.index + m.entries.length });
      if (m.type === MessageType.Heartbeat) return message({ ...reply, type: MessageType.HeartbeatResp, context: m.context });
      return undefined;
    };
    const transport: Transport = {
      send: (msgs) => {
        if (running.partitioned) return;
        const replies = msgs.map(answer).filter((m): m is Message => m !== undefined);
        setImmediate(() => running.node?.receive(replies));
      },
      propose: () => Promise.reject(new Error('unused')),
      proposeConfChange: () => Promise.reject(new Error('unused')),
      setPeers: () => undefined,
      close: async () => undefined,
    };
    const store = {
      dataDir: '/nowhere',
      identity: async () => undefined,
      saveIdentity: async () => undefined,
      load: async () => ({ hardState: { term: 0, vote: '', commit: 0 }, snapshot: { index: 0, term: 0, confState: { voters: ['n1', 'n2'], learners: [] } }, entries: [] }),
      loadMembership: async () => ({ members: new Map(), confState: undefined }),
      save: async () => undefined,
    } as unknown as RaftStore;
    const stateMachine = { appliedIndex: async () => 0, apply: async () => [], revision: () => 0 } as unknown as KvStateMachine;
    const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const options: RaftNodeOptions = {
      id: 'n1',
      clusterId: 'c',
      initialPeers: new Map([['n1', 'a1'], ['n2', 'a2']]),
      // CheckQuorum steps a cut-off leader down 0.5 to 1 s after the cut: longer than the keep-alive's deadline.
      tickMs: 5,
      electionTicks: 100,
      heartbeatTicks: 1,
      store,
      stateMachine,
      transport,
      logger: silent as unknown as RaftNodeOptions['logger'],
    };
    const n1 = await RaftNode.start(options);
    running.node = n1;
    nodes.push(n1);
    await waitFor('n1 to lead', () => n1.role === Role.Leader, 10_000, 5);
    const renewed: string[] = [];
    const keeper = {
      renew: (ids: readonly string[]) => {
        renewed.push(...ids);
        return ids.map(() => 10);
      },
      timesToLive: () => [],
    };
    const router = new LeaseRouter(n1, keeper, {});
    expect(await router.renew(['7'], new Date(Date.now() + 5_000))).toEqual([10]);

    running.partitioned = true;
    await expect(router.renew(['7'], new Date(Date.now() + 200))).rejects.toThrow(TimeoutError);
    expect(n1.role).toBe(Role.Leader);
    expect(renewed).toEqual(['7']);
  }, 20_000);
});
