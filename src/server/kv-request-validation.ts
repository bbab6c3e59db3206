/**
 * Checks KV requests before anything runs and turns them into the exact
 * shape that is proposed or read: every limit of src/kv/limits.ts, enums,
 * int64 fields, key ranges and the Txn rules (counts, one write per key per
 * branch, operands that match their target). Errors name the field path as
 * a client wrote it ("success[3].request_put.key") and the limit.
 *
 * Pure functions: no node, no state. The size of a whole write (its log
 * entry) is checked where the command is encoded (kv-api-impl.ts).
 */
import { InvalidArgumentError, TooLargeError } from '../errors';
import { Consistency } from '../generated/raftkv/kv/v1/Consistency';
import { CompareOp } from '../generated/raftkv/kv/v1/CompareOp';
import { CompareTarget } from '../generated/raftkv/kv/v1/CompareTarget';
import type { Compare__Output } from '../generated/raftkv/kv/v1/Compare';
import type { DeleteRequest__Output } from '../generated/raftkv/kv/v1/DeleteRequest';
import type { PutRequest__Output } from '../generated/raftkv/kv/v1/PutRequest';
import type { RangeRequest__Output } from '../generated/raftkv/kv/v1/RangeRequest';
import type { RequestOp__Output } from '../generated/raftkv/kv/v1/RequestOp';
import type { TxnRequest__Output } from '../generated/raftkv/kv/v1/TxnRequest';
import { inRange, keyRangeOf, overlaps, type KeyRange } from '../kv/key-range';
import {
  DEFAULT_RANGE_LIMIT,
  MAX_KEY_BYTES,
  MAX_LEASE_TTL_SECONDS,
  MAX_RANGE_LIMIT,
  MAX_TXN_COMPARES,
  MAX_TXN_OPS_PER_BRANCH,
  MIN_LEASE_TTL_SECONDS,
} from '../kv/limits';
import { validateKey, validateValue, validateWellFormed } from '../kv/validate';

/** Joins a field path: at("", "key") = "key", at("success[1].request_put", "key") = "success[1].request_put.key". */
function at(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

/**
 * proto-loader (enums: String) gives a known enum value as its name and an
 * unknown one as its number; the error lists the valid names with their numbers.
 */
export function parseEnum<N extends string>(field: string, value: unknown, names: Readonly<Record<string, N>>): N {
  const valid = Object.values(names);
  if (typeof value === 'string' && (valid as readonly string[]).includes(value)) return value as N;
  throw new InvalidArgumentError(field, `unknown value ${String(value)}; expected ${listEnum(valid)}`);
}

function listEnum(names: readonly string[]): string {
  const each = names.map((n, i) => `${n} (${i})`);
  return each.length < 2 ? each.join('') : `${each.slice(0, -1).join(', ')} or ${each[each.length - 1]}`;
}

export type ConsistencyName = (typeof Consistency)[keyof typeof Consistency];

export function parseConsistency(value: unknown, field = 'consistency'): ConsistencyName {
  return parseEnum(field, value, Consistency);
}

/** Whether a read must go through the read index (UNSPECIFIED means linearizable). */
export function isLinearizable(consistency: ConsistencyName): boolean {
  return consistency !== 'CONSISTENCY_SERIALIZABLE';
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * An int64 field (a decimal string from proto-loader; a JS number from a
 * hand-built request) as a bigint in [min, max].
 */
export function parseInt64(field: string, value: unknown, min: bigint, max: bigint = INT64_MAX): bigint {
  let n: bigint;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) n = BigInt(value);
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else throw new InvalidArgumentError(field, `must be an integer (got ${JSON.stringify(value)})`);
  if (n < min || n > max) throw new InvalidArgumentError(field, `must be between ${min} and ${max} (got ${n})`);
  return n;
}

/** A revision, version or count operand: non-negative and exact as a JS number. */
function parseCounter(field: string, value: unknown): string {
  return parseInt64(field, value, 0n, BigInt(Number.MAX_SAFE_INTEGER)).toString();
}

/** A revision a request names: non-negative and exact as a JS number. */
export function parseRevision(field: string, value: unknown): string {
  return parseCounter(field, value);
}

/** A lease id: "0" (none) or a positive int64, as its canonical decimal string. */
export function parseLeaseId(field: string, value: unknown): string {
  return parseInt64(field, value, 0n).toString();
}

// ---- Put ----

export interface ValidPut {
  /** The put as it is proposed: lease canonical, ttl_seconds "0". */
  readonly put: PutRequest__Output;
  /** Seconds of the lease to grant with the put (ttl_seconds), if asked. */
  readonly grantTtlSeconds?: number;
}

export function validatePut(req: PutRequest__Output, path = '', inTxn = false): ValidPut {
  validateKey(req.key, at(path, 'key'));
  validateValue(req.value, at(path, 'value'));
  const lease = parseLeaseId(at(path, 'lease'), req.lease);
  const ttl = parseInt64(at(path, 'ttl_seconds'), req.ttl_seconds, -INT64_MAX - 1n);
  const put: PutRequest__Output = { key: req.key, value: req.value, lease, prev_kv: req.prev_kv, ttl_seconds: '0' };
  if (ttl === 0n) return { put };
  if (inTxn) {
    throw new InvalidArgumentError(at(path, 'ttl_seconds'), 'is not allowed inside a Txn; grant a lease first (LeaseGrant) and put with lease');
  }
  if (lease !== '0') throw new InvalidArgumentError(at(path, 'ttl_seconds'), 'and lease are exclusive: set one of them');
  if (ttl < BigInt(MIN_LEASE_TTL_SECONDS) || ttl > BigInt(MAX_LEASE_TTL_SECONDS)) {
    throw new InvalidArgumentError(
      at(path, 'ttl_seconds'),
      `must be between ${MIN_LEASE_TTL_SECONDS} and ${MAX_LEASE_TTL_SECONDS} seconds (got ${ttl})`,
    );
  }
  return { put, grantTtlSeconds: Number(ttl) };
}

// ---- Delete ----

export interface ValidDelete {
  readonly delete: DeleteRequest__Output;
  readonly range: KeyRange;
}

export function validateDelete(req: DeleteRequest__Output, path = ''): ValidDelete {
  const range = keyRangeOf(req, path);
  return { delete: { key: req.key, range_end: req.range_end, prefix: req.prefix, prev_kv: req.prev_kv }, range };
}

// ---- Range ----

export interface ValidRange {
  /** The request with an explicit limit (never 0). */
  readonly request: RangeRequest__Output;
  /** The keys the request names. */
  readonly range: KeyRange;
  /** The keys this page reads: `range` from the page token on. */
  readonly page: KeyRange;
  readonly limit: number;
  readonly consistency: ConsistencyName;
}

export function validateRange(req: RangeRequest__Output, path = '', inTxn = false): ValidRange {
  const range = keyRangeOf(req, path);
  const asked = parseInt64(at(path, 'limit'), req.limit, 0n, BigInt(MAX_RANGE_LIMIT));
  const limit = asked === 0n ? DEFAULT_RANGE_LIMIT : Number(asked);
  const consistency = parseConsistency(req.consistency, at(path, 'consistency'));
  let page = range;
  if (req.page_token !== '') {
    if (inTxn) throw new InvalidArgumentError(at(path, 'page_token'), 'is not supported inside a Txn; page with Range');
    page = pageOf(range, req.page_token, at(path, 'page_token'));
  }
  // A page outside a Txn is counted by count_only; counting all inside a Txn is etcd's (its Txn has no paging).
  if (req.count_all && !inTxn) throw new InvalidArgumentError(at(path, 'count_all'), 'is supported only inside a Txn; use count_only');
  const request: RangeRequest__Output = { ...req, limit: String(limit), consistency };
  return { request, range, page, limit, consistency };
}

/**
 * The part of `range` from `token` on. A token is the last key of a page
 * plus "\0", so it is at most one byte longer than a key and must lie in the
 * range it continues: anything else is a token from another request.
 */
function pageOf(range: KeyRange, token: string, field: string): KeyRange {
  // A lone surrogate would become U+FFFD in UTF-8 and continue from some other key.
  validateWellFormed(token, field);
  const start = Buffer.from(token, 'utf8');
  if (start.byteLength > MAX_KEY_BYTES + 1) throw new TooLargeError(field, start.byteLength, MAX_KEY_BYTES + 1);
  if (!inRange(range, start)) {
    throw new InvalidArgumentError(field, 'lies outside the requested range; send the same key, range_end and prefix as the first page');
  }
  return { start, end: range.end, single: false };
}

/** The token that continues after `lastKey` (defined with the key ranges). */
export { nextPageToken } from '../kv/key-range';

// ---- Txn ----

/** Which oneof member carries the operand of each target. */
const OPERAND_OF: Readonly<Record<string, NonNullable<Compare__Output['operand']>>> = {
  COMPARE_TARGET_VALUE: 'value',
  COMPARE_TARGET_VERSION: 'version',
  COMPARE_TARGET_CREATE_REVISION: 'create_revision',
  COMPARE_TARGET_MOD_REVISION: 'mod_revision',
  COMPARE_TARGET_LEASE: 'lease',
};

export function validateCompare(c: Compare__Output, path: string): Compare__Output {
  const target = parseEnum(at(path, 'target'), c.target, CompareTarget);
  const op = parseEnum(at(path, 'op'), c.op, CompareOp);
  if (target === 'COMPARE_TARGET_UNSPECIFIED') throw new InvalidArgumentError(at(path, 'target'), 'must be set');
  if (op === 'COMPARE_OP_UNSPECIFIED') throw new InvalidArgumentError(at(path, 'op'), 'must be set');
  const operand = OPERAND_OF[target]!;
  if (c.operand !== operand) {
    const got = c.operand === undefined ? 'no operand' : c.operand;
    throw new InvalidArgumentError(at(path, operand), `must be set for target ${target} (got ${got})`);
  }
  // A compare over [key, range_end): every key of the range must satisfy it (etcd's rule).
  const rangeEnd = c.range_end ?? '';
  if (rangeEnd !== '') keyRangeOf({ key: c.key, range_end: rangeEnd, prefix: false }, path);
  else validateKey(c.key, at(path, 'key'));
  const base = { key: c.key, range_end: rangeEnd, target, op, operand };
  switch (operand) {
    case 'value':
      validateValue(c.value ?? Buffer.alloc(0), at(path, 'value'));
      return { ...base, value: c.value ?? Buffer.alloc(0) };
    case 'lease':
      return { ...base, lease: parseLeaseId(at(path, 'lease'), c.lease) };
    case 'version':
    case 'create_revision':
    case 'mod_revision':
      return { ...base, [operand]: parseCounter(at(path, operand), c[operand]) };
  }
}

interface Write {
  readonly field: string;
  readonly range: KeyRange;
}

/**
 * A branch's operations, and every key range they (or the Txns nested in
 * them) write. A branch writes each key at most once; a nested Txn's two
 * branches never both run, so they may write the same keys as each other,
 * but not as the rest of the branch around them.
 */
function validateBranch(ops: readonly RequestOp__Output[], name: string): { ops: RequestOp__Output[]; writes: Write[] } {
  if (ops.length > MAX_TXN_OPS_PER_BRANCH) {
    throw new InvalidArgumentError(name, `has ${ops.length} operations, over the limit of ${MAX_TXN_OPS_PER_BRANCH}`);
  }
  const writes: Write[] = [];
  const clashOf = (w: Write): void => {
    const clash = writes.find((o) => overlaps(o.range, w.range));
    if (clash !== undefined) {
      throw new InvalidArgumentError(w.field, `writes a key that ${clash.field} also writes; a Txn branch may write each key at most once`);
    }
  };
  const claim = (w: Write): void => {
    clashOf(w);
    writes.push(w);
  };
  const valid = ops.map((op, i): RequestOp__Output => {
    const path = `${name}[${i}]`;
    if (op.request === 'request_put' && op.request_put) {
      const { put } = validatePut(op.request_put, `${path}.request_put`, true);
      claim({ field: `${path}.request_put.key`, range: keyRangeOf({ key: put.key, range_end: '', prefix: false }) });
      return { request: 'request_put', request_put: put };
    }
    if (op.request === 'request_delete' && op.request_delete) {
      const valid = validateDelete(op.request_delete, `${path}.request_delete`);
      claim({ field: `${path}.request_delete`, range: valid.range });
      return { request: 'request_delete', request_delete: valid.delete };
    }
    if (op.request === 'request_range' && op.request_range) {
      return { request: 'request_range', request_range: validateRange(op.request_range, `${path}.request_range`, true).request };
    }
    if (op.request === 'request_txn' && op.request_txn) {
      const nested = validateNestedTxn(op.request_txn, `${path}.request_txn`);
      nested.writes.forEach(clashOf);
      writes.push(...nested.writes);
      return { request: 'request_txn', request_txn: nested.txn };
    }
    throw new InvalidArgumentError(path, 'must set one of request_range, request_put, request_delete or request_txn');
  });
  return { ops: valid, writes };
}

function validateNestedTxn(req: TxnRequest__Output, path: string): { txn: TxnRequest__Output; writes: Write[] } {
  if (req.compare.length > MAX_TXN_COMPARES) {
    throw new InvalidArgumentError(at(path, 'compare'), `has ${req.compare.length} compares, over the limit of ${MAX_TXN_COMPARES}`);
  }
  const success = validateBranch(req.success, at(path, 'success'));
  const failure = validateBranch(req.failure, at(path, 'failure'));
  return {
    txn: { compare: req.compare.map((c, i) => validateCompare(c, `${at(path, 'compare')}[${i}]`)), success: success.ops, failure: failure.ops },
    writes: [...success.writes, ...failure.writes],
  };
}

/** The Txn as it is proposed. Its encoded size is checked by the caller. */
export function validateTxn(req: TxnRequest__Output): TxnRequest__Output {
  if (req.compare.length > MAX_TXN_COMPARES) {
    throw new InvalidArgumentError('compare', `has ${req.compare.length} compares, over the limit of ${MAX_TXN_COMPARES}`);
  }
  return {
    compare: req.compare.map((c, i) => validateCompare(c, `compare[${i}]`)),
    success: validateBranch(req.success, 'success').ops,
    failure: validateBranch(req.failure, 'failure').ops,
  };
}
