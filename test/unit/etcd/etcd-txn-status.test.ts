import * as grpc from '@grpc/grpc-js';
import { CompactedError, FutureRevisionError, InvalidArgumentError, LeaseNotFoundError, NoLeaderError, OutcomeUnknownError, TooLargeError } from '../../../src/errors';
import type { RequestOp__Output } from '../../../src/generated/etcdserverpb/RequestOp';
import type { TxnRequest__Output } from '../../../src/generated/etcdserverpb/TxnRequest';
import { EtcdError, EtcdUnsupportedError, etcdStatus } from '../../../src/etcd/etcd-status';
import { etcdResponseOps, toRaftTxn } from '../../../src/etcd/etcd-txn';
import type { RangeRequest__Output } from '../../../src/generated/etcdserverpb/RangeRequest';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const put = (key: string): RequestOp__Output => ({
  request: 'request_put',
  request_put: { key: b(key), value: b('v'), lease: '0', prev_kv: false, ignore_value: false, ignore_lease: false },
});
const del = (key: string, rangeEnd = ''): RequestOp__Output => ({ request: 'request_delete_range', request_delete_range: { key: b(key), range_end: b(rangeEnd), prev_kv: false } });
const txn = (success: RequestOp__Output[], over: Partial<TxnRequest__Output> = {}): TxnRequest__Output => ({ compare: [], success, failure: [], ...over });

describe('etcd Txn as a raftkv Txn', () => {
  test('compares map target and result, taking the operand of the target (0 when unset)', () => {
    const t = toRaftTxn(
      txn([], {
        compare: [
          { result: 'GREATER', target: 'MOD', key: b('k'), mod_revision: '7', range_end: Buffer.alloc(0), target_union: 'mod_revision' },
          { result: 'EQUAL', target: 'VERSION', key: b('k'), range_end: Buffer.alloc(0) },
        ],
      }),
    );
    expect(t.compare).toEqual([
      { key: 'k', range_end: '', target: 'COMPARE_TARGET_MOD_REVISION', op: 'COMPARE_OP_GREATER', operand: 'mod_revision', mod_revision: '7' },
      { key: 'k', range_end: '', target: 'COMPARE_TARGET_VERSION', op: 'COMPARE_OP_EQUAL', operand: 'version', version: '0' },
    ]);
  });

  test('a key put twice, or put and deleted, in one branch is etcd\'s duplicate key; the other branch may write it too', () => {
    expect(() => toRaftTxn(txn([put('a'), put('a')]))).toThrow(new EtcdError('duplicateKey'));
    expect(() => toRaftTxn(txn([del('a', 'c'), put('b')]))).toThrow(new EtcdError('duplicateKey'));
    expect(() => toRaftTxn(txn([put('a')], { failure: [put('a')] }))).not.toThrow();
  });

  test("more than 128 operations in a branch or compares is etcd's too many operations", () => {
    expect(() => toRaftTxn(txn(Array.from({ length: 129 }, (_, i) => put(`k${i}`))))).toThrow(new EtcdError('tooManyOps'));
    expect(() => toRaftTxn(txn(Array.from({ length: 128 }, (_, i) => put(`k${i}`))))).not.toThrow();
  });

  test('a sorted or filtered range reads a whole page, then is sorted, filtered and cut to its limit as etcd would', () => {
    const r: RangeRequest__Output = {
      key: b('k/'),
      range_end: b('k0'),
      limit: '1',
      revision: '0',
      sort_order: 'DESCEND',
      sort_target: 'MOD',
      serializable: false,
      keys_only: false,
      count_only: false,
      min_mod_revision: '2',
      max_mod_revision: '0',
      min_create_revision: '0',
      max_create_revision: '0',
    };
    const req = txn([{ request: 'request_range', request_range: r }]);
    expect(toRaftTxn(req).success[0]?.request_range?.limit).toBe('10000');
    const kv = (key: string, mod: number) => ({ key, value: b(key), create_revision: '1', mod_revision: String(mod), version: '1', lease: '0' });
    const page = { kvs: [kv('k/a', 1), kv('k/b', 3), kv('k/c', 2)], more: false, count: '3' };
    const header = { cluster_id: '1', member_id: '2', revision: '3', raft_term: '1' };
    const [op] = etcdResponseOps(req, { header: {}, succeeded: true, responses: [{ response: 'response_range', response_range: page }] }, header);
    const range = op?.response_range as { kvs: { key: Buffer }[]; more: boolean } | undefined;
    expect([range?.kvs.map((k) => k.key.toString()), range?.more]).toEqual([['k/b'], true]);
  });

  test("a nested Txn's puts clash with the puts and deletes around it, but its two branches may put the same key", () => {
    const nested = (success: RequestOp__Output[], failure: RequestOp__Output[] = []): RequestOp__Output => ({ request: 'request_txn', request_txn: txn(success, { failure }) });
    expect(toRaftTxn(txn([put('a'), nested([put('b')], [put('b')])])).success[1]?.request_txn?.success[0]?.request_put?.key).toBe('b');
    expect(() => toRaftTxn(txn([put('a'), nested([put('a')])]))).toThrow(new EtcdError('duplicateKey'));
    expect(() => toRaftTxn(txn([del('a', 'c'), nested([], [put('b')])]))).toThrow(new EtcdError('duplicateKey'));
    expect(() => toRaftTxn(txn([nested([put('a')]), nested([put('a')])]))).toThrow(new EtcdError('duplicateKey'));
  });

  test('a Compare over a range_end or a prefix keeps its end; a prefix end that is not UTF-8 is refused', () => {
    const cmp = (key: Buffer, rangeEnd: Buffer) => ({ result: 'EQUAL' as const, target: 'VERSION' as const, key, range_end: rangeEnd });
    expect(toRaftTxn(txn([], { compare: [cmp(b('a'), b('c'))] })).compare[0]?.range_end).toBe('c');
    expect(toRaftTxn(txn([], { compare: [cmp(b('a/'), b('a0'))] })).compare[0]?.range_end).toBe('a0');
    expect(toRaftTxn(txn([], { compare: [cmp(b('a'), Buffer.of(0))] })).compare[0]?.range_end).toBe('\0');
    expect(() => toRaftTxn(txn([], { compare: [cmp(b('a\x7f'), Buffer.of(0x61, 0x80))] }))).toThrow(InvalidArgumentError);
  });
});

describe("errors in etcd's words", () => {
  test.each([
    [new LeaseNotFoundError('7'), grpc.status.NOT_FOUND, 'etcdserver: requested lease not found'],
    [new CompactedError(3, 5), grpc.status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision has been compacted'],
    [new FutureRevisionError(9, 5), grpc.status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision is a future revision'],
    [new NoLeaderError(), grpc.status.UNAVAILABLE, 'etcdserver: no leader'],
    [new OutcomeUnknownError('leadership lost'), grpc.status.UNAVAILABLE, 'etcdserver: request timed out'],
    [new TooLargeError('request', 2_000_000, 1_572_864), grpc.status.INVALID_ARGUMENT, 'etcdserver: request is too large'],
    [new EtcdError('duplicateKey'), grpc.status.INVALID_ARGUMENT, 'etcdserver: duplicate key given in txn request'],
    [new EtcdUnsupportedError('ignore_value is not supported inside a Txn'), grpc.status.UNIMPLEMENTED, 'ignore_value is not supported inside a Txn'],
    [new InvalidArgumentError('key', 'must be valid UTF-8'), grpc.status.INVALID_ARGUMENT, 'key: must be valid UTF-8'],
  ])('%s', (err, code, details) => {
    expect(etcdStatus(err)).toMatchObject({ code, details });
  });

  test("a compacted read carries etcd's compact revision, the oldest still readable, in a trailer", () => {
    expect(etcdStatus(new CompactedError(3, 5)).metadata?.get('raftkv-compact-revision')).toEqual(['6']);
  });

  test('an unexpected failure stays an internal error without its text', () => {
    expect(etcdStatus(new Error('secret stack'))).toMatchObject({ code: grpc.status.INTERNAL, details: 'internal error' });
  });
});
