import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { RaftStore } from '../../../src/storage/raft-store';
import { KvStateMachine } from '../../../src/kv/state-machine';
import { encodeCommand } from '../../../src/kv/command';
import { EntryType, MessageType, message, type Entry, type Message } from '../../../src/raft/types';
import type { SnapshotHeader, SnapshotItem } from '../../../src/codec/snapshot-codec';
import { tempDirs } from '../storage/support';
import { waitFor } from '../../support/wait';
import { recordingTransport, silent } from './support';

/**
 * The data-loss path of issue #10, replayed against the production driver,
 * store and state machine on a real data dir. n2 holds entries 1–20 (it
 * acknowledged them, so a leader may have committed them with its vote)
 * while its commit index is still 5. A snapshot at index 8 then arrives:
 * from a deposed leader of term 1, or from the current leader at an index
 * whose entry n2 already holds. Neither may cost n2 a single stored entry.
 */
describe('installing a streamed snapshot on a follower', () => {
  const dirs = tempDirs();
  const running: Array<{ node: RaftNode; store: RaftStore }> = [];
  afterEach(async () => {
    for (const { node, store } of running.splice(0)) {
      await node.close();
      await store.close();
    }
    await dirs.cleanup();
  });

  const put = (index: number, term: number): Entry => ({
    index,
    term,
    type: EntryType.Normal,
    data: encodeCommand({ op: 'put', key: `k${index}`, value: Buffer.from(`v${index}`) }),
  });
  const range = (from: number, to: number, term: (i: number) => number): Entry[] => Array.from({ length: to - from + 1 }, (_, i) => put(from + i, term(from + i)));

  async function startN2(dir: string): Promise<{ node: RaftNode; store: RaftStore; sent: Message[] }> {
    const { transport, sent } = recordingTransport();
    const store = await RaftStore.open(dir);
    const options: RaftNodeOptions = {
      id: 'n2',
      clusterId: 'c',
      initialPeers: new Map([['n1', 'a1'], ['n2', 'a2'], ['n3', 'a3']]),
      // Ticks so slow that n2 never campaigns during the test: it only follows.
      tickMs: 60_000,
      electionTicks: 10,
      heartbeatTicks: 1,
      store,
      stateMachine: new KvStateMachine(store),
      transport,
      logger: silent as unknown as RaftNodeOptions['logger'],
    };
    const node = await RaftNode.start(options);
    running.push({ node, store });
    return { node, store, sent };
  }

  /** n1 leads term 2 and has sent entries 1–20 (1–10 from term 1) with commit 5; n2 acknowledged 20. */
  async function followerHolding20(): Promise<{ node: RaftNode; store: RaftStore; sent: Message[]; dir: string }> {
    const dir = await dirs.make();
    const n2 = await startN2(dir);
    n2.node.receive([message({ type: MessageType.App, from: 'n1', to: 'n2', term: 2, index: 0, logTerm: 0, commit: 5, entries: range(1, 20, (i) => (i <= 10 ? 1 : 2)) })]);
    await waitFor('n2 to acknowledge entry 20', () => n2.sent.some((m) => m.type === MessageType.AppResp && !m.reject && m.index === 20), 5_000, 5);
    await waitFor('n2 to apply through 5', () => n2.node.appliedIndex >= 5, 5_000, 5);
    return { ...n2, dir };
  }

  function snapshotAt8(from: string, term: number): { header: SnapshotHeader; chunks: AsyncIterable<readonly SnapshotItem[]> } {
    const header: SnapshotHeader = {
      clusterId: 'c',
      from,
      to: 'n2',
      term,
      metadata: { index: 8, term: 1, confState: { voters: ['n1', 'n2', 'n3'], learners: [] } },
      members: new Map([['n1', { peerAddress: 'a1', clientAddress: '', autoPromote: false }]]),
      revision: 8,
    };
    const item = (key: string): SnapshotItem => ({ record: { key, value: Buffer.from('snap'), createRevision: 8, modRevision: 8, version: 1, lease: '0' } });
    async function* chunks(): AsyncGenerator<readonly SnapshotItem[]> {
      yield [item('only-in-the-snapshot')];
    }
    return { header, chunks: chunks() };
  }

  /** After a restart, the log n2 has on disk. */
  async function storedLog(n2: { node: RaftNode; store: RaftStore; dir: string }): Promise<{ first: number; last: number }> {
    running.splice(running.findIndex((r) => r.node === n2.node), 1);
    await n2.node.close();
    await n2.store.close();
    const store = await RaftStore.open(n2.dir);
    try {
      const persisted = await store.load();
      const first = (persisted.snapshot?.index ?? 0) + 1;
      return { first, last: first + persisted.entries.length - 1 };
    } finally {
      await store.close();
    }
  }

  it("refuses a deposed leader's snapshot from an older term and keeps every acknowledged entry", async () => {
    const n2 = await followerHolding20();
    const { header, chunks } = snapshotAt8('n3', 1);
    await expect(n2.node.installSnapshot(header, chunks)).rejects.toThrow(/term 1: this node is in term 2/);
    // The node goes on: the next entry appends after 20.
    n2.node.receive([message({ type: MessageType.App, from: 'n1', to: 'n2', term: 2, index: 20, logTerm: 2, commit: 21, entries: [put(21, 2)] })]);
    await waitFor('n2 to acknowledge entry 21', () => n2.sent.some((m) => m.type === MessageType.AppResp && !m.reject && m.index === 21), 5_000, 5);
    await waitFor('n2 to apply through 21', () => n2.node.appliedIndex === 21, 5_000, 5);
    expect(await storedLog(n2)).toEqual({ first: 1, last: 21 });
  });

  it("refuses a snapshot in the current term from a node that is not the term's leader", async () => {
    const n2 = await followerHolding20();
    const { header, chunks } = snapshotAt8('n3', 2);
    await expect(n2.node.installSnapshot(header, chunks)).rejects.toThrow(/the leader of that term is n1/);
    expect(await storedLog(n2)).toEqual({ first: 1, last: 20 });
  });

  it("takes the leader's snapshot at an index whose entry it holds as a commit, keeping the entries above it and not installing the data", async () => {
    const n2 = await followerHolding20();
    const { header, chunks } = snapshotAt8('n1', 2);
    await expect(n2.node.installSnapshot(header, chunks)).resolves.toEqual({ term: 2 });
    await waitFor('n2 to apply through 8', () => n2.node.appliedIndex >= 8, 5_000, 5);
    expect(n2.node.status().commit).toBe(8);
    // The snapshot's data was not installed over the applied log, which keeps every entry.
    expect(n2.node.status().lastIndex).toBe(20);
    expect(await storedLog(n2)).toEqual({ first: 1, last: 20 });
  });

  it('installs a snapshot the core adopts (a follower whose log lacks it), and then follows on from it', async () => {
    const dir = await dirs.make();
    const n2 = await startN2(dir);
    const { header, chunks } = snapshotAt8('n1', 2);
    await expect(n2.node.installSnapshot(header, chunks)).resolves.toEqual({ term: 2 });
    expect(n2.node.appliedIndex).toBe(8);
    expect(n2.sent.some((m) => m.type === MessageType.AppResp && m.to === 'n1' && m.index === 8)).toBe(true);
    n2.node.receive([message({ type: MessageType.App, from: 'n1', to: 'n2', term: 2, index: 8, logTerm: 1, commit: 9, entries: [put(9, 2)] })]);
    await waitFor('n2 to apply 9', () => n2.node.appliedIndex === 9, 5_000, 5);
    expect(await storedLog({ ...n2, dir })).toEqual({ first: 9, last: 9 });
  });
});
