import { CompactedError } from '../../../src/errors';
import type { RangeRequest__Output } from '../../../src/generated/etcdserverpb/RangeRequest';
import { readEtcdRange, type EtcdRangeReader } from '../../../src/etcd/etcd-range';
import { EtcdError } from '../../../src/etcd/etcd-status';
import { inRange } from '../../../src/kv/key-range';
import { readPage } from '../../../src/kv/range-page';
import type { KeyValueRecord, WatchEvent } from '../../../src/kv/records';

/** An in-memory store with etcd-style history: every put and delete recorded with the key's previous record. */
class FakeStore implements EtcdRangeReader {
  readonly keys = new Map<string, KeyValueRecord>();
  readonly events: WatchEvent[] = [];
  rev = 0;
  compacted = 0;
  /** Called between two reads, to let a test slip a write in. */
  betweenReads: (() => void) | undefined;

  put(key: string, value: string): void {
    this.rev += 1;
    const prev = this.keys.get(key);
    const kv = { key, value: Buffer.from(value), createRevision: prev?.createRevision ?? this.rev, modRevision: this.rev, version: (prev?.version ?? 0) + 1, lease: '0' };
    this.keys.set(key, kv);
    this.events.push({ type: 'put', revision: this.rev, kv, ...(prev && { prevKv: prev }) });
  }

  del(key: string): void {
    this.rev += 1;
    const prev = this.keys.get(key)!;
    this.keys.delete(key);
    this.events.push({ type: 'delete', revision: this.rev, kv: { ...prev, modRevision: this.rev }, prevKv: prev });
  }

  revision(): number {
    return this.rev;
  }

  compactRevision(): number {
    return this.compacted;
  }

  async getRecord(key: string): ReturnType<EtcdRangeReader['getRecord']> {
    const kv = this.keys.get(key);
    return kv === undefined ? { revision: this.rev } : { kv, revision: this.rev };
  }

  async range(...[range, opts]: Parameters<EtcdRangeReader['range']>): ReturnType<EtcdRangeReader['range']> {
    const revision = this.rev;
    const sorted = [...this.keys.values()].filter((kv) => inRange(range, Buffer.from(kv.key))).sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
    async function* source(): AsyncIterable<KeyValueRecord> {
      yield* sorted;
    }
    const page = await readPage(source(), opts);
    const hook = this.betweenReads;
    this.betweenReads = undefined;
    hook?.();
    return { ...page, revision };
  }

  /** One revision per call, the smallest chunk the contract allows, so readers must loop. */
  async readHistory(from: number, to: number): Promise<WatchEvent[]> {
    if (from <= this.compacted) throw new CompactedError(from, this.compacted);
    const first = this.events.find((e) => e.revision >= from && e.revision <= to);
    return first === undefined ? [] : this.events.filter((e) => e.revision === first.revision);
  }
}

const request = (over: Partial<RangeRequest__Output> = {}): RangeRequest__Output => ({
  key: Buffer.from('k/'),
  range_end: Buffer.from('k0'),
  limit: '0',
  revision: '0',
  sort_order: 'NONE',
  sort_target: 'KEY',
  serializable: false,
  keys_only: false,
  count_only: false,
  min_mod_revision: '0',
  max_mod_revision: '0',
  min_create_revision: '0',
  max_create_revision: '0',
  ...over,
});
const prefix = { key: 'k/', range_end: '', prefix: true };
const values = (kvs: readonly KeyValueRecord[]): string[] => kvs.map((kv) => `${kv.key}=${Buffer.from(kv.value).toString()}`);

describe('etcd Range over the current keys and the history', () => {
  let store: FakeStore;
  beforeEach(() => {
    store = new FakeStore();
    store.put('k/a', '1'); // 1
    store.put('k/b', '1'); // 2
    store.put('k/a', '2'); // 3
    store.del('k/b'); // 4
    store.put('k/c', '1'); // 5
  });

  test('a read at a past revision undoes the later changes, and answers at the current revision', async () => {
    expect(values((await readEtcdRange(store, prefix, request({ revision: '2' }))).kvs)).toEqual(['k/a=1', 'k/b=1']);
    expect(values((await readEtcdRange(store, prefix, request({ revision: '4' }))).kvs)).toEqual(['k/a=2']);
    const now = await readEtcdRange(store, prefix, request({ revision: '5' }));
    expect([values(now.kvs), now.revision]).toEqual([['k/a=2', 'k/c=1'], 5]);
    expect((await readEtcdRange(store, prefix, request({ revision: '2', count_only: true }))).count).toBe(2);
  });

  test('a revision before the compact revision is compacted; one not reached yet is a future revision', async () => {
    // History after 2, as etcd's Compact(3) leaves it: 3 is readable, 2 is not.
    store.compacted = 2;
    await expect(readEtcdRange(store, prefix, request({ revision: '1' }))).rejects.toThrow(CompactedError);
    await expect(readEtcdRange(store, prefix, request({ revision: '2' }))).rejects.toThrow(CompactedError);
    expect(values((await readEtcdRange(store, prefix, request({ revision: '3' }))).kvs)).toEqual(['k/a=2', 'k/b=1']);
    await expect(readEtcdRange(store, prefix, request({ revision: '6' }))).rejects.toThrow(new EtcdError('futureRevision'));
  });

  test('limit cuts the keys but count is the whole range; a write between the two reads is never mixed in', async () => {
    const r = await readEtcdRange(store, prefix, request({ limit: '1' }));
    expect([values(r.kvs), r.more, r.count]).toEqual([['k/a=2'], true, 2]);
    store.betweenReads = () => store.put('k/d', '1');
    const raced = await readEtcdRange(store, prefix, request({ limit: '1' }));
    expect([values(raced.kvs), raced.count, raced.revision]).toEqual([['k/a=2'], 3, 6]);
  });

  test('sorts by a target (ascending unless told), filters by revisions, and drops values only after sorting', async () => {
    expect(values((await readEtcdRange(store, prefix, request({ sort_target: 'MOD' }))).kvs)).toEqual(['k/a=2', 'k/c=1']);
    expect(values((await readEtcdRange(store, prefix, request({ sort_target: 'CREATE', sort_order: 'DESCEND' }))).kvs)).toEqual(['k/c=1', 'k/a=2']);
    const byValue = await readEtcdRange(store, prefix, request({ sort_target: 'VALUE', sort_order: 'DESCEND', keys_only: true }));
    expect(byValue.kvs.map((kv) => [kv.key, kv.value.byteLength])).toEqual([['k/a', 0], ['k/c', 0]]);
    const filtered = await readEtcdRange(store, prefix, request({ min_mod_revision: '4' }));
    expect([values(filtered.kvs), filtered.count]).toEqual([['k/c=1'], 2]);
  });

  test('one key now is read by itself, keys_only and count_only as for a range', async () => {
    const one = { key: 'k/a', range_end: '', prefix: false };
    expect([values((await readEtcdRange(store, one, request())).kvs), (await readEtcdRange(store, one, request())).count]).toEqual([['k/a=2'], 1]);
    expect((await readEtcdRange(store, one, request({ keys_only: true }))).kvs[0]?.value.byteLength).toBe(0);
    expect(await readEtcdRange(store, one, request({ count_only: true }))).toEqual({ kvs: [], more: false, count: 1, revision: 5 });
    expect((await readEtcdRange(store, { ...one, key: 'k/b' }, request())).kvs).toEqual([]);
  });

  test('a range that names no key is empty at the current revision', async () => {
    expect(await readEtcdRange(store, undefined, request())).toEqual({ kvs: [], more: false, count: 0, revision: 5 });
  });
});
