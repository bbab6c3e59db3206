/**
 * What each client RPC needs, by method path, for both APIs: keys read or
 * written (a Txn: every key it compares, reads or writes, nested Txns
 * included), the root role, or just a known user. A method missing from the
 * table needs the root role (a new maintenance call is closed until someone
 * says otherwise); OPEN methods need nothing, even with auth enabled.
 */
import type { KeyRange } from '../kv/key-range';
import { keyRangeOf } from '../kv/key-range';
import type { Need } from './authorizer';
import type { RangeRequest__Output as EtcdRange } from '../generated/etcdserverpb/RangeRequest';
import type { PutRequest__Output as EtcdPut } from '../generated/etcdserverpb/PutRequest';
import type { DeleteRangeRequest__Output as EtcdDelete } from '../generated/etcdserverpb/DeleteRangeRequest';
import type { TxnRequest__Output as EtcdTxn } from '../generated/etcdserverpb/TxnRequest';
import type { WatchRequest__Output as EtcdWatch } from '../generated/etcdserverpb/WatchRequest';
import type { LeaseRevokeRequest__Output as EtcdLeaseRevoke } from '../generated/etcdserverpb/LeaseRevokeRequest';
import type { PutRequest__Output as KvPut } from '../generated/raftkv/kv/v1/PutRequest';
import type { GetRequest__Output as KvGet } from '../generated/raftkv/kv/v1/GetRequest';
import type { DeleteRequest__Output as KvDelete } from '../generated/raftkv/kv/v1/DeleteRequest';
import type { RangeRequest__Output as KvRange } from '../generated/raftkv/kv/v1/RangeRequest';
import type { TxnRequest__Output as KvTxn } from '../generated/raftkv/kv/v1/TxnRequest';
import type { RequestOp__Output as KvRequestOp } from '../generated/raftkv/kv/v1/RequestOp';
import type { WatchRequest__Output as KvWatch } from '../generated/raftkv/kv/v1/WatchRequest';
import type { LeaseRevokeRequest__Output as KvLeaseRevoke } from '../generated/raftkv/kv/v1/LeaseRevokeRequest';

export interface PermissionContext {
  /** The keys attached to a lease (revoking it deletes them). */
  leaseKeys(id: string): Promise<string[]>;
}

type Rule = (request: unknown, ctx: PermissionContext) => Need[] | Promise<Need[]>;

const read = (range: KeyRange): Need => ({ kind: 'key', access: 'read', range });
const write = (range: KeyRange): Need => ({ kind: 'key', access: 'write', range });
const USER: Need[] = [{ kind: 'user' }];
const ROOT_ONLY: Need[] = [{ kind: 'root' }];

/** etcd's byte bounds: range_end empty is one key, "\0" every key from key on. */
export function etcdRange(key: Uint8Array, rangeEnd: Uint8Array): KeyRange {
  const start = Buffer.from(key);
  if (rangeEnd.byteLength === 0) return { start, end: Buffer.concat([start, Buffer.of(0)]), single: true };
  if (rangeEnd.byteLength === 1 && rangeEnd[0] === 0) return { start, end: undefined, single: false };
  return { start, end: Buffer.from(rangeEnd), single: false };
}

const single = (key: string): KeyRange => etcdRange(Buffer.from(key, 'utf8'), new Uint8Array(0));

function etcdTxnNeeds(txn: EtcdTxn): Need[] {
  const needs = (txn.compare ?? []).map((c) => read(etcdRange(c.key, c.range_end)));
  for (const op of [...(txn.success ?? []), ...(txn.failure ?? [])]) {
    if (op.request_range) needs.push(read(etcdRange(op.request_range.key, op.request_range.range_end)));
    if (op.request_put) needs.push(...etcdPutNeeds(op.request_put));
    if (op.request_delete_range) needs.push(...etcdDeleteNeeds(op.request_delete_range));
    if (op.request_txn) needs.push(...etcdTxnNeeds(op.request_txn));
  }
  return needs;
}

// prev_kv returns what was there: reading it needs read permission too (etcd).
function etcdPutNeeds(r: EtcdPut): Need[] {
  const range = etcdRange(r.key, new Uint8Array(0));
  return r.prev_kv ? [write(range), read(range)] : [write(range)];
}

function etcdDeleteNeeds(r: EtcdDelete): Need[] {
  const range = etcdRange(r.key, r.range_end);
  return r.prev_kv ? [write(range), read(range)] : [write(range)];
}

function kvDeleteNeeds(r: KvDelete, field = ''): Need[] {
  const range = keyRangeOf(r, field);
  return r.prev_kv ? [write(range), read(range)] : [write(range)];
}

function kvPutNeeds(r: KvPut): Need[] {
  const range = single(r.key);
  return r.prev_kv ? [write(range), read(range)] : [write(range)];
}

function kvOpNeeds(op: KvRequestOp, field: string): Need[] {
  if (op.request_range) return [read(keyRangeOf(op.request_range, `${field}.request_range`))];
  if (op.request_put) return kvPutNeeds(op.request_put);
  if (op.request_delete) return kvDeleteNeeds(op.request_delete, `${field}.request_delete`);
  if (op.request_txn) return kvTxnNeeds(op.request_txn, `${field}.request_txn.`);
  return [];
}

/**
 * A raftkv Txn: read on every key or range it compares or reads, write on
 * every key it writes, in both branches and nested Txns. The door checks
 * this, and the state machine again when auth moved before it applied
 * (apply-check.ts).
 */
export function kvTxnNeeds(txn: KvTxn, field = ''): Need[] {
  const needs = (txn.compare ?? []).map((c, i) => read(keyRangeOf({ key: c.key, range_end: c.range_end ?? '', prefix: false }, `${field}compare[${i}]`)));
  (txn.success ?? []).forEach((op, i) => needs.push(...kvOpNeeds(op, `${field}success[${i}]`)));
  (txn.failure ?? []).forEach((op, i) => needs.push(...kvOpNeeds(op, `${field}failure[${i}]`)));
  return needs;
}

async function revokeNeeds(id: string, ctx: PermissionContext): Promise<Need[]> {
  const keys = await ctx.leaseKeys(id);
  return keys.length === 0 ? USER : keys.map((k) => write(single(k)));
}

/** Needs nothing, even with auth enabled. */
const OPEN = new Set([
  '/raftkv.auth.v1.AuthService/Authenticate',
  '/raftkv.auth.v1.AuthService/Status',
  '/etcdserverpb.Auth/Authenticate',
  '/etcdserverpb.Auth/AuthStatus',
]);

const OPEN_PREFIXES = ['/grpc.health.v1.', '/grpc.reflection.'];

const RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  // raftkv's own API
  ['/raftkv.kv.v1.KVService/Put', (r) => kvPutNeeds(r as KvPut)],
  ['/raftkv.kv.v1.KVService/Get', (r) => [read(single((r as KvGet).key))]],
  ['/raftkv.kv.v1.KVService/Delete', (r) => kvDeleteNeeds(r as KvDelete)],
  ['/raftkv.kv.v1.KVService/Range', (r) => [read(keyRangeOf(r as KvRange))]],
  ['/raftkv.kv.v1.KVService/Txn', (r) => kvTxnNeeds(r as KvTxn)],
  ['/raftkv.kv.v1.KVService/Watch', (r) => [read(keyRangeOf(r as KvWatch))]],
  ['/raftkv.kv.v1.LeaseService/LeaseGrant', () => USER],
  ['/raftkv.kv.v1.LeaseService/LeaseRevoke', (r, ctx) => revokeNeeds((r as KvLeaseRevoke).id, ctx)],
  ['/raftkv.kv.v1.LeaseService/LeaseKeepAlive', () => USER],
  ['/raftkv.kv.v1.LeaseService/LeaseTimeToLive', () => USER],
  ['/raftkv.kv.v1.LeaseService/LeaseLeases', () => USER],
  ['/raftkv.cluster.v1.ClusterService/Status', () => USER],
  ['/raftkv.cluster.v1.ClusterService/ListMembers', () => USER],
  // etcd's API
  ['/etcdserverpb.KV/Range', (r) => [read(etcdRange((r as EtcdRange).key, (r as EtcdRange).range_end))]],
  ['/etcdserverpb.KV/Put', (r) => etcdPutNeeds(r as EtcdPut)],
  ['/etcdserverpb.KV/DeleteRange', (r) => etcdDeleteNeeds(r as EtcdDelete)],
  ['/etcdserverpb.KV/Txn', (r) => etcdTxnNeeds(r as EtcdTxn)],
  [
    '/etcdserverpb.Watch/Watch',
    (r) => {
      const create = (r as EtcdWatch).create_request;
      // Cancel and progress requests touch no key; the stream itself needs a user.
      return create ? [read(etcdRange(create.key, create.range_end))] : USER;
    },
  ],
  ['/etcdserverpb.Lease/LeaseGrant', () => USER],
  ['/etcdserverpb.Lease/LeaseRevoke', (r, ctx) => revokeNeeds((r as EtcdLeaseRevoke).ID, ctx)],
  ['/etcdserverpb.Lease/LeaseKeepAlive', () => USER],
  ['/etcdserverpb.Lease/LeaseTimeToLive', () => USER],
  ['/etcdserverpb.Lease/LeaseLeases', () => USER],
  // Clients (clientv3's endpoint sync, etcdctl endpoint status) read these as any user.
  ['/etcdserverpb.Cluster/MemberList', () => USER],
  ['/etcdserverpb.Maintenance/Status', () => USER],
]);

/** What a call to `path` with `request` needs; [] for an open method. Throws InvalidArgumentError for a malformed range. */
export function requestNeeds(path: string, request: unknown, ctx: PermissionContext): Need[] | Promise<Need[]> {
  if (OPEN.has(path) || OPEN_PREFIXES.some((p) => path.startsWith(p))) return [];
  const rule = RULES.get(path);
  if (rule === undefined) return ROOT_ONLY;
  const needs = rule(request, ctx);
  return needs instanceof Promise ? needs.then(atLeastUser) : atLeastUser(needs);
}

/** A request that names no key (an empty Txn) still needs a known user: only OPEN methods need nothing. */
function atLeastUser(needs: Need[]): Need[] {
  return needs.length === 0 ? USER : needs;
}

/** Whether a method is open to callers without credentials. */
export function isOpenMethod(path: string): boolean {
  return OPEN.has(path) || OPEN_PREFIXES.some((p) => path.startsWith(p));
}
