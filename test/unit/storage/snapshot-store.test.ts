import { KvStateMachine } from '../../../src/kv/state-machine';
import { encodeCommand } from '../../../src/kv/command';
import { MemoryStorage } from '../../../src/raft';
import { EntryType, type Entry } from '../../../src/raft/types';
import { RaftStore } from '../../../src/storage/raft-store';
import { entries, tempDirs } from './support';

const conf = { voters: ['n1', 'n2', 'n3'], learners: [] };
const member = (port: number): { peerAddress: string; clientAddress: string; autoPromote: boolean } => ({
  peerAddress: `127.0.0.1:${port}`,
  clientAddress: '',
  autoPromote: false,
});

function put(index: number, key: string, value: string): Entry {
  return { index, term: 2, type: EntryType.Normal, data: encodeCommand({ op: 'put', key, value: Buffer.from(value) }) };
}

async function readAll(store: RaftStore): Promise<{ metadata: unknown; members: unknown; pairs: [string, string][] }> {
  const read = await store.openSnapshotRead();
  try {
    const pairs: [string, string][] = [];
    for await (const p of read.pairs) pairs.push([p.key, Buffer.from(p.value).toString()]);
    return { metadata: read.metadata, members: read.members, pairs };
  } finally {
    await read.close();
  }
}

describe('snapshots in RaftStore and KvStateMachine', () => {
  const dirs = tempDirs();
  const open: RaftStore[] = [];
  async function openStore(dir?: string): Promise<RaftStore> {
    const store = await RaftStore.open(dir ?? (await dirs.make()));
    open.push(store);
    return store;
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await dirs.cleanup();
  });

  it('reads the applied state as of one instant, while applying moves on', async () => {
    const store = await openStore();
    await store.save({ snapshot: { index: 0, term: 0, confState: conf }, entries: [], members: new Map([['n1', member(1)]]) }, true);
    const sm = new KvStateMachine(store);
    const log = [put(1, 'a', '1'), put(2, 'b', '2'), put(3, 'c', '3')];
    await store.save({ entries: log }, true);
    await sm.apply(log);

    const read = await store.openSnapshotRead();
    try {
      // Writes after the read opened are not in it.
      const more = [put(4, 'a', 'changed'), put(5, 'd', '4')];
      await store.save({ entries: more }, true);
      await sm.apply(more);
      expect(read.metadata).toEqual({ index: 3, term: 2, confState: conf });
      expect([...read.members.keys()]).toEqual(['n1']);
      const pairs: string[] = [];
      for await (const p of read.pairs) pairs.push(`${p.key}=${Buffer.from(p.value).toString()}`);
      expect(pairs).toEqual(['a=1', 'b=2', 'c=3']);
    } finally {
      await read.close();
    }
    expect((await readAll(store)).pairs).toEqual([
      ['a', 'changed'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
    ]);
  });

  it('installs a snapshot atomically: old data, log and members replaced; applies continue after it', async () => {
    let store = await openStore();
    await store.save({ snapshot: { index: 0, term: 0, confState: conf }, entries: [], members: new Map([['old', member(9)]]) }, true);
    let sm = new KvStateMachine(store);
    const log = [put(1, 'gone', 'x'), put(2, 'kept', 'old')];
    await store.save({ entries: log }, true);
    await sm.apply(log);

    const metadata = { index: 100, term: 5, confState: { voters: ['n1', 'n2'], learners: ['n3'] } };
    const members = new Map([
      ['n1', member(1)],
      ['n2', member(2)],
    ]);
    await sm.restore(100, () => store.installSnapshot({ metadata, members, pairs: [{ key: 'kept', value: Buffer.from('new') }, { key: 'z', value: Buffer.from('26') }] }));
    expect(await sm.appliedIndex()).toBe(100);
    expect(await sm.get('gone')).toBeUndefined();
    expect(Buffer.from((await sm.get('kept'))!).toString()).toBe('new');
    // Entries at or below the snapshot are skipped; the next one applies.
    expect(await sm.apply([put(100, 'kept', 'stale')])).toEqual([]);
    await store.save({ entries: [put(101, 'after', 'yes')] }, true);
    await sm.apply([put(101, 'after', 'yes')]);

    await store.close();
    store = await openStore(store.dataDir);
    sm = new KvStateMachine(store);
    const loaded = await store.load();
    expect(loaded.snapshot).toEqual(metadata);
    expect(loaded.entries.map((e) => e.index)).toEqual([101]);
    expect(await sm.appliedIndex()).toBe(101);
    const membership = await store.loadMembership();
    expect(membership.confState).toEqual(metadata.confState);
    expect([...membership.members.keys()].sort()).toEqual(['n1', 'n2']);
    expect((await readAll(store)).pairs).toEqual([
      ['after', 'yes'],
      ['kept', 'new'],
      ['z', '26'],
    ]);
    // The restarted log: snapshot then the entries after it.
    const mem = MemoryStorage.fromPersisted({ snapshot: loaded.snapshot!, hardState: loaded.hardState, entries: loaded.entries });
    expect([mem.firstIndex(), mem.lastIndex(), mem.term(100)]).toEqual([101, 101, 5]);
  });

  it('a snapshot read after compaction takes the term from the snapshot metadata when applied sits on it', async () => {
    const store = await openStore();
    await store.save({ snapshot: { index: 0, term: 0, confState: conf }, entries: entries(1, 6, 3) }, true);
    await store.kvData().commit([], 6, false);
    await store.compact(6, conf);
    expect((await readAll(store)).metadata).toEqual({ index: 6, term: 3, confState: conf });
    const loaded = await store.load();
    const mem = MemoryStorage.fromPersisted({ snapshot: loaded.snapshot!, hardState: loaded.hardState, entries: loaded.entries });
    expect([mem.firstIndex(), mem.lastIndex()]).toEqual([7, 6]);
  });
});
