import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { MessageType, Role, message, type Message } from '../../../src/raft/types';
import type { RaftStore } from '../../../src/storage/raft-store';
import type { KvStateMachine } from '../../../src/kv/state-machine';
import type { Transport } from '../../../src/transport/transport';
import { waitFor } from '../../support/wait';

/**
 * The transport's failed Sends reach the core (GrpcTransport onUnreachable →
 * RaftNode.reportUnreachable): the leader goes back to probing that peer.
 */
describe('an unreachable peer reported to the node', () => {
  const nodes: RaftNode[] = [];
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.close();
  });

  it('moves the leader\'s progress for that peer from Replicate back to Probe', async () => {
    const running: { node?: RaftNode } = {};
    // n2 is a scripted follower that grants every vote and acknowledges every append.
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
      tickMs: 2,
      electionTicks: 5,
      heartbeatTicks: 1,
      store,
      stateMachine,
      transport,
      logger: silent as unknown as RaftNodeOptions['logger'],
    };
    const n1 = await RaftNode.start(options);
    running.node = n1;
    nodes.push(n1);
    await waitFor('n1 to lead with n2 replicating', () => n1.role === Role.Leader && n1.status().progress.get('n2')?.state === 'Replicate');
    n1.reportUnreachable('n2');
    expect(n1.status().progress.get('n2')?.state).toBe('Probe');
  });
});
