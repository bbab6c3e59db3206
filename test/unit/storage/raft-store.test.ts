import { ClusterMismatchError, StorageError } from '../../../src/errors';
import { EMPTY_HARD_STATE, EntryType } from '../../../src/raft/types';
import { checkIdentity } from '../../../src/storage/identity';
import { RaftStore } from '../../../src/storage/raft-store';
import { emptyKvWrite, entries, plain, tempDirs } from './support';

const conf = { voters: ['n1', 'n2', 'n3'], learners: [] };

describe('RaftStore', () => {
  const dirs = tempDirs();
  const open: RaftStore[] = [];
  async function openStore(dir?: string): Promise<RaftStore> {
    const store = await RaftStore.open(dir ?? (await dirs.make()));
    open.push(store);
    return store;
  }
  async function reopen(store: RaftStore): Promise<RaftStore> {
    await store.close();
    return openStore(store.dataDir);
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await dirs.cleanup();
  });

  it('a fresh store has an empty log, no hard state, no snapshot and no identity', async () => {
    const store = await openStore();
    expect(await store.load()).toEqual({ hardState: EMPTY_HARD_STATE, snapshot: undefined, entries: [] });
    expect(await store.identity()).toBeUndefined();
    expect(store.firstIndex()).toBe(1);
    expect(store.lastIndex()).toBe(0);
  });

  it('loads back the entries and hard state it saved, also after a reopen', async () => {
    let store = await openStore();
    await store.save({ entries: entries(1, 3, 1), hardState: { term: 1, vote: 'n1', commit: 0 } }, true);
    await store.save({ entries: entries(4, 5, 2), hardState: { term: 2, vote: 'n2', commit: 3 } }, true);
    const expected = { hardState: { term: 2, vote: 'n2', commit: 3 }, entries: plain(entries(1, 3, 1).concat(entries(4, 5, 2))) };

    let loaded = await store.load();
    expect({ hardState: loaded.hardState, entries: plain(loaded.entries) }).toEqual(expected);

    store = await reopen(store);
    loaded = await store.load();
    expect({ hardState: loaded.hardState, entries: plain(loaded.entries) }).toEqual(expected);
    expect(store.lastIndex()).toBe(5);
  });

  it('keeps large indexes in numeric order across the 2^32 boundary', async () => {
    const store = await openStore();
    const base = 2 ** 32 - 2;
    await store.save({ snapshot: { index: base, term: 1, confState: conf }, entries: entries(base + 1, base + 4, 1) }, true);
    const reopened = await reopen(store);
    expect((await reopened.load()).entries.map((e) => e.index)).toEqual([base + 1, base + 2, base + 3, base + 4]);
    expect(reopened.lastIndex()).toBe(base + 4);
  });

  it('a save that overwrites a conflicting suffix deletes the stored entries beyond the new ones', async () => {
    let store = await openStore();
    await store.save({ entries: entries(1, 6, 1) }, true);
    // A new leader at term 2 replaces 3..6 with a shorter branch 3..4.
    await store.save({ entries: entries(3, 4, 2) }, true);
    expect(store.lastIndex()).toBe(4);
    expect(plain((await store.load()).entries)).toEqual(plain([...entries(1, 2, 1), ...entries(3, 4, 2)]));

    store = await reopen(store);
    expect(store.lastIndex()).toBe(4);
    // The stale 5..6 must not come back, and appending continues from 5.
    await store.save({ entries: entries(5, 5, 3) }, true);
    store = await reopen(store);
    expect(plain((await store.load()).entries)).toEqual(plain([...entries(1, 2, 1), ...entries(3, 4, 2), ...entries(5, 5, 3)]));
  });

  it('refuses, writing nothing, entries that would leave a gap or are not contiguous', async () => {
    const store = await openStore();
    await store.save({ entries: entries(1, 2, 1) }, true);
    await expect(store.save({ entries: entries(4, 5, 1), hardState: { term: 9, vote: '', commit: 0 } }, true)).rejects.toThrow(
      /cannot append entry 4: the log ends at 2/,
    );
    await expect(store.save({ entries: [...entries(3, 3, 1), ...entries(5, 5, 1)] }, true)).rejects.toThrow(StorageError);
    const loaded = await store.load();
    expect(loaded.entries.map((e) => e.index)).toEqual([1, 2]);
    expect(loaded.hardState).toEqual(EMPTY_HARD_STATE);
    expect(store.lastIndex()).toBe(2);
  });

  it('a hard state saved alone replaces the previous one', async () => {
    let store = await openStore();
    await store.save({ entries: [], hardState: { term: 3, vote: 'n3', commit: 0 } }, true);
    await store.save({ entries: [], hardState: { term: 4, vote: '', commit: 0 } }, false);
    store = await reopen(store);
    expect((await store.load()).hardState).toEqual({ term: 4, vote: '', commit: 0 });
  });

  it('an installed snapshot replaces the whole log, and entries follow it', async () => {
    let store = await openStore();
    await store.save({ snapshot: { index: 0, term: 0, confState: conf }, entries: entries(1, 8, 1) }, true);
    await store.save({ snapshot: { index: 10, term: 2, confState: conf }, entries: entries(11, 12, 2) }, true);
    store = await reopen(store);
    const loaded = await store.load();
    expect(loaded.snapshot).toEqual({ index: 10, term: 2, confState: conf });
    expect(loaded.entries.map((e) => e.index)).toEqual([11, 12]);
    expect(store.firstIndex()).toBe(11);
    await expect(store.save({ snapshot: { index: 5, term: 1, confState: conf }, entries: [] }, true)).rejects.toThrow(/older/);
  });

  it('keeps each write lane in order while the lanes overlap, and compaction waits for both', async () => {
    const store = await openStore();
    // Not awaited: a synced log write, then an apply write on the state lane, then a compaction.
    const logged = store.save({ entries: entries(1, 6, 1) }, true);
    const applied = logged.then(() => store.kvData().commit(emptyKvWrite(), 6, false));
    const appliedMore = store.kvData().commit(emptyKvWrite(), 6, false);
    await logged;
    // The compaction is queued before the apply lands: it must see the applied index, so it waits for the state lane.
    const compacted = store.compact(6, conf);
    await Promise.all([applied, appliedMore, compacted]);
    expect(store.firstIndex()).toBe(7);
    expect(await store.kvData().appliedIndex()).toBe(6);
  });

  it('compacts applied entries, recording where the log now begins', async () => {
    let store = await openStore();
    await store.save({ entries: [...entries(1, 3, 1), ...entries(4, 6, 2)] }, true);
    await store.kvData().commit(emptyKvWrite(), 5, false);

    await expect(store.compact(6, conf)).rejects.toThrow(/only 5 is applied/);
    await expect(store.compact(7, conf)).rejects.toThrow(/the log ends at 6/);
    await store.compact(4, conf);
    await store.compact(2, conf); // already compacted: no-op

    store = await reopen(store);
    const loaded = await store.load();
    expect(loaded.snapshot).toEqual({ index: 4, term: 2, confState: conf });
    expect(loaded.entries.map((e) => e.index)).toEqual([5, 6]);
    expect(store.firstIndex()).toBe(5);
    // Entries at or below the log's beginning are committed: saving them again is a no-op.
    await store.save({ entries: entries(3, 7, 2) }, true);
    expect((await store.load()).entries.map((e) => e.index)).toEqual([5, 6, 7]);
  });

  it('keeps the node identity across a reopen and tells a mismatch apart clearly', async () => {
    let store = await openStore();
    await store.saveIdentity({ clusterId: 'c1', nodeId: 'n1' });
    store = await reopen(store);
    const stored = await store.identity();
    expect(stored).toEqual({ clusterId: 'c1', nodeId: 'n1', joinedAt: 0 });

    expect(() => checkIdentity(store.dataDir, stored, { clusterId: 'c1', nodeId: 'n1' })).not.toThrow();
    expect(() => checkIdentity(store.dataDir, undefined, { clusterId: 'c1', nodeId: 'n1' })).not.toThrow();
    const mismatch = (): void => checkIdentity(store.dataDir, stored, { clusterId: 'c2', nodeId: 'n2' });
    expect(mismatch).toThrow(ClusterMismatchError);
    expect(mismatch).toThrow('belongs to node "n1" of cluster "c1", not node "n2" of cluster "c2"');
  });

  it('close() is idempotent, and a closed store refuses further calls', async () => {
    const store = await openStore();
    const write = store.save({ entries: entries(1, 1, 1) }, true);
    const first = store.close();
    expect(store.close()).toBe(first);
    await Promise.all([write, first]);
    await store.close();
    await expect(store.load()).rejects.toThrow(StorageError);
    await expect(store.save({ entries: entries(2, 2, 1) }, true)).rejects.toThrow(/closed/);
    const reopened = await openStore(store.dataDir);
    expect((await reopened.load()).entries).toHaveLength(1);
  });

  it('a second open of the same data directory fails with a clear error', async () => {
    const store = await openStore();
    await expect(RaftStore.open(store.dataDir)).rejects.toThrow(StorageError);
  });

  it('reports an approximate size for metrics', async () => {
    const store = await openStore();
    await store.save({ entries: entries(1, 100, 1) }, true);
    expect(await store.approximateSize()).toBeGreaterThanOrEqual(0);
  });

  it('round-trips ConfChange entries with their type', async () => {
    const store = await openStore();
    const cc = { index: 1, term: 1, type: EntryType.ConfChange, data: Uint8Array.of(1, 2, 3) };
    await store.save({ entries: [cc] }, true);
    expect(plain((await store.load()).entries)).toEqual(plain([cc]));
  });
});
