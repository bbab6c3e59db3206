/**
 * The key layout of a node's one classic-level database (`<dataDir>/db`).
 *
 * Raft state and KV data share one database so a single write batch can
 * change KV data and the applied index together (see KvStateMachine).
 *
 * | key                              | value                                   |
 * | -------------------------------- | --------------------------------------- |
 * | `e` + lease id, 8 bytes (*)      | LeaseStatus (protobuf): id and TTL      |
 * | `f` + lease id (*) + key as UTF-8| empty: the key is attached to the lease |
 * | `h` + revision (8) + seq (4 bytes) | Event (protobuf): watch history, node-local |
 * | `k` + key as UTF-8               | KeyValue without key (protobuf): value and metadata |
 * | `l` + index, 8 bytes big-endian  | Entry (protobuf raftkv.raft.v1.Entry)   |
 * | `m:hardstate`                    | HardState (protobuf)                    |
 * | `m:snapshot`                     | SnapshotMetadata (protobuf): where the log begins |
 * | `m:identity`                     | JSON `{"clusterId","nodeId"}`           |
 * | `m:applied`                      | applied index, 8 bytes big-endian       |
 * | `m:confstate`                    | ConfState (protobuf) as of the applied index |
 * | `m:member:` + id as UTF-8        | MemberContext (protobuf): the member's addresses |
 * | `m:revision`                     | store revision, 8 bytes big-endian      |
 * | `m:history-compacted`            | newest revision NOT in the history, 8 bytes |
 * | `m:layout`                       | layout version, 8 bytes (absent: v0.1, raw values under `k`) |
 * | `m:auth`                         | AuthState (protobuf): users, roles, enabled (absent: auth never used) |
 * | `m:installing`                   | JSON: a snapshot install under way (snapshot-swap.ts); absent otherwise |
 * | `s` + any key above              | a received snapshot staged on disk, not yet installed (snapshot-staging.ts) |
 *
 * (*) Lease ids are int64: 8 bytes big-endian with the sign bit flipped, so
 * byte order is numeric order, negative ids included.
 *
 * The history (`h`) is the only state-machine family not carried in
 * snapshots: each node keeps the revisions it applied itself.
 *
 * Big-endian fixed width makes LevelDB's byte order the numeric order, so the
 * last log entry is one reverse seek and a range of indexes is a key range.
 * The one-byte prefixes keep the families in disjoint ranges:
 * 'e' (0x65) < 'f' < 'h' < 'k' (0x6b) < 'l' (0x6c) < 'm' (0x6d) < 's' (0x73).
 */

const LEASE_PREFIX = 0x65; // 'e'
const LEASE_KEY_PREFIX = 0x66; // 'f'
const HISTORY_PREFIX = 0x68; // 'h'
const KV_PREFIX = 0x6b; // 'k'
const LOG_PREFIX = 0x6c; // 'l'
const META_PREFIX = 0x6d; // 'm'
const STAGING_PREFIX = 0x73; // 's'

const INDEX_BYTES = 8;
const LOG_KEY_BYTES = 1 + INDEX_BYTES;

const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

export const HARD_STATE_KEY = ascii('m:hardstate');
export const SNAPSHOT_KEY = ascii('m:snapshot');
export const IDENTITY_KEY = ascii('m:identity');
export const APPLIED_KEY = ascii('m:applied');
export const CONF_STATE_KEY = ascii('m:confstate');
export const REVISION_KEY = ascii('m:revision');
export const HISTORY_COMPACTED_KEY = ascii('m:history-compacted');
export const LAYOUT_KEY = ascii('m:layout');
/** The cluster's active alarms (src/kv/alarms.ts), written with the applied index. */
export const ALARMS_KEY = ascii('m:alarms');
export const AUTH_KEY = ascii('m:auth');
/** The index at which this node applied its own removal (written with that batch); absent while it is a member. */
export const REMOVED_SELF_KEY = ascii('m:removed-self');
/** Present only while a staged snapshot is being swapped in: a restart finishes the swap (snapshot-swap.ts). */
export const INSTALL_MARKER_KEY = ascii('m:installing');
/** The layout this code writes: 2 = KeyValue records, revisions, leases and history. */
export const CURRENT_LAYOUT = 2;

const MEMBER_PREFIX = ascii('m:member:');
/** Bounds of the address book: every member key k has MEMBER_RANGE.gte <= k < MEMBER_RANGE.lt (';' follows ':'). */
export const MEMBER_RANGE = { gte: MEMBER_PREFIX, lt: ascii('m:member;') } as const;

export function memberKey(id: string): Uint8Array {
  const encoded = Buffer.from(id, 'utf8');
  const out = new Uint8Array(MEMBER_PREFIX.byteLength + encoded.byteLength);
  out.set(MEMBER_PREFIX, 0);
  out.set(encoded, MEMBER_PREFIX.byteLength);
  return out;
}

/** The member id a member key names; throws on a key outside MEMBER_RANGE (corruption). */
export function idFromMemberKey(key: Uint8Array): string {
  const prefix = Buffer.from(key.subarray(0, MEMBER_PREFIX.byteLength));
  if (key.byteLength <= MEMBER_PREFIX.byteLength || !prefix.equals(Buffer.from(MEMBER_PREFIX))) {
    throw new RangeError(`not a member key: ${Buffer.from(key).toString('hex')}`);
  }
  return Buffer.from(key.subarray(MEMBER_PREFIX.byteLength)).toString('utf8');
}

/** Bounds of the log family: every log key k has LOG_RANGE.gte <= k < LOG_RANGE.lt. */
export const LOG_RANGE = { gte: Uint8Array.of(LOG_PREFIX), lt: Uint8Array.of(META_PREFIX) } as const;
/** Bounds of the KV family. */
export const KV_RANGE = { gte: Uint8Array.of(KV_PREFIX), lt: Uint8Array.of(LOG_PREFIX) } as const;
/** Bounds of the lease family. */
export const LEASE_RANGE = { gte: Uint8Array.of(LEASE_PREFIX), lt: Uint8Array.of(LEASE_PREFIX + 1) } as const;
/** Bounds of the lease→key index. */
export const LEASE_KEY_RANGE = { gte: Uint8Array.of(LEASE_KEY_PREFIX), lt: Uint8Array.of(LEASE_KEY_PREFIX + 1) } as const;
/** Bounds of the watch history. */
export const HISTORY_RANGE = { gte: Uint8Array.of(HISTORY_PREFIX), lt: Uint8Array.of(HISTORY_PREFIX + 1) } as const;
/** Bounds of a received snapshot staged on disk: `s` + the key it is installed under. */
export const STAGING_RANGE = { gte: Uint8Array.of(STAGING_PREFIX), lt: Uint8Array.of(STAGING_PREFIX + 1) } as const;

/** Where a snapshot's record for database key `key` is staged. */
export function stagingKey(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.byteLength + 1);
  out[0] = STAGING_PREFIX;
  out.set(key, 1);
  return out;
}

/** Bounds covering every key we write. */
export const ALL_RANGE = { gte: Uint8Array.of(0x00), lt: Uint8Array.of(0xff) } as const;

/** Writes a non-negative safe integer as 8 bytes big-endian at `offset`. */
function writeIndex(target: Uint8Array, offset: number, index: number): void {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`index ${index} is not a non-negative safe integer`);
  // Two 32-bit halves: faster than BigInt and exact up to 2^53.
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  view.setUint32(offset, Math.floor(index / 0x1_0000_0000));
  view.setUint32(offset + 4, index >>> 0);
}

function readIndex(source: Uint8Array, offset: number): number {
  const view = new DataView(source.buffer, source.byteOffset, source.byteLength);
  return view.getUint32(offset) * 0x1_0000_0000 + view.getUint32(offset + 4);
}

export function logKey(index: number): Uint8Array {
  const key = new Uint8Array(LOG_KEY_BYTES);
  key[0] = LOG_PREFIX;
  writeIndex(key, 1, index);
  return key;
}

/** The index a log key names; throws on a key of the wrong family or length (corruption). */
export function indexFromLogKey(key: Uint8Array): number {
  if (key.byteLength !== LOG_KEY_BYTES || key[0] !== LOG_PREFIX) {
    throw new RangeError(`not a log key: ${Buffer.from(key).toString('hex')}`);
  }
  return readIndex(key, 1);
}

export function kvKey(key: string): Uint8Array {
  const encoded = Buffer.from(key, 'utf8');
  const out = new Uint8Array(1 + encoded.byteLength);
  out[0] = KV_PREFIX;
  out.set(encoded, 1);
  return out;
}

export function encodeIndex(index: number): Uint8Array {
  const out = new Uint8Array(INDEX_BYTES);
  writeIndex(out, 0, index);
  return out;
}

export function decodeIndex(bytes: Uint8Array): number {
  if (bytes.byteLength !== INDEX_BYTES) throw new RangeError(`an index is ${INDEX_BYTES} bytes, got ${bytes.byteLength}`);
  return readIndex(bytes, 0);
}

/** The key a record key names (the UTF-8 after the prefix). */
export function keyFromKvKey(dbKey: Uint8Array): string {
  return Buffer.from(dbKey.buffer, dbKey.byteOffset + 1, dbKey.byteLength - 1).toString('utf8');
}

/** A key's record key from its UTF-8 bytes (range bounds). */
export function kvKeyOfBytes(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + key.byteLength);
  out[0] = KV_PREFIX;
  out.set(key, 1);
  return out;
}

const SIGN_FLIP = 1n << 63n;

function writeLeaseId(target: Uint8Array, offset: number, id: string): void {
  const flipped = BigInt.asUintN(64, BigInt(id)) ^ SIGN_FLIP;
  new DataView(target.buffer, target.byteOffset, target.byteLength).setBigUint64(offset, flipped);
}

function readLeaseId(source: Uint8Array, offset: number): string {
  const flipped = new DataView(source.buffer, source.byteOffset, source.byteLength).getBigUint64(offset);
  return BigInt.asIntN(64, flipped ^ SIGN_FLIP).toString();
}

export function leaseKey(id: string): Uint8Array {
  const key = new Uint8Array(1 + INDEX_BYTES);
  key[0] = LEASE_PREFIX;
  writeLeaseId(key, 1, id);
  return key;
}

export function leaseIdFromLeaseKey(key: Uint8Array): string {
  if (key.byteLength !== 1 + INDEX_BYTES || key[0] !== LEASE_PREFIX) throw new RangeError(`not a lease key: ${Buffer.from(key).toString('hex')}`);
  return readLeaseId(key, 1);
}

/** The index entry attaching `key` to lease `id`; every key of one lease shares the prefix leaseKeyPrefix(id). */
export function leaseKeyIndexKey(id: string, key: string): Uint8Array {
  const encoded = Buffer.from(key, 'utf8');
  const out = new Uint8Array(1 + INDEX_BYTES + encoded.byteLength);
  out[0] = LEASE_KEY_PREFIX;
  writeLeaseId(out, 1, id);
  out.set(encoded, 1 + INDEX_BYTES);
  return out;
}

/** Bounds of the index entries of one lease. */
export function leaseKeyIndexRange(id: string): { gte: Uint8Array; lt: Uint8Array } {
  const gte = new Uint8Array(1 + INDEX_BYTES);
  gte[0] = LEASE_KEY_PREFIX;
  writeLeaseId(gte, 1, id);
  // The next id's prefix; for the largest id, the end of the family.
  const flipped = BigInt.asUintN(64, BigInt(id)) ^ SIGN_FLIP;
  if (flipped === 0xffff_ffff_ffff_ffffn) return { gte, lt: LEASE_KEY_RANGE.lt };
  const lt = new Uint8Array(1 + INDEX_BYTES);
  lt[0] = LEASE_KEY_PREFIX;
  new DataView(lt.buffer).setBigUint64(1, flipped + 1n);
  return { gte, lt };
}

/** The key an index entry names. */
export function keyFromLeaseKeyIndexKey(dbKey: Uint8Array): string {
  return Buffer.from(dbKey.buffer, dbKey.byteOffset + 1 + INDEX_BYTES, dbKey.byteLength - 1 - INDEX_BYTES).toString('utf8');
}

const HISTORY_KEY_BYTES = 1 + INDEX_BYTES + 4;

/** The history key of the `seq`-th event of `revision`: byte order is (revision, seq) order. */
export function historyKey(revision: number, seq: number): Uint8Array {
  const key = new Uint8Array(HISTORY_KEY_BYTES);
  key[0] = HISTORY_PREFIX;
  writeIndex(key, 1, revision);
  new DataView(key.buffer).setUint32(1 + INDEX_BYTES, seq);
  return key;
}

/** The first history key of `revision` (a bound: every event of it sorts at or after). */
export function historyStart(revision: number): Uint8Array {
  const key = new Uint8Array(1 + INDEX_BYTES);
  key[0] = HISTORY_PREFIX;
  writeIndex(key, 1, revision);
  return key;
}
