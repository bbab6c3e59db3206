/**
 * etcd's Txn as a raftkv Txn, and raftkv's answer as etcd's. The write
 * itself (validation, one log entry, one revision) is KvApi.txn's; this only
 * translates, and checks first the cases etcd clients recognise by message
 * (too many operations, a key written twice).
 *
 * Differences (docs/etcd-compatibility.md): no ignore_value/ignore_lease or
 * past revision inside a Txn, a Compare over a prefix whose end is not UTF-8
 * is refused, two deletes of one branch may not overlap, and
 * a range inside a Txn returns at most 10,000 keys / 2 MiB (raftkv's Txn page
 * budget); its `count` is the range's total, as etcd's (count_all).
 */
import type { Compare__Output as EtcdCompare } from '../generated/etcdserverpb/Compare';
import type { RequestOp__Output as EtcdRequestOp } from '../generated/etcdserverpb/RequestOp';
import type { ResponseOp as EtcdResponseOp } from '../generated/etcdserverpb/ResponseOp';
import type { RangeRequest__Output as EtcdRangeRequest } from '../generated/etcdserverpb/RangeRequest';
import type { TxnRequest__Output as EtcdTxnRequest } from '../generated/etcdserverpb/TxnRequest';
import type { Compare__Output } from '../generated/raftkv/kv/v1/Compare';
import type { KeyValue__Output } from '../generated/raftkv/kv/v1/KeyValue';
import type { RequestOp__Output } from '../generated/raftkv/kv/v1/RequestOp';
import type { TxnRequest__Output } from '../generated/raftkv/kv/v1/TxnRequest';
import type { TxnResponse } from '../generated/raftkv/kv/v1/TxnResponse';
import { keyRangeOf, overlaps, type KeyRange } from '../kv/key-range';
import { MAX_RANGE_LIMIT, MAX_TXN_COMPARES, MAX_TXN_OPS_PER_BRANCH } from '../kv/limits';
import { prefixEnd, TO_THE_END } from '../kv/key-range';
import { InvalidArgumentError } from '../errors';
import type { EtcdHeader } from './etcd-header';
import { etcdKeyValue, etcdRangeSpec, keyText } from './etcd-keys';
import { EtcdError, EtcdUnsupportedError } from './etcd-status';

const TARGETS = {
  VERSION: ['COMPARE_TARGET_VERSION', 'version'],
  CREATE: ['COMPARE_TARGET_CREATE_REVISION', 'create_revision'],
  MOD: ['COMPARE_TARGET_MOD_REVISION', 'mod_revision'],
  VALUE: ['COMPARE_TARGET_VALUE', 'value'],
  LEASE: ['COMPARE_TARGET_LEASE', 'lease'],
} as const;

const OPS = {
  EQUAL: 'COMPARE_OP_EQUAL',
  GREATER: 'COMPARE_OP_GREATER',
  LESS: 'COMPARE_OP_LESS',
  NOT_EQUAL: 'COMPARE_OP_NOT_EQUAL',
} as const;

function toCompare(c: EtcdCompare, path: string): Compare__Output {
  const [target, operand] = TARGETS[c.target];
  const key = keyText(c.key, `${path}.key`);
  const base = { key, range_end: compareRangeEnd(c, path), target, op: OPS[c.result], operand };
  // etcd reads the operand of the target whichever oneof member the client set (unset: 0 or empty).
  if (operand === 'value') return { ...base, value: c.value ?? Buffer.alloc(0) };
  return { ...base, [operand]: c[operand] ?? '0' };
}

/** A Compare's range_end as raftkv spells it (no prefix flag: the prefix's end, which must then be UTF-8). */
function compareRangeEnd(c: EtcdCompare, path: string): string {
  if (c.range_end.byteLength === 0) return '';
  const spec = etcdRangeSpec(c.key, c.range_end, path);
  if (spec === undefined) throw new InvalidArgumentError(`${path}.range_end`, 'must sort after key');
  if (!spec.prefix) return spec.range_end;
  const end = prefixEnd(c.key);
  return end === undefined ? TO_THE_END : keyText(end, `${path}.range_end`);
}

/** A raftkv range op for an etcd one, capped at what a raftkv Txn returns. */
function toRangeOp(r: EtcdRangeRequest, path: string): RequestOp__Output {
  if (Number(r.revision) > 0) throw new EtcdUnsupportedError(`${path}.revision: a range at a past revision is not supported inside a Txn; use Range`);
  const spec = etcdRangeSpec(r.key, r.range_end, path);
  if (spec === undefined) throw new InvalidArgumentError(`${path}.range_end`, 'must sort after key');
  const limit = Number(r.limit) > 0 && Number(r.limit) < MAX_RANGE_LIMIT ? Number(r.limit) : MAX_RANGE_LIMIT;
  // Sorting or filtering may need more keys than the limit: take the page and cut after (etcdResponseOps).
  const filtered = [r.min_mod_revision, r.max_mod_revision, r.min_create_revision, r.max_create_revision].some((v) => Number(v) > 0);
  const sorted = r.sort_order !== 'NONE' || r.sort_target !== 'KEY' || filtered;
  return {
    request: 'request_range',
    request_range: {
      ...spec,
      limit: String(sorted ? MAX_RANGE_LIMIT : limit),
      keys_only: r.keys_only,
      count_only: r.count_only,
      consistency: 'CONSISTENCY_LINEARIZABLE',
      page_token: '',
      count_all: true,
    },
  };
}

function toBranch(ops: readonly EtcdRequestOp[], name: string): RequestOp__Output[] {
  if (ops.length > MAX_TXN_OPS_PER_BRANCH) throw new EtcdError('tooManyOps');
  const out = ops.map((op, i): RequestOp__Output => {
    const path = `${name}[${i}]`;
    switch (op.request) {
      case 'request_range':
        return toRangeOp(op.request_range!, `${path}.request_range`);
      case 'request_put': {
        const p = op.request_put!;
        if (p.ignore_value || p.ignore_lease) throw new EtcdUnsupportedError(`${path}.request_put: ignore_value and ignore_lease are not supported inside a Txn; use Put`);
        if (p.key.byteLength === 0) throw new EtcdError('emptyKey');
        const key = keyText(p.key, `${path}.request_put.key`);
        return { request: 'request_put', request_put: { key, value: p.value, lease: p.lease, prev_kv: p.prev_kv, ttl_seconds: '0' } };
      }
      case 'request_delete_range': {
        const d = op.request_delete_range!;
        const spec = etcdRangeSpec(d.key, d.range_end, `${path}.request_delete_range`);
        if (spec === undefined) throw new InvalidArgumentError(`${path}.request_delete_range.range_end`, 'must sort after key');
        return { request: 'request_delete', request_delete: { ...spec, prev_kv: d.prev_kv } };
      }
      case 'request_txn':
        return { request: 'request_txn', request_txn: toTxn(op.request_txn!, `${path}.request_txn.`) };
      case undefined:
        throw new InvalidArgumentError(path, 'must set one of request_range, request_put or request_delete_range');
    }
  });
  return out;
}

function toTxn(req: EtcdTxnRequest, path: string): TxnRequest__Output {
  if (req.compare.length > MAX_TXN_COMPARES) throw new EtcdError('tooManyOps');
  return {
    compare: req.compare.map((c, i) => toCompare(c, `${path}compare[${i}]`)),
    success: toBranch(req.success, `${path}success`),
    failure: toBranch(req.failure, `${path}failure`),
  };
}

/** The raftkv Txn for an etcd TxnRequest (validated further by KvApi.txn). */
export function toRaftTxn(req: EtcdTxnRequest): TxnRequest__Output {
  const txn = toTxn(req, '');
  writesOf(txn.success);
  writesOf(txn.failure);
  return txn;
}

/**
 * etcd's duplicate-key rule (its checkIntervals), which clients know by its
 * error: a put may not share a key with another put or a delete of the same
 * branch, nested Txns' writes included; a nested Txn's two branches may put
 * the same key, as only one of them runs.
 */
function writesOf(ops: readonly RequestOp__Output[]): { puts: Set<string>; deletes: KeyRange[] } {
  const deletes = ops.flatMap((op) => (op.request === 'request_delete' && op.request_delete ? [keyRangeOf(op.request_delete)] : []));
  const deleted = (key: string): boolean => deletes.some((d) => overlaps(d, keyRangeOf({ key, range_end: '', prefix: false })));
  const puts = new Set<string>();
  for (const op of ops) {
    if (op.request !== 'request_txn' || !op.request_txn) continue;
    const then = writesOf(op.request_txn.success);
    const otherwise = writesOf(op.request_txn.failure);
    for (const key of then.puts) {
      if (puts.has(key) || deleted(key)) throw new EtcdError('duplicateKey');
      puts.add(key);
    }
    for (const key of otherwise.puts) {
      if ((puts.has(key) && !then.puts.has(key)) || deleted(key)) throw new EtcdError('duplicateKey');
      puts.add(key);
    }
    deletes.push(...then.deletes, ...otherwise.deletes);
  }
  for (const op of ops) {
    if (op.request !== 'request_put' || !op.request_put) continue;
    const key = op.request_put.key;
    if (puts.has(key) || deleted(key)) throw new EtcdError('duplicateKey');
    puts.add(key);
  }
  return { puts, deletes };
}

/** etcd's responses for a raftkv TxnResponse, each with the Txn's header; ranges sorted, filtered and cut as etcd asked. */
export function etcdResponseOps(req: EtcdTxnRequest, res: TxnResponse, header: ReturnType<EtcdHeader>): EtcdResponseOp[] {
  const branch = res.succeeded ? req.success : req.failure;
  return (res.responses ?? []).map((r, i): EtcdResponseOp => {
    if (r.response === 'response_txn' && r.response_txn) {
      const nested = branch[i]?.request_txn;
      const inner = r.response_txn;
      const responses = nested ? etcdResponseOps(nested, inner, header) : [];
      return { response: 'response_txn', response_txn: { header, succeeded: inner.succeeded === true, responses } };
    }
    if (r.response === 'response_range' && r.response_range) {
      const asked = branch[i]?.request_range;
      const page = r.response_range;
      let kvs = (page.kvs ?? []) as KeyValue__Output[];
      // count_all (toRangeOp): the whole range's keys, before filters and limit, as etcd counts.
      const count = Number(page.count ?? kvs.length);
      if (asked !== undefined && asked !== null) kvs = sortAndFilter(kvs, asked);
      const limit = asked === undefined || asked === null ? 0 : Number(asked.limit);
      const cut = limit > 0 && kvs.length > limit;
      if (cut) kvs = kvs.slice(0, limit);
      return { response: 'response_range', response_range: { header, kvs: kvs.map(etcdKeyValue), more: cut || page.more === true, count: String(count) } };
    }
    if (r.response === 'response_put' && r.response_put) {
      const prev = r.response_put.prev_kv;
      return { response: 'response_put', response_put: { header, ...(prev ? { prev_kv: etcdKeyValue(prev as KeyValue__Output) } : {}) } };
    }
    if (r.response === 'response_delete' && r.response_delete) {
      const d = r.response_delete;
      return {
        response: 'response_delete_range',
        response_delete_range: { header, deleted: String(d.deleted ?? '0'), prev_kvs: ((d.prev_kvs ?? []) as KeyValue__Output[]).map(etcdKeyValue) },
      };
    }
    return {};
  });
}

function sortAndFilter(kvs: KeyValue__Output[], r: EtcdRangeRequest): KeyValue__Output[] {
  const n = (s: string): number => Number(s);
  const [minMod, maxMod, minCreate, maxCreate] = [r.min_mod_revision, r.max_mod_revision, r.min_create_revision, r.max_create_revision].map(n) as [number, number, number, number];
  let out = kvs.filter(
    (kv) =>
      (minMod <= 0 || n(kv.mod_revision) >= minMod) &&
      (maxMod <= 0 || n(kv.mod_revision) <= maxMod) &&
      (minCreate <= 0 || n(kv.create_revision) >= minCreate) &&
      (maxCreate <= 0 || n(kv.create_revision) <= maxCreate),
  );
  const order = r.sort_order === 'NONE' && r.sort_target !== 'KEY' ? 'ASCEND' : r.sort_order;
  if (order === 'NONE') return out;
  const by = (a: KeyValue__Output, b: KeyValue__Output): number => {
    switch (r.sort_target) {
      case 'KEY':
        return Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8'));
      case 'VERSION':
        return n(a.version) - n(b.version);
      case 'CREATE':
        return n(a.create_revision) - n(b.create_revision);
      case 'MOD':
        return n(a.mod_revision) - n(b.mod_revision);
      case 'VALUE':
        return Buffer.compare(a.value, b.value);
    }
  };
  out = [...out].sort((a, b) => (order === 'DESCEND' ? by(b, a) : by(a, b)));
  return out;
}
