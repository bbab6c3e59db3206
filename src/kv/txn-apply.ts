/**
 * What each command does to the state (BatchState), and what it returns.
 * Runs on every node with the same input and must give the same output:
 * nothing here reads a clock, a limit that may change between releases, or
 * anything but the state and the command. An entry that is invalid at apply
 * time (a lease that does not exist, a malformed range) throws a RaftKvError;
 * the caller rolls its changes back and returns the error as the result.
 *
 * Revisions: an entry that changes at least one key takes revision + 1, and
 * every change of the entry carries it; an entry that changes no key (a
 * read-only Txn, a lease grant, a delete of nothing) leaves it as is.
 */
import { InvalidArgumentError, LeaseExistsError, LeaseNotFoundError } from '../errors';
import type { DeleteRequest__Output } from '../generated/raftkv/kv/v1/DeleteRequest';
import type { DeleteResponse__Output } from '../generated/raftkv/kv/v1/DeleteResponse';
import type { PutRequest__Output } from '../generated/raftkv/kv/v1/PutRequest';
import type { PutResponse__Output } from '../generated/raftkv/kv/v1/PutResponse';
import type { RangeRequest__Output } from '../generated/raftkv/kv/v1/RangeRequest';
import type { RangeResponse__Output } from '../generated/raftkv/kv/v1/RangeResponse';
import type { RequestOp__Output } from '../generated/raftkv/kv/v1/RequestOp';
import type { ResponseOp__Output } from '../generated/raftkv/kv/v1/ResponseOp';
import type { TxnRequest__Output } from '../generated/raftkv/kv/v1/TxnRequest';
import type { TxnResponse__Output } from '../generated/raftkv/kv/v1/TxnResponse';
import type { BatchState } from './batch-state';
import type { CommandResult, KeyCommand, LeaseGrantSpec } from './command';
import { TO_THE_END, firstPageToken, nextPageToken, prefixEnd, type KeyRange } from './key-range';
import { keyValueOutput } from './key-value-output';
import { DEFAULT_RANGE_LIMIT, MAX_RANGE_PAGE_BYTES } from './limits';
import { readPage } from './range-page';
import type { KeyValueRecord } from './records';
import { choosePath, parseInt64, type TxnPath } from './txn-compare';

/** Applies one command; throws a RaftKvError (after which the caller rolls back) when it is invalid. */
export async function applyCommand(state: BatchState, command: KeyCommand): Promise<CommandResult> {
  switch (command.op) {
    case 'put': {
      // v0.1: a plain put, which (as every put) detaches the key from any lease.
      const rev = state.revision + 1;
      await applyPut(state, { key: command.key, value: command.value, lease: '0', prevKv: false }, rev);
      state.revision = rev;
      return { found: false, revision: rev };
    }
    case 'delete': {
      const rev = state.revision + 1;
      const prev = await state.get(command.key);
      if (prev === undefined) return { found: false, revision: state.revision };
      state.delete(prev, rev);
      state.revision = rev;
      return { found: true, revision: rev };
    }
    case 'txn':
      return applyTxn(state, command.txn, command.grant);
    case 'lease-grant':
      grantLease(state, { id: command.id, ttlSeconds: command.ttlSeconds });
      return { found: false, revision: state.revision, leaseGrant: { header: null, id: command.id, ttl_seconds: String(command.ttlSeconds) } };
    case 'lease-revoke': {
      const deleted = await revokeLease(state, command.id);
      return { found: false, revision: state.revision, leaseRevoke: { header: null, deleted: String(deleted) } };
    }
  }
}

function grantLease(state: BatchState, grant: LeaseGrantSpec): void {
  if (grant.id === '0') throw new InvalidArgumentError('id', 'a lease id must not be 0');
  if (state.lease(grant.id) !== undefined) throw new LeaseExistsError(grant.id);
  state.grantLease({ id: grant.id, ttlSeconds: grant.ttlSeconds });
}

/** Deletes the lease's keys, all at one new revision (none if it had no keys), then the lease. */
async function revokeLease(state: BatchState, id: string): Promise<number> {
  if (state.lease(id) === undefined) throw new LeaseNotFoundError(id);
  const rev = state.revision + 1;
  let deleted = 0;
  for (const key of await state.leaseKeysOf(id)) {
    const prev = await state.get(key);
    // The index follows the records; a key whose record moved on is not this lease's.
    if (prev === undefined || prev.lease !== id) continue;
    state.delete(prev, rev);
    deleted += 1;
  }
  state.revokeLease(id);
  if (deleted > 0) state.revision = rev;
  return deleted;
}

async function applyTxn(state: BatchState, txn: TxnRequest__Output, grant: LeaseGrantSpec | undefined): Promise<CommandResult> {
  const rev = state.revision + 1;
  if (grant !== undefined) grantLease(state, grant);
  const path = await choosePath(state, txn, '');
  const run: BranchRun = { state, rev, grant, budget: { spent: 0 }, wrote: false };
  const response = await applyBranch(run, txn, path, '');
  if (run.wrote) state.revision = rev;
  return { found: false, revision: state.revision, txn: response };
}

/** What the operations of one Txn, nested ones included, share while they run. */
interface BranchRun {
  readonly state: BatchState;
  /** The one revision every write of the Txn takes. */
  readonly rev: number;
  readonly grant: LeaseGrantSpec | undefined;
  readonly budget: ResponseBudget;
  wrote: boolean;
}

/** Runs the branch `path` chose, in order; a nested Txn runs in place, along its own path. */
async function applyBranch(run: BranchRun, txn: TxnRequest__Output, path: TxnPath, field: string): Promise<TxnResponse__Output> {
  const branch = path.succeeded ? 'success' : 'failure';
  const ops = (path.succeeded ? txn.success : txn.failure) ?? [];
  const responses: ResponseOp__Output[] = [];
  for (const [i, op] of ops.entries()) {
    const at = `${field}${branch}[${i}]`;
    const nested = path.nested.get(i);
    if (op.request_txn && nested !== undefined) {
      responses.push({ response: 'response_txn', response_txn: await applyBranch(run, op.request_txn, nested, `${at}.request_txn.`) });
      continue;
    }
    const response = await applyOp(run.state, op, run.rev, run.grant, run.budget, at);
    if (response.response !== 'response_range') run.wrote ||= response.response === 'response_put' || response.response_delete?.deleted !== '0';
    responses.push(response);
  }
  return { header: null, succeeded: path.succeeded, responses };
}

async function applyOp(
  state: BatchState,
  op: RequestOp__Output,
  rev: number,
  grant: LeaseGrantSpec | undefined,
  budget: ResponseBudget,
  field: string,
): Promise<ResponseOp__Output> {
  // proto-loader's oneof field names the member that is set; fall back to whichever is present.
  const member = op.request ?? (op.request_put ? 'request_put' : op.request_delete ? 'request_delete' : op.request_range ? 'request_range' : undefined);
  if (member === 'request_put' && op.request_put) return { response: 'response_put', response_put: await txnPut(state, op.request_put, rev, grant, `${field}.request_put`) };
  if (member === 'request_delete' && op.request_delete) return { response: 'response_delete', response_delete: await txnDelete(state, op.request_delete, rev, `${field}.request_delete`) };
  if (member === 'request_range' && op.request_range) return { response: 'response_range', response_range: await txnRange(state, op.request_range, budget, `${field}.request_range`) };
  throw new InvalidArgumentError(field, 'sets no request');
}

async function txnPut(state: BatchState, put: PutRequest__Output, rev: number, grant: LeaseGrantSpec | undefined, field: string): Promise<PutResponse__Output> {
  let lease = canonicalId(put.lease, `${field}.lease`);
  // Put with ttl_seconds: the proposer normally names the granted lease in `lease` too.
  if (lease === '0' && grant !== undefined && (put.ttl_seconds ?? '0') !== '0') lease = grant.id;
  const prev = await applyPut(state, { key: put.key ?? '', value: put.value ?? Buffer.alloc(0), lease, prevKv: put.prev_kv ?? false }, rev, field);
  return { header: null, prev_kv: put.prev_kv && prev !== undefined ? keyValueOutput(prev) : null, lease };
}

/** Writes one key at `rev`; returns its previous record. */
async function applyPut(
  state: BatchState,
  put: { key: string; value: Uint8Array; lease: string; prevKv: boolean },
  rev: number,
  field = 'put',
): Promise<KeyValueRecord | undefined> {
  if (put.key === '') throw new InvalidArgumentError(`${field}.key`, 'must not be empty');
  if (put.lease !== '0' && state.lease(put.lease) === undefined) throw new LeaseNotFoundError(put.lease);
  const prev = await state.get(put.key);
  const value = put.value.constructor === Uint8Array ? put.value : new Uint8Array(put.value.buffer, put.value.byteOffset, put.value.byteLength);
  state.put(
    { key: put.key, value, createRevision: prev?.createRevision ?? rev, modRevision: rev, version: (prev?.version ?? 0) + 1, lease: put.lease },
    prev,
  );
  return prev;
}

async function txnDelete(state: BatchState, del: DeleteRequest__Output, rev: number, field: string): Promise<DeleteResponse__Output> {
  const range = applyRangeOf(del, field);
  const doomed: KeyValueRecord[] = [];
  for await (const record of state.scan(range)) doomed.push(record);
  for (const prev of doomed) state.delete(prev, rev);
  return { header: null, found: doomed.length > 0, deleted: String(doomed.length), prev_kvs: del.prev_kv ? doomed.map(keyValueOutput) : [] };
}

/**
 * What the range operations of one Txn have spent, together, of the one
 * MAX_RANGE_PAGE_BYTES budget of its response (see limits.ts). It counts
 * only the data read, never time, so every node cuts the same pages.
 */
interface ResponseBudget {
  spent: number;
}

async function txnRange(state: BatchState, req: RangeRequest__Output, budget: ResponseBudget, field: string): Promise<RangeResponse__Output> {
  const range = applyRangeOf(req, field);
  const limit = Number(req.limit ?? '0');
  const page = await readPage(state.scan(range), {
    limit: limit > 0 ? limit : DEFAULT_RANGE_LIMIT,
    keysOnly: req.keys_only ?? false,
    countOnly: req.count_only ?? false,
    maxBytes: MAX_RANGE_PAGE_BYTES,
    bytesSpent: budget.spent,
  });
  budget.spent += page.bytes;
  let count = page.count;
  if (req.count_all && page.more) {
    // etcd's count inside a Txn: every key of the range, however many the page holds.
    count = 0;
    const all = state.scan(range)[Symbol.asyncIterator]();
    while (!(await all.next()).done) count += 1;
  }
  // A Txn takes no page_token; the client reads the rest with Range and this
  // token. A page the spent budget left empty continues from the range's start.
  const last = page.kvs[page.kvs.length - 1];
  const next_page_token = !page.more ? '' : last !== undefined ? nextPageToken(last.key) : firstPageToken(req.key ?? '');
  return { header: null, kvs: page.kvs.map(keyValueOutput), more: page.more, count: String(count), next_page_token };
}

/**
 * The key range of an operation, as key-range.ts computes it but without
 * its size limits: those are checked when a request arrives, and a log
 * entry must apply the same however they change.
 */
function applyRangeOf(spec: { key?: string; range_end?: string; prefix?: boolean }, field: string): KeyRange {
  const key = spec.key ?? '';
  const rangeEnd = spec.range_end ?? '';
  const start = Buffer.from(key, 'utf8');
  if (spec.prefix) {
    if (rangeEnd !== '') throw new InvalidArgumentError(`${field}.range_end`, 'must be empty when prefix is set');
    return { start, end: prefixEnd(start), single: false };
  }
  if (rangeEnd === '') {
    if (key === '') throw new InvalidArgumentError(`${field}.key`, 'must not be empty');
    return { start, end: Buffer.concat([start, Buffer.of(0)]), single: true };
  }
  if (rangeEnd === TO_THE_END) return { start, end: undefined, single: false };
  const end = Buffer.from(rangeEnd, 'utf8');
  if (Buffer.compare(end, start) <= 0) throw new InvalidArgumentError(`${field}.range_end`, 'must sort after key');
  return { start, end, single: false };
}

function canonicalId(text: string | undefined, field: string): string {
  return parseInt64(text === undefined || text === '' ? '0' : text, field).toString();
}
