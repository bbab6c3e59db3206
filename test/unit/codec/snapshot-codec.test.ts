import { CodecError } from '../../../src/codec/raft-codec';
import { chunkPairs, decodeSnapshotChunk, encodeSnapshotChunk, type KvPair } from '../../../src/codec/snapshot-codec';

async function* from(pairs: readonly KvPair[]): AsyncGenerator<KvPair> {
  for (const p of pairs) yield p;
}

describe('InstallSnapshot chunks', () => {
  it('round-trips the header: who, term, metadata and the address book', () => {
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
    const decoded = decodeSnapshotChunk(encodeSnapshotChunk({ header }));
    expect(decoded).toEqual({ header });
  });

  it('round-trips a batch of pairs, empty values and non-ASCII keys included', () => {
    const pairs = [
      { key: 'a', value: Uint8Array.from([1, 2, 3]) },
      { key: 'ключ/é', value: new Uint8Array(0) },
    ];
    const decoded = decodeSnapshotChunk(encodeSnapshotChunk({ pairs }));
    expect('pairs' in decoded).toBe(true);
    if (!('pairs' in decoded)) return;
    expect(decoded.pairs.map((p) => [p.key, Buffer.from(p.value).toString('hex')])).toEqual([
      ['a', '010203'],
      ['ключ/é', ''],
    ]);
  });

  it('refuses bytes that are not a chunk, and a header without metadata', () => {
    expect(() => decodeSnapshotChunk(Uint8Array.from([0xff, 0xff, 0xff]))).toThrow(CodecError);
    // Field 1 (header) holding an empty SnapshotHeader: no metadata.
    expect(() => decodeSnapshotChunk(Uint8Array.from([0x0a, 0x00]))).toThrow(/no metadata/);
  });

  it('batches pairs into chunks bounded in bytes; a single larger pair goes alone', async () => {
    const value = new Uint8Array(400);
    const pairs = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value }));
    const big = { key: 'big', value: new Uint8Array(5000) };
    const chunks: (readonly KvPair[])[] = [];
    for await (const c of chunkPairs(from([...pairs, big, ...pairs]), 1000)) chunks.push(c);
    for (const c of chunks) {
      const bytes = c.reduce((n, p) => n + p.key.length + p.value.byteLength, 0);
      expect(c.length === 1 || bytes <= 1000).toBe(true);
    }
    expect(chunks.flat().map((p) => p.key)).toEqual([...pairs, big, ...pairs].map((p) => p.key));
    expect(chunks.some((c) => c.length === 1 && c[0]?.key === 'big')).toBe(true);
    const none: (readonly KvPair[])[] = [];
    for await (const c of chunkPairs(from([]))) none.push(c);
    expect(none).toEqual([]);
  });
});
