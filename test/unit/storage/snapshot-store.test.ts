import { KvStateMachine } from '../../../src/kv/state-machine';
import { chunkItems, decodeSnapshotChunk, encodeSnapshotChunk, type SnapshotHeader } from '../../../src/codec/snapshot-codec';
import { CompactedError } from '../../../src/errors';
import { keyRangeOf } from '../../../src/kv/key-range';
import type { KvCommand } from '../../../src/kv/command';
import { encodeCommand } from '../../../src/kv/command';
import { MemoryStorage } from '../../../src/raft';
import { EntryType, type Entry } from '../../../src/raft/types';
import { RaftStore } from '../../../src/storage/raft-store';
import type { SnapshotItem } from '../../../src/codec/snapshot-codec';
import { emptyKvWrite, entries, stagedItems, tempDirs } from './support';

const conf = { voters: ['n1', 'n2', 'n3'], learners: [] };
const member = (port: number): { peerAddress: string; clientAddress: string; autoPromote: boolean } => ({
  peerAddress: `127.0.0.1:${port}`,
  clientAddress: '',
  autoPromote: false,
});

function put(index: number, key: string, value: string): Entry {
  return { index, term: 2, type: EntryType.Normal, data: encodeCommand({ op: 'put', key, value: Buffer.from(value) }) };
}

/** A record item as a v0.1 put would have left it: created at `revision`, version 1. */
function record(key: string, value: string, revision = 1): SnapshotItem {
  return { record: { key, value: Buffer.from(value), createRevision: revision, modRevision: revision, version: 1, lease: '0' } };
}

async function readAll(store: RaftStore): Promise<{ metadata: unknown; members: unknown; revision: number; pairs: [string, string][] }> {
  const read = await store.openSnapshotRead();
  try {
    const pairs: [string, string][] = [];
    for await (const item of read.items) if ('record' in item) pairs.push([item.record.key, Buffer.from(item.record.value).toString()]);
    return { metadata: read.metadata, members: read.members, revision: read.revision, pairs };
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
      for await (const item of read.items) if ('record' in item) pairs.push(`${item.record.key}=${Buffer.from(item.record.value).toString()}`);
      expect(pairs).toEqual(['a=1', 'b=2', 'c=3']);
      expect(read.revision).toBe(3);
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
    const staging = await stagedItems(store, [record('kept', 'new', 40), record('z', '26', 50)]);
    await sm.restore(100, () => store.installSnapshot({ metadata, members, revision: 50, staging }));
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
    await store.kvData().commit(emptyKvWrite(), 6, false);
    await store.compact(6, conf);
    expect((await readAll(store)).metadata).toEqual({ index: 6, term: 3, confState: conf });
    const loaded = await store.load();
    const mem = MemoryStorage.fromPersisted({ snapshot: loaded.snapshot!, hardState: loaded.hardState, entries: loaded.entries });
    expect([mem.firstIndex(), mem.lastIndex()]).toEqual([7, 6]);
  });

  it('round-trips the state machine through an InstallSnapshot stream: records, revision, leases and the lease index; history restarts', async () => {
    const leaderStore = await openStore();
    await leaderStore.save({ snapshot: { index: 0, term: 0, confState: conf }, entries: [], members: new Map([['n1', member(1)]]) }, true);
    const leader = new KvStateMachine(leaderStore);
    const command = (index: number, cmd: KvCommand): Entry => ({ index, term: 2, type: EntryType.Normal, data: encodeCommand(cmd) });
    const put = (key: string, value: string, lease = '0') => ({
      request: 'request_put' as const,
      request_put: { key, value: Buffer.from(value), lease, prev_kv: false, ttl_seconds: '0' },
    });
    const log = [
      command(1, { op: 'lease-grant', id: '5', ttlSeconds: 30 }),
      command(2, { op: 'lease-grant', id: '-9', ttlSeconds: 10 }),
      command(3, { op: 'txn', txn: { compare: [], success: [put('a', '1', '5'), put('b', '1')], failure: [] } }),
      command(4, { op: 'txn', txn: { compare: [], success: [put('b', '2', '5'), put('\u{1F600}', 'x', '-9')], failure: [] } }),
      command(5, { op: 'put', key: 'c', value: Buffer.from('3') }),
    ];
    await leaderStore.save({ entries: log }, true);
    await leader.apply(log);

    // Leader side: the read, chunked and encoded as the transport sends it.
    const read = await leaderStore.openSnapshotRead();
    const header: SnapshotHeader = { clusterId: 'c', from: 'n1', to: 'n2', term: 2, metadata: read.metadata, members: read.members, revision: read.revision };
    const wire: Uint8Array[] = [encodeSnapshotChunk({ header })];
    try {
      for await (const chunk of chunkItems(read.items, 64)) wire.push(encodeSnapshotChunk({ pairs: chunk }));
    } finally {
      await read.close();
    }
    expect(wire.length).toBeGreaterThan(2);

    // Follower side: decode and install through the state machine.
    const followerStore = await openStore();
    const follower = new KvStateMachine(followerStore);
    await follower.apply([command(1, { op: 'put', key: 'stale', value: Buffer.from('x') })]);
    const restored: number[] = [];
    const leaseEvents: string[] = [];
    follower.onRestored((rev) => restored.push(rev));
    follower.onLeaseChange((changes) => leaseEvents.push(...changes.map((c) => c.type)));
    const [first, ...rest] = wire.map(decodeSnapshotChunk);
    if (first === undefined || !('header' in first)) throw new Error('no header');
    const items = rest.flatMap((c) => ('pairs' in c ? c.pairs : []));
    const staging = await stagedItems(followerStore, items);
    await follower.restore(first.header.metadata.index, () =>
      followerStore.installSnapshot({ metadata: first.header.metadata, members: first.header.members, revision: first.header.revision ?? 0, staging }),
    );

    const everything = keyRangeOf({ key: '', range_end: '', prefix: true });
    const opts = { limit: 0, keysOnly: false, countOnly: false, maxBytes: 0 };
    const plainKvs = async (m: KvStateMachine) => (await m.range(everything, opts)).kvs.map((kv) => ({ ...kv, value: Buffer.from(kv.value).toString() }));
    expect(await plainKvs(follower)).toEqual(await plainKvs(leader));
    expect((await plainKvs(follower)).map((kv) => kv.key)).toEqual(['a', 'b', 'c', '\u{1F600}']);
    expect(await follower.appliedIndex()).toBe(5);
    expect(follower.revision()).toBe(3);
    expect(await follower.leases()).toEqual(await leader.leases());
    expect(await follower.leaseKeys('5')).toEqual(['a', 'b']);
    expect(await follower.leaseKeys('-9')).toEqual(['\u{1F600}']);
    expect(restored).toEqual([3]);
    expect(leaseEvents).toEqual(['reset']);
    // History restarts at the snapshot's revision.
    expect(follower.compactRevision()).toBe(3);
    await expect(follower.readHistory(3, 3, 1000)).rejects.toThrow(CompactedError);
    // The follower carries on from there, the lease index working.
    const after = await follower.apply([command(6, { op: 'lease-revoke', id: '5', expired: true })]);
    expect(after[0]?.result).toMatchObject({ revision: 4, leaseRevoke: { deleted: '2' } });
    expect((await follower.readHistory(4, 4, 1000)).map((e) => `${e.type} ${e.kv.key}`)).toEqual(['delete a', 'delete b']);
  });

  it('carries the active alarms: a follower that installs a snapshot holds the leader\'s NOSPACE and CORRUPT, and none when the leader has none', async () => {
    const command = (index: number, cmd: KvCommand): Entry => ({ index, term: 2, type: EntryType.Normal, data: encodeCommand(cmd) });
    const alarm = (index: number, action: 'activate' | 'deactivate', memberId: string, type: string): Entry => command(index, { op: 'alarm', action, memberId, alarm: type });
    /** Streams the leader's applied state into the follower, through the wire encoding, as the transport does. */
    const ship = async (from: RaftStore, to: RaftStore, sm: KvStateMachine): Promise<void> => {
      const read = await from.openSnapshotRead();
      const wire: Uint8Array[] = [];
      try {
        for await (const chunk of chunkItems(read.items)) wire.push(encodeSnapshotChunk({ pairs: chunk }));
      } finally {
        await read.close();
      }
      const items = wire.map(decodeSnapshotChunk).flatMap((c) => ('pairs' in c ? c.pairs : []));
      const staging = await stagedItems(to, items);
      await sm.restore(read.metadata.index, () => to.installSnapshot({ metadata: read.metadata, members: read.members, revision: read.revision, staging }));
    };

    const leaderStore = await openStore();
    await leaderStore.save({ snapshot: { index: 0, term: 0, confState: conf }, entries: [], members: new Map([['n1', member(1)]]) }, true);
    const leader = new KvStateMachine(leaderStore);
    const log = [command(1, { op: 'put', key: 'a', value: Buffer.from('1') }), alarm(2, 'activate', 'n1', 'NOSPACE'), alarm(3, 'activate', 'n3', 'CORRUPT')];
    await leaderStore.save({ entries: log }, true);
    await leader.apply(log);

    // The follower had raised an alarm of its own the cluster has since cleared: the snapshot's set replaces it.
    const followerStore = await openStore();
    const follower = new KvStateMachine(followerStore);
    await follower.apply([alarm(1, 'activate', 'n2', 'NOSPACE')]);
    await ship(leaderStore, followerStore, follower);
    expect(follower.alarms()).toEqual([{ memberId: 'n1', alarm: 'NOSPACE' }, { memberId: 'n3', alarm: 'CORRUPT' }]);
    // Stored, not only cached: a restart keeps them.
    const reread = new KvStateMachine(followerStore);
    await reread.appliedIndex();
    expect(reread.alarms()).toEqual(follower.alarms());

    // Every alarm disarmed on the leader: the next snapshot leaves the follower with none.
    const disarm = [alarm(4, 'deactivate', 'n1', 'NOSPACE'), alarm(5, 'deactivate', 'n3', 'CORRUPT')];
    await leaderStore.save({ entries: disarm }, true);
    await leader.apply(disarm);
    await ship(leaderStore, followerStore, follower);
    expect(follower.alarms()).toEqual([]);
  });
});
