import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { CorruptLogError } from '../../../src/raft/errors';
import { MessageType, message, type Message } from '../../../src/raft/types';
import { NotAttemptedError } from '../../../src/errors';
import type { RaftStore } from '../../../src/storage/raft-store';
import type { KvStateMachine } from '../../../src/kv/state-machine';
import { waitFor } from '../../support/wait';
import { recordingTransport } from './support';

/**
 * A core error is fatal, as a storage failure is: the node logs one fatal
 * line, stops, and never votes or serves again. A malformed peer message is
 * not a core error: it is dropped and the node goes on.
 */
describe('a core error in the driver', () => {
  const nodes: RaftNode[] = [];
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.close();
  });

  async function follower(): Promise<{ node: RaftNode; sent: Message[]; fatal: Error[]; errors: string[] }> {
    const fatal: Error[] = [];
    const errors: string[] = [];
    const { transport, sent } = recordingTransport();
    const store = {
      dataDir: '/nowhere',
      identity: async () => undefined,
      saveIdentity: async () => undefined,
      load: async () => ({ hardState: { term: 0, vote: '', commit: 0 }, snapshot: { index: 0, term: 0, confState: { voters: ['n1', 'n2', 'n3'], learners: [] } }, entries: [] }),
      loadMembership: async () => ({ members: new Map(), confState: undefined }),
      save: async () => undefined,
    } as unknown as RaftStore;
    const stateMachine = { appliedIndex: async () => 0 } as unknown as KvStateMachine;
    const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (_o: object, msg: string) => errors.push(msg) };
    const options: RaftNodeOptions = {
      id: 'n2',
      clusterId: 'c',
      initialPeers: new Map([['n1', 'a1'], ['n2', 'a2'], ['n3', 'a3']]),
      // Slow ticks: n2 never campaigns by itself during the test.
      tickMs: 60_000,
      electionTicks: 10,
      heartbeatTicks: 1,
      store,
      stateMachine,
      transport,
      logger,
      events: { onFatal: (err) => fatal.push(err) },
    };
    const node = await RaftNode.start(options);
    nodes.push(node);
    return { node, sent, fatal, errors };
  }

  const vote = (term: number): Message => message({ type: MessageType.Vote, from: 'n3', to: 'n2', term, index: 5, logTerm: 1 });

  it('stops the node for good when the core finds its log lost acknowledged entries: no vote, no read, no write after', async () => {
    const { node, sent, fatal, errors } = await follower();
    // n1 tells n2 to commit 7 while n2's log is empty: n2 lost what it acknowledged.
    node.receive([message({ type: MessageType.Heartbeat, from: 'n1', to: 'n2', term: 1, commit: 7 })]);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toBeInstanceOf(CorruptLogError);
    expect(errors).toEqual(['the log lost entries this node acknowledged: this node stops taking part in consensus']);
    expect(() => node.assertServing()).toThrow(NotAttemptedError);
    expect(() => node.assertServing()).toThrow(/stopped after a fatal error: n2: heartbeat from n1 commits 7/);
    await expect(node.linearizableBarrier(new Date(Date.now() + 1000))).rejects.toThrow(NotAttemptedError);
    await expect(node.proposeAsLeader(new Uint8Array([1]), new Date(Date.now() + 1000))).rejects.toThrow(NotAttemptedError);
    node.receive([vote(2)]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(sent.filter((m) => m.type === MessageType.VoteResp)).toEqual([]);
  });

  it('drops a malformed peer message and goes on: it still votes', async () => {
    const { node, sent, fatal } = await follower();
    node.receive([message({ type: MessageType.Prop, from: 'n1', to: 'n2', term: 1 })]);
    expect(fatal).toEqual([]);
    expect(() => node.assertServing()).not.toThrow();
    node.receive([vote(2)]);
    await waitFor('n2 to answer the vote', () => sent.some((m) => m.type === MessageType.VoteResp), 5000, 5);
    expect(sent.filter((m) => m.type === MessageType.VoteResp).map((m) => m.reject)).toEqual([false]);
  });
});
