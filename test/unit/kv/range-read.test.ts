import { keyRangeOf } from '../../../src/kv/key-range';
import { harnesses, putOp, txn, txnCmd, type Harness } from './support';

const range = (key: string, range_end = '', prefix = false) => keyRangeOf({ key, range_end, prefix });
const opts = (o: Partial<{ limit: number; keysOnly: boolean; countOnly: boolean; maxBytes: number }> = {}) => ({
  limit: 0,
  keysOnly: false,
  countOnly: false,
  maxBytes: 0,
  ...o,
});

describe('KvStateMachine.range: pages of a consistent view', () => {
  const hs = harnesses();
  afterEach(() => hs.cleanup());

  async function seeded(keys: string[], value = 'v'): Promise<Harness> {
    const h = await hs.make();
    await h.one(txnCmd(txn(keys.map((k) => putOp(k, value)))));
    return h;
  }

  it('orders keys by their UTF-8 bytes: astral characters after every BMP one, unlike JS string order', async () => {
    const keys = ['a', '\uFFFF', '\u{1F600}', 'é', 'Z', '\u{10000}'];
    const h = await seeded(keys);
    const page = await h.machine.range(range('', '', true), opts());
    expect(page.kvs.map((kv) => kv.key)).toEqual(['Z', 'a', 'é', '\uFFFF', '\u{10000}', '\u{1F600}']);
    // A prefix ending in the highest BMP character still bounds correctly.
    expect((await h.machine.range(range('\uFFFF', '', true), opts())).kvs.map((kv) => kv.key)).toEqual(['\uFFFF']);
    expect((await h.machine.range(range('\uFFFF', '\u{1F600}'), opts())).kvs.map((kv) => kv.key)).toEqual(['\uFFFF', '\u{10000}']);
  });

  it('an empty range, a missing key and an empty store read as no keys at the current revision', async () => {
    const empty = await hs.make();
    expect(await empty.machine.range(range('', '', true), opts())).toEqual({ kvs: [], more: false, count: 0, revision: 0 });
    const h = await seeded(['a', 'c']);
    expect(await h.machine.range(range('b'), opts())).toEqual({ kvs: [], more: false, count: 0, revision: 1 });
    expect(await h.machine.range(range('b', 'c'), opts())).toMatchObject({ kvs: [], count: 0 });
    expect(await h.machine.range(range('d', '\0'), opts({ countOnly: true }))).toMatchObject({ count: 0 });
  });

  it('stops a page at limit keys and says more follow; range_end "\\0" reads to the end', async () => {
    const h = await seeded(['a', 'b', 'c', 'd', 'e']);
    const first = await h.machine.range(range('b', '\0'), opts({ limit: 2 }));
    expect(first).toMatchObject({ more: true, count: 2, revision: 1 });
    expect(first.kvs.map((kv) => kv.key)).toEqual(['b', 'c']);
    // The next page starts just after the last key (what a page token does).
    const next = await h.machine.range({ start: Buffer.from('c\0'), end: undefined, single: false }, opts({ limit: 2 }));
    expect(next.kvs.map((kv) => kv.key)).toEqual(['d', 'e']);
    expect(next.more).toBe(false);
  });

  it('stops a page once the bytes would pass maxBytes, but always returns at least one key', async () => {
    const h = await seeded(['a', 'b', 'c'], 'x'.repeat(100));
    const page = await h.machine.range(range('', '', true), opts({ maxBytes: 250 }));
    expect(page.kvs.map((kv) => kv.key)).toEqual(['a', 'b']);
    expect(page.more).toBe(true);
    expect((await h.machine.range(range('', '', true), opts({ maxBytes: 1 }))).kvs.map((kv) => kv.key)).toEqual(['a']);
    // keys_only pages weigh only the keys.
    expect((await h.machine.range(range('', '', true), opts({ maxBytes: 250, keysOnly: true }))).kvs).toHaveLength(3);
  });

  it('keys_only drops values but keeps metadata; count_only counts the whole range', async () => {
    const h = await seeded(['k1', 'k2', 'k3', 'other']);
    const keysOnly = await h.machine.range(range('k', '', true), opts({ keysOnly: true }));
    expect(keysOnly.kvs.map((kv) => [kv.key, kv.value.byteLength, kv.version])).toEqual([
      ['k1', 0, 1],
      ['k2', 0, 1],
      ['k3', 0, 1],
    ]);
    expect(await h.machine.range(range('k', '', true), opts({ countOnly: true, limit: 1 }))).toEqual({ kvs: [], more: false, count: 3, revision: 1 });
  });

  it('reads many keys in chunks without losing any', async () => {
    const h = await hs.make();
    for (let b = 0; b < 5; b += 1) await h.one(txnCmd(txn(Array.from({ length: 100 }, (_, i) => putOp(`k${String(b * 100 + i).padStart(4, '0')}`, 'v')))));
    const page = await h.machine.range(range('k', '', true), opts({ limit: 450 }));
    expect(page.kvs).toHaveLength(450);
    expect(page.more).toBe(true);
    expect(page.kvs[449]?.key).toBe('k0449');
    expect((await h.machine.range(range('k', '', true), opts({ countOnly: true }))).count).toBe(500);
  });

  it('a read sees one batch boundary: its revision matches its data while applies go on', async () => {
    const h = await hs.make();
    await h.one(txnCmd(txn([putOp('n', '0')])));
    const writes = (async () => {
      for (let i = 1; i <= 30; i += 1) await h.one(txnCmd(txn([putOp('n', String(i))])));
    })();
    for (let i = 0; i < 30; i += 1) {
      const page = await h.machine.range(range('n'), opts());
      // Put i lands at revision i + 1.
      expect(Number(Buffer.from(page.kvs[0]!.value).toString()) + 1).toBe(page.revision);
      const { kv, revision } = await h.machine.getRecord('n');
      expect(kv?.modRevision).toBe(revision);
    }
    await writes;
  });
});
