/**
 * The commands replicated through the Raft log and the results of applying
 * them, encoded as raftkv.raft.v1.Command / CommandResult (command.proto).
 * Encoded commands live in the log forever: decoding must accept every
 * version ever written, so fields are only ever added.
 *
 * Transactions travel as kv.proto's TxnRequest and come back as TxnResponse,
 * in the generated `__Output` shapes the gRPC handlers use (snake_case, int64
 * as decimal strings); proto-case.ts converts to and from protobufjs.
 */
import { fromOutputShape, toOutputShape } from '../codec/proto-case';
import { protoType } from '../codec/raft-codec';
import { AuthStateError, authStateErrorKind, CompactedError, FailedPreconditionError, FutureRevisionError, InvalidArgumentError, LeaseExistsError, LeaseNotFoundError, PermissionDeniedError, RaftKvError } from '../errors';
import { authChangeFromWire, authChangeToWire, type AuthCommandWire } from '../auth/auth-codec';
import type { AuthChange } from '../auth/auth-state';
import type { LeaseGrantResponse__Output } from '../generated/raftkv/kv/v1/LeaseGrantResponse';
import type { LeaseRevokeResponse__Output } from '../generated/raftkv/kv/v1/LeaseRevokeResponse';
import type { TxnRequest__Output } from '../generated/raftkv/kv/v1/TxnRequest';
import type { TxnResponse__Output } from '../generated/raftkv/kv/v1/TxnResponse';

const CommandProto = protoType('raftkv.raft.v1.Command');
const CommandResultProto = protoType('raftkv.raft.v1.CommandResult');
const TxnRequestProto = protoType('raftkv.kv.v1.TxnRequest');
const TxnResponseProto = protoType('raftkv.kv.v1.TxnResponse');
const LeaseGrantResponseProto = protoType('raftkv.kv.v1.LeaseGrantResponse');
const LeaseRevokeResponseProto = protoType('raftkv.kv.v1.LeaseRevokeResponse');

/** A lease to grant: id is a canonical decimal int64, never "0". */
export interface LeaseGrantSpec {
  readonly id: string;
  readonly ttlSeconds: number;
}

/**
 * Records a member's client address, or (etcd's MemberUpdate) a new peer
 * address, in the address book (not a key change: no revision); an empty
 * address is kept as recorded. Applied by the state machine with the driver,
 * not by txn-apply.
 */
export interface MemberUpdateCommand {
  readonly op: 'member-update';
  readonly id: string;
  readonly clientAddress: string;
  readonly peerAddress?: string;
}

/**
 * Drops the history before `revision` on every node (etcd's Compact): that
 * revision stays readable and watchable, older ones do not. Not a key change:
 * no revision of its own. Applied by the state machine (compact-apply.ts).
 */
export interface CompactCommand {
  readonly op: 'compact';
  readonly revision: number;
}

/** Raises or clears a cluster-wide alarm (alarms.ts); no key changes. */
export interface AlarmCommand {
  readonly op: 'alarm';
  readonly action: 'activate' | 'deactivate';
  readonly memberId: string;
  /** An AlarmType; kept a string here so a log entry naming a type this version does not know still decodes (and applies as a no-op). */
  readonly alarm: string;
}

/**
 * Who proposed a client's command and the auth revision (AuthState.revision)
 * its permissions were checked against at the door: a node applying it under
 * a later auth revision checks them again (src/auth/apply-check.ts). `user`
 * is "" when auth was disabled at the door.
 */
export interface AuthStamp {
  readonly user: string;
  readonly revision: number;
}

/** A change to users, roles or the enabled flag (src/auth): no key changes, no revision. */
export interface AuthCommand {
  readonly op: 'auth';
  readonly change: AuthChange;
}

/**
 * The consistency check's point: every member hashes its state exactly as of
 * this entry (the state machine ends its batch here). Changes nothing.
 */
export interface HashCheckCommand {
  readonly op: 'hash-check';
}

/** A member's digest of its state as of the hash-check entry at `index` (corruption-check.ts). Changes nothing. */
export interface HashReportCommand {
  readonly op: 'hash-report';
  readonly index: number;
  readonly memberId: string;
  readonly hash: string;
  /** HASH_FORMAT of the member that hashed (state-hash.ts); 0 from a report that names none. */
  readonly format: number;
}

export type KvCommand =
  /** v0.1: a plain put (no lease). Still applied exactly so: old log entries must replay. */
  | { readonly op: 'put'; readonly key: string; readonly value: Uint8Array }
  /** v0.1: delete one key; the result's `found` says whether it existed. */
  | { readonly op: 'delete'; readonly key: string }
  /** Put, Delete and Txn since v0.2. `grant` is granted first, at the same revision (Put with ttl_seconds). */
  | { readonly op: 'txn'; readonly txn: TxnRequest__Output; readonly grant?: LeaseGrantSpec; readonly stamp?: AuthStamp }
  | { readonly op: 'lease-grant'; readonly id: string; readonly ttlSeconds: number }
  /** `expired`: revoked by the leader's lease keeper rather than a client (logs and metrics only). */
  | { readonly op: 'lease-revoke'; readonly id: string; readonly expired: boolean; readonly stamp?: AuthStamp }
  | MemberUpdateCommand
  | CompactCommand
  | AlarmCommand
  | AuthCommand
  | HashCheckCommand
  | HashReportCommand;

/** The commands that change keys and leases (txn-apply.ts). */
export type KeyCommand = Exclude<KvCommand, MemberUpdateCommand | CompactCommand | AlarmCommand | AuthCommand | HashCheckCommand | HashReportCommand>;

/** A failure decided at apply time, alike on every node; nothing was changed. */
export interface CommandError {
  /** A raftkv error code (src/errors.ts). */
  readonly code: string;
  readonly message: string;
}

export interface CommandResult {
  /** For a v0.1 delete: whether the key existed; for a member-update: whether the member did. False otherwise. */
  readonly found: boolean;
  /** The store revision after the entry was applied (unchanged when it changed no key). */
  readonly revision: number;
  /** Headers inside are null: the API fills them in. */
  readonly txn?: TxnResponse__Output;
  readonly leaseGrant?: LeaseGrantResponse__Output;
  readonly leaseRevoke?: LeaseRevokeResponse__Output;
  readonly error?: CommandError;
}

/** Raised when bytes from the log do not hold a command. */
export class MalformedCommandError extends Error {
  override readonly name = 'MalformedCommandError';
}

type Int64 = number | string | { toString(): string };

interface LeaseGrantWire {
  id?: Int64;
  ttlSeconds?: Int64;
}

interface CommandWire {
  put?: { key?: string; value?: Uint8Array } | null;
  delete?: { key?: string } | null;
  txn?: { txn?: object | null; grant?: LeaseGrantWire | null } | null;
  leaseGrant?: LeaseGrantWire | null;
  leaseRevoke?: { id?: Int64; expired?: boolean } | null;
  memberUpdate?: { id?: string; clientAddress?: string; peerAddress?: string } | null;
  compact?: { revision?: Int64 } | null;
  alarm?: { activate?: boolean; memberId?: string; alarm?: string } | null;
  auth?: AuthCommandWire | null;
  hashCheck?: object | null;
  hashReport?: { index?: Int64; memberId?: string; hash?: string; format?: number } | null;
  stamp?: { user?: string; authRevision?: Int64 } | null;
}

/** Never empty: even a put of "" to "" carries the oneof's tag, so empty entry data stays the leader's no-op. */
export function encodeCommand(cmd: KvCommand): Uint8Array {
  let wire: CommandWire;
  switch (cmd.op) {
    case 'put':
      wire = { put: { key: cmd.key, value: cmd.value } };
      break;
    case 'delete':
      wire = { delete: { key: cmd.key } };
      break;
    case 'txn':
      wire = {
        txn: {
          txn: fromOutputShape(TxnRequestProto, cmd.txn),
          ...(cmd.grant !== undefined && { grant: { id: cmd.grant.id, ttlSeconds: cmd.grant.ttlSeconds } }),
        },
      };
      break;
    case 'lease-grant':
      wire = { leaseGrant: { id: cmd.id, ttlSeconds: cmd.ttlSeconds } };
      break;
    case 'lease-revoke':
      wire = { leaseRevoke: { id: cmd.id, expired: cmd.expired } };
      break;
    case 'member-update':
      wire = { memberUpdate: { id: cmd.id, clientAddress: cmd.clientAddress, ...(cmd.peerAddress && { peerAddress: cmd.peerAddress }) } };
      break;
    case 'compact':
      wire = { compact: { revision: cmd.revision } };
      break;
    case 'alarm':
      wire = { alarm: { activate: cmd.action === 'activate', memberId: cmd.memberId, alarm: cmd.alarm } };
      break;
    case 'auth':
      wire = { auth: authChangeToWire(cmd.change) };
      break;
    case 'hash-check':
      wire = { hashCheck: {} };
      break;
    case 'hash-report':
      wire = { hashReport: { index: cmd.index, memberId: cmd.memberId, hash: cmd.hash, format: cmd.format } };
      break;
  }
  const stamp = 'stamp' in cmd ? cmd.stamp : undefined;
  if (stamp !== undefined) wire.stamp = { user: stamp.user, authRevision: stamp.revision };
  return CommandProto.encode(CommandProto.fromObject(wire)).finish();
}

const EMPTY_TXN: TxnRequest__Output = { compare: [], success: [], failure: [] };

/** Throws MalformedCommandError for bytes that are not a Command or hold no op. */
export function decodeCommand(bytes: Uint8Array): KvCommand {
  let message: ReturnType<typeof CommandProto.decode>;
  try {
    message = CommandProto.decode(bytes);
  } catch (err) {
    throw new MalformedCommandError(`not a command: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const wire = message as unknown as CommandWire;
  const stamp = wire.stamp ? { stamp: { user: wire.stamp.user ?? '', revision: int64Number(wire.stamp.authRevision) } } : {};
  // protobufjs leaves an unset oneof member at its prototype default (null).
  if (wire.put) return { op: 'put', key: wire.put.key ?? '', value: wire.put.value ?? new Uint8Array(0) };
  if (wire.delete) return { op: 'delete', key: wire.delete.key ?? '' };
  if (wire.txn) {
    const inner = wire.txn.txn;
    const txn = inner ? toOutputShape<TxnRequest__Output>(TxnRequestProto, inner as ReturnType<typeof TxnRequestProto.decode>) : EMPTY_TXN;
    const grant = wire.txn.grant ? { id: int64String(wire.txn.grant.id), ttlSeconds: int64Number(wire.txn.grant.ttlSeconds) } : undefined;
    return grant === undefined ? { op: 'txn', txn, ...stamp } : { op: 'txn', txn, grant, ...stamp };
  }
  if (wire.leaseGrant) return { op: 'lease-grant', id: int64String(wire.leaseGrant.id), ttlSeconds: int64Number(wire.leaseGrant.ttlSeconds) };
  if (wire.leaseRevoke) return { op: 'lease-revoke', id: int64String(wire.leaseRevoke.id), expired: wire.leaseRevoke.expired ?? false, ...stamp };
  if (wire.memberUpdate) {
    const { id = '', clientAddress = '', peerAddress = '' } = wire.memberUpdate;
    return peerAddress === '' ? { op: 'member-update', id, clientAddress } : { op: 'member-update', id, clientAddress, peerAddress };
  }
  if (wire.compact) return { op: 'compact', revision: int64Number(wire.compact.revision) };
  if (wire.alarm) return { op: 'alarm', action: wire.alarm.activate === true ? 'activate' : 'deactivate', memberId: wire.alarm.memberId ?? '', alarm: wire.alarm.alarm ?? '' };
  if (wire.auth) {
    const change = authChangeFromWire(wire.auth);
    if (change === undefined) throw new MalformedCommandError('auth command names no known operation');
    return { op: 'auth', change };
  }
  if (wire.hashCheck) return { op: 'hash-check' };
  if (wire.hashReport) {
    const { index, memberId = '', hash = '', format = 0 } = wire.hashReport;
    return { op: 'hash-report', index: int64Number(index), memberId, hash, format };
  }
  throw new MalformedCommandError('command sets no operation');
}

export function encodeResult(result: CommandResult): Uint8Array {
  const wire: Record<string, unknown> = { found: result.found, revision: result.revision };
  if (result.txn !== undefined) wire['txn'] = fromOutputShape(TxnResponseProto, result.txn);
  else if (result.leaseGrant !== undefined) wire['leaseGrant'] = fromOutputShape(LeaseGrantResponseProto, result.leaseGrant);
  else if (result.leaseRevoke !== undefined) wire['leaseRevoke'] = fromOutputShape(LeaseRevokeResponseProto, result.leaseRevoke);
  if (result.error !== undefined) wire['error'] = { code: result.error.code, message: result.error.message };
  return CommandResultProto.encode(CommandResultProto.fromObject(wire)).finish();
}

interface ResultWire {
  found?: boolean;
  revision?: Int64;
  txn?: object | null;
  leaseGrant?: object | null;
  leaseRevoke?: object | null;
  error?: { code?: string; message?: string } | null;
}

export function decodeResult(bytes: Uint8Array): CommandResult {
  const wire = CommandResultProto.decode(bytes) as unknown as ResultWire;
  type Decoded = ReturnType<typeof CommandResultProto.decode>;
  return {
    found: wire.found ?? false,
    revision: int64Number(wire.revision),
    ...(wire.txn && { txn: toOutputShape<TxnResponse__Output>(TxnResponseProto, wire.txn as Decoded) }),
    ...(wire.leaseGrant && { leaseGrant: toOutputShape<LeaseGrantResponse__Output>(LeaseGrantResponseProto, wire.leaseGrant as Decoded) }),
    ...(wire.leaseRevoke && { leaseRevoke: toOutputShape<LeaseRevokeResponse__Output>(LeaseRevokeResponseProto, wire.leaseRevoke as Decoded) }),
    ...(wire.error && { error: { code: wire.error.code ?? '', message: wire.error.message ?? '' } }),
  };
}

/** The error a result carries, as the CommandError to put in it. */
export function commandError(err: RaftKvError): CommandError {
  return { code: err.code, message: err.message };
}

/**
 * Throws the raftkv error a failed result carries (LeaseNotFoundError,
 * LeaseExistsError, InvalidArgumentError, FailedPreconditionError,
 * CompactedError, FutureRevisionError), so the
 * API maps it to its status; an unknown code becomes a plain Error (INTERNAL).
 */
export function throwIfFailed(result: CommandResult): void {
  const e = result.error;
  if (e === undefined) return;
  throw errorFromResult(e);
}

function errorFromResult(e: CommandError): Error {
  const authKind = authStateErrorKind(e.code);
  if (authKind !== undefined) return new AuthStateError(authKind, e.message);
  switch (e.code) {
    case 'RAFTKV_ERR_PERMISSION_DENIED':
      return PermissionDeniedError.fromMessage(e.message);
    case 'RAFTKV_ERR_LEASE_NOT_FOUND':
      return new LeaseNotFoundError(/^lease (-?\d+) /.exec(e.message)?.[1] ?? '');
    case 'RAFTKV_ERR_LEASE_EXISTS':
      return new LeaseExistsError(/^lease (-?\d+) /.exec(e.message)?.[1] ?? '');
    case 'RAFTKV_ERR_INVALID_ARGUMENT': {
      const colon = e.message.indexOf(': ');
      return colon < 0 ? new InvalidArgumentError('request', e.message) : new InvalidArgumentError(e.message.slice(0, colon), e.message.slice(colon + 2));
    }
    case 'RAFTKV_ERR_FAILED_PRECONDITION':
      return new FailedPreconditionError(e.message);
    case 'RAFTKV_ERR_COMPACTED': {
      const [, field = 'revision', requested = '0', compacted = '0'] = /^(\S+) (\d+) is compacted: .* after revision (\d+);/.exec(e.message) ?? [];
      return new CompactedError(Number(requested), Number(compacted), field);
    }
    case 'RAFTKV_ERR_FUTURE_REVISION': {
      const [, field = 'revision', requested = '0', current = '0'] = /^(\S+) (\d+) is a future revision: the store is at revision (\d+)$/.exec(e.message) ?? [];
      return new FutureRevisionError(Number(requested), Number(current), field);
    }
    default:
      return new Error(`${e.code}: ${e.message}`);
  }
}

/** A decoded int64 (Long, number or string) as a canonical decimal string. */
function int64String(v: Int64 | undefined | null): string {
  if (v === undefined || v === null) return '0';
  return BigInt(v.toString()).toString();
}

function int64Number(v: Int64 | undefined | null): number {
  if (v === undefined || v === null) return 0;
  return Number(v.toString());
}
