import { CompactedError, FutureRevisionError } from '../../../src/errors';
import { decodeCommand, decodeResult, encodeCommand, encodeResult, throwIfFailed, type KvCommand } from '../../../src/kv/command';
import type { Compare__Output } from '../../../src/generated/raftkv/kv/v1/Compare';
import type { RequestOp__Output } from '../../../src/generated/raftkv/kv/v1/RequestOp';
import type { TxnRequest__Output } from '../../../src/generated/raftkv/kv/v1/TxnRequest';
import { validateRange } from '../../../src/server/kv-request-validation';
import { compare, harnesses, putOp, rangeOp, text, txn, txnCmd } from './support';

const compact = (revision: number): KvCommand => ({ op: 'compact', revision });
const nested = (t: TxnRequest__Output): RequestOp__Output => ({ request: 'request_txn', request_txn: t });
const over = (c: Compare__Output, rangeEnd: string): Compare__Output => ({ ...c, range_end: rangeEnd });

describe('KvStateMachine: Compact', () => {
  const hs = harnesses();
  afterEach(() => hs.cleanup());

  it('a compact command survives the log codec', () => {
    expect(decodeCommand(encodeCommand(compact(42)))).toEqual({ op: 'compact', revision: 42 });
  });

  it('Compact(R) keeps R watchable and drops what is before it, without a revision of its own', async () => {
    const h = await hs.make();
    for (const v of ['1', '2', '3', '4']) await h.one(txnCmd(txn([putOp('a', v)])));
    const result = await h.one(compact(3));
    expect([result.error, result.revision, h.machine.compactRevision()]).toEqual([undefined, 4, 2]);
    expect((await h.machine.readHistory(3, 4, 1 << 20)).map((e) => text(e.kv.value))).toEqual(['3', '4']);
    await expect(h.machine.readHistory(2, 4, 1 << 20)).rejects.toThrow(CompactedError);
    // It holds across a restart: the compact revision is in the same batch as the applied index.
    const again = await h.restart();
    await again.machine.appliedIndex();
    expect(again.machine.compactRevision()).toBe(2);
  });

  it('a future revision and one already compacted fail alike on every node, through the result codec, and change nothing', async () => {
    const h = await hs.make();
    for (const v of ['1', '2', '3']) await h.one(txnCmd(txn([putOp('a', v)])));
    const future = decodeResult(encodeResult(await h.one(compact(4))));
    expect(() => throwIfFailed(future)).toThrow(FutureRevisionError);
    expect(() => throwIfFailed(future)).toThrow('revision 4 is a future revision: the store is at revision 3');
    await h.one(compact(3));
    for (const r of [2, 3]) {
      const compacted = decodeResult(encodeResult(await h.one(compact(r))));
      expect(() => throwIfFailed(compacted)).toThrow(CompactedError);
    }
    expect(h.machine.compactRevision()).toBe(2);
  });
});

describe('KvStateMachine: nested Txn and Compare over a range', () => {
  const hs = harnesses();
  afterEach(() => hs.cleanup());

  it('a nested Txn runs in place at the one revision; its compares see the state before the request', async () => {
    const h = await hs.make();
    await h.one(txnCmd(txn([putOp('a', '1')])));
    const inner = txn([putOp('b', 'then'), rangeOp('a')], { compare: [compare('a', 'VALUE', 'EQUAL', '1')], failure: [putOp('b', 'else')] });
    // The outer put changes a to 2 before the nested Txn runs; its compare still sees 1, as etcd's does.
    const r = await h.one(txnCmd(txn([putOp('a', '2'), nested(inner), rangeOp('b')])));
    expect(r.revision).toBe(2);
    const [, n, read] = r.txn!.responses;
    expect(n?.response_txn?.succeeded).toBe(true);
    expect(n?.response_txn?.responses.map((x) => x.response)).toEqual(['response_put', 'response_range']);
    expect(text(n?.response_txn?.responses[1]?.response_range?.kvs[0]?.value)).toBe('2');
    expect(text(read?.response_range?.kvs[0]?.value)).toBe('then');
    expect((await h.machine.getRecord('b')).kv?.modRevision).toBe(2);
  });

  it('a range in a Txn with count_all counts the whole range past its page; validation keeps count_all inside Txns', async () => {
    const h = await hs.make();
    await h.one(txnCmd(txn([putOp('c/a', '1'), putOp('c/b', '1'), putOp('c/c', '1')])));
    const op = rangeOp('c/', { prefix: true, limit: 1 });
    const counted = { ...op, request_range: { ...op.request_range!, count_all: true } };
    const [page] = (await h.one(txnCmd(txn([counted])))).txn!.responses;
    expect([page?.response_range?.kvs.length, page?.response_range?.more, page?.response_range?.count]).toEqual([1, true, '3']);
    const [plain] = (await h.one(txnCmd(txn([op])))).txn!.responses;
    expect(plain?.response_range?.count).toBe('1');
    expect(() => validateRange(counted.request_range)).toThrow(/count_all: is supported only inside a Txn/);
  });

  it('a compare over a range holds only if every key holds; an empty range compares as one missing key', async () => {
    const h = await hs.make();
    await h.one(txnCmd(txn([putOp('p/a', '1'), putOp('p/b', '1')])));
    await h.one(txnCmd(txn([putOp('p/b', '2')])));
    const holds = async (c: Compare__Output): Promise<boolean | undefined> => (await h.one(txnCmd(txn([], { compare: [c] })))).txn?.succeeded;
    expect(await holds(over(compare('p/', 'VERSION', 'GREATER', 0), 'p0'))).toBe(true);
    expect(await holds(over(compare('p/', 'VERSION', 'EQUAL', 1), 'p0'))).toBe(false);
    expect(await holds(over(compare('p/a', 'VERSION', 'EQUAL', 1), 'p/b'))).toBe(true);
    expect(await holds(over(compare('q/', 'VERSION', 'EQUAL', 0), 'q0'))).toBe(true);
    expect(await holds(over(compare('q/', 'VALUE', 'EQUAL', ''), 'q0'))).toBe(false);
    expect(await holds(over(compare('p/', 'MOD_REVISION', 'LESS', 3), '\0'))).toBe(true);
  });
});
