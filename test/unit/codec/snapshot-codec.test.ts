import { CodecError, protoType } from '../../../src/codec/raft-codec';
import { chunkItems, decodeSnapshotChunk, encodeSnapshotChunk, snapshotItemBytes, type SnapshotItem } from '../../../src/codec/snapshot-codec';
import type { KeyValueRecord } from '../../../src/kv/records';

async function* from(items: readonly SnapshotItem[]): AsyncGenerator<SnapshotItem> {
  for (const p of items) yield p;
}

const rec = (key: string, value: Uint8Array, extra: Partial<KeyValueRecord> = {}): SnapshotItem => ({
  record: { key, value, createRevision: 3, modRevision: 9, version: 4, lease: '0', ...extra },
});

const keyOf = (item: SnapshotItem): string => ('record' in item ? item.record.key : 'lease' in item ? `lease:${item.lease.id}` : 'auth');

describe('InstallSnapshot chunks', () => {
  const header = {
    clusterId: 'c1',
    from: 'n1',
    to: 'n3',
    term: 7,
    metadata: { index: 12_345, term: 6, confState: { voters: ['n1', 'n2', 'n3'], learners: ['n4'] } },
    members: new Map([
      ['n1', { peerAddress: '127.0.0.1:1', clientAddress: '127.0.0.1:2', autoPromote: false }],
      ['n4', { peerAddress: '127.0.0.1:3', clientAddress: '', autoPromote: true }],
    ]),
  };

  it('round-trips the header: who, term, metadata, the address book and the revision', () => {
    expect(decodeSnapshotChunk(encodeSnapshotChunk({ header }))).toEqual({ header });
    const withRevision = { ...header, revision: 2 ** 40 };
    expect(decodeSnapshotChunk(encodeSnapshotChunk({ header: withRevision }))).toEqual({ header: withRevision });
  });

  it('round-trips records with their metadata and leases, empty values, non-ASCII keys and int64 lease ids included', () => {
    const items: SnapshotItem[] = [
      rec('a', Uint8Array.from([1, 2, 3]), { lease: '9223372036854775807' }),
      rec('ключ/é😀', new Uint8Array(0)),
      { lease: { id: '9223372036854775807', ttlSeconds: 9_000_000_000 } },
      { lease: { id: '-5', ttlSeconds: 2 } },
    ];
    const decoded = decodeSnapshotChunk(encodeSnapshotChunk({ pairs: items }));
    expect('pairs' in decoded).toBe(true);
    if (!('pairs' in decoded)) return;
    expect(decoded.pairs.map((i) => ('record' in i ? { ...i.record, value: Buffer.from(i.record.value).toString('hex') } : 'lease' in i ? i.lease : 'auth' in i ? i.auth : i.alarms))).toEqual([
      { key: 'a', value: '010203', createRevision: 3, modRevision: 9, version: 4, lease: '9223372036854775807' },
      { key: 'ключ/é😀', value: '', createRevision: 3, modRevision: 9, version: 4, lease: '0' },
      { id: '9223372036854775807', ttlSeconds: 9_000_000_000 },
      { id: '-5', ttlSeconds: 2 },
    ]);
  });

  it('reads a v0.1 chunk of bare pairs as keys created at revision 1, version 1, without lease', () => {
    const legacy = protoType('raftkv.raft.v1.InstallSnapshotRequest').encode({ pairs: [{ key: 'old', value: Buffer.from('v') }] }).finish();
    const decoded = decodeSnapshotChunk(legacy);
    expect(decoded).toEqual({ pairs: [{ record: { key: 'old', value: Buffer.from('v'), createRevision: 1, modRevision: 1, version: 1, lease: '0' } }] });
  });

  it('refuses bytes that are not a chunk, and a header without metadata', () => {
    expect(() => decodeSnapshotChunk(Uint8Array.from([0xff, 0xff, 0xff]))).toThrow(CodecError);
    // Field 1 (header) holding an empty SnapshotHeader: no metadata.
    expect(() => decodeSnapshotChunk(Uint8Array.from([0x0a, 0x00]))).toThrow(/no metadata/);
  });

  it('batches items into chunks bounded in bytes; a single larger item goes alone', async () => {
    const value = new Uint8Array(400);
    const items = Array.from({ length: 10 }, (_, i) => rec(`k${i}`, value));
    const big = rec('big', new Uint8Array(5000));
    const all = [...items, big, ...items, { lease: { id: '7', ttlSeconds: 10 } }];
    const chunks: (readonly SnapshotItem[])[] = [];
    for await (const c of chunkItems(from(all), 1000)) chunks.push(c);
    for (const c of chunks) {
      const bytes = c.reduce((n, p) => n + snapshotItemBytes(p), 0);
      expect(c.length === 1 || bytes <= 1000).toBe(true);
    }
    expect(chunks.flat().map(keyOf)).toEqual(all.map(keyOf));
    expect(chunks.some((c) => c.length === 1 && c[0] !== undefined && keyOf(c[0]) === 'big')).toBe(true);
    const none: (readonly SnapshotItem[])[] = [];
    for await (const c of chunkItems(from([]))) none.push(c);
    expect(none).toEqual([]);
  });
});
