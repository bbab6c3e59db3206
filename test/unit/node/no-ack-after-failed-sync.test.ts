import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { EntryType, MessageType, message, type Entry } from '../../../src/raft/types';
import type { RaftStore } from '../../../src/storage/raft-store';
import type { KvStateMachine } from '../../../src/kv/state-machine';
import { recordingTransport } from './support';

/**
 * Found by the driver simulator (seed 7000160, disks): a follower whose sync
 * of entries failed stopped, but a Ready scheduled just before the failure
 * still ran and acknowledged those entries (a duplicate append had found them
 * in the in-memory log). The leader counted the ack, committed, and the
 * follower's disk never had the entries.
 */
describe('a follower whose sync failed', () => {
  const nodes: RaftNode[] = [];
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.close();
  });

  it('never acknowledges the entries that sync was to make durable, not even for an append that arrived meanwhile', async () => {
    const fatal: Error[] = [];
    let failSave: (err: Error) => void = () => undefined;
    const { transport, sent } = recordingTransport();
    const store = {
      dataDir: '/nowhere',
      identity: async () => undefined,
      saveIdentity: async () => undefined,
      load: async () => ({ hardState: { term: 0, vote: '', commit: 0 }, snapshot: { index: 0, term: 0, confState: { voters: ['n1', 'n2', 'n3'], learners: [] } }, entries: [] }),
      loadMembership: async () => ({ members: new Map(), confState: undefined }),
      // The sync of the appended entries is in flight until the test fails it.
      save: () => new Promise<void>((_resolve, reject) => (failSave = reject)),
    } as unknown as RaftStore;
    const stateMachine = { appliedIndex: async () => 0 } as unknown as KvStateMachine;
    const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const options: RaftNodeOptions = {
      id: 'n2',
      clusterId: 'c',
      initialPeers: new Map([['n1', 'a1'], ['n2', 'a2'], ['n3', 'a3']]),
      tickMs: 60_000,
      electionTicks: 10,
      heartbeatTicks: 1,
      store,
      stateMachine,
      transport,
      logger: silent as unknown as RaftNodeOptions['logger'],
      events: { onFatal: (err) => fatal.push(err) },
    };
    const node = await RaftNode.start(options);
    nodes.push(node);
    const turn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
    const entries: Entry[] = [1, 2].map((index) => ({ index, term: 1, type: EntryType.Normal, data: new Uint8Array([index]) }));
    const append = message({ type: MessageType.App, from: 'n1', to: 'n2', term: 1, index: 0, logTerm: 0, entries, commit: 0 });

    node.receive([append]);
    await turn();
    await turn();
    // The Ready persisting entries 1-2 is syncing. The leader retransmits; n2 finds them in its log.
    node.receive([append]);
    failSave(new Error('injected I/O error on sync'));
    for (let i = 0; i < 5; i++) await turn();

    expect(fatal.map((e) => e.message)).toEqual(['injected I/O error on sync']);
    expect(sent.filter((m) => m.type === MessageType.AppResp && !m.reject)).toEqual([]);
  });
});
