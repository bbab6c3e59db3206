/**
 * How the state machine's records are stored (layout in storage/keys.ts):
 * a key's record as kv.proto's KeyValue without its key (the database key
 * holds it), a lease as LeaseStatus, a history event as Event. Reusing the
 * API's messages keeps one definition of each record.
 */
import type { KeyValueRecord, LeaseRecord, WatchEvent } from '../kv/records';
import { CodecError, protoType } from './raft-codec';

const KeyValueProto = protoType('raftkv.kv.v1.KeyValue');
const LeaseStatusProto = protoType('raftkv.kv.v1.LeaseStatus');
const EventProto = protoType('raftkv.kv.v1.Event');

/** What protobufjs hands back for an int64: a Long (long.js is installed), or a number. */
type Int64 = number | { toNumber(): number; toString(): string };

interface KeyValueWire {
  key?: string;
  value?: Uint8Array;
  createRevision?: Int64;
  modRevision?: Int64;
  version?: Int64;
  /** A number or decimal string when encoding; a Long when decoded. */
  lease?: Int64 | string;
}

const EMPTY = new Uint8Array(0);

function toNumber(v: Int64 | undefined | null): number {
  if (v === undefined || v === null) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** As a canonical decimal string; exact beyond 2^53 (Long.toString). */
function toDecimal(v: Int64 | string | undefined | null): string {
  if (v === undefined || v === null) return '0';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  const n = v.toNumber();
  return Number.isSafeInteger(n) ? String(n) : v.toString();
}

/** Callers get plain Uint8Arrays, whatever protobufjs decoded into (a Buffer slice of the input). */
function plainBytes(bytes: Uint8Array | undefined): Uint8Array {
  if (bytes === undefined || bytes.byteLength === 0) return EMPTY;
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A decimal int64 as protobufjs writes it: a number when exact (the common
 * case, and far faster), else the string, which it parses exactly (Long).
 */
function int64Wire(decimal: string): number | string {
  const n = Number(decimal);
  return Number.isSafeInteger(n) ? n : decimal;
}

function keyValueToWire(r: KeyValueRecord, withKey: boolean): KeyValueWire {
  // Plain construction, no spread: this runs per key in snapshots and per write.
  const wire: KeyValueWire = { value: r.value, createRevision: r.createRevision, modRevision: r.modRevision, version: r.version, lease: int64Wire(r.lease) };
  if (withKey) wire.key = r.key;
  return wire;
}

function keyValueFromWire(key: string, w: KeyValueWire): KeyValueRecord {
  return {
    key,
    value: plainBytes(w.value),
    createRevision: toNumber(w.createRevision),
    modRevision: toNumber(w.modRevision),
    version: toNumber(w.version),
    lease: toDecimal(w.lease),
  };
}

function decodeOrThrow<T>(what: string, decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    throw new CodecError(`${what} does not decode: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A key's stored record: everything but the key. */
export function encodeStoredRecord(r: KeyValueRecord): Uint8Array {
  return KeyValueProto.encode(keyValueToWire(r, false)).finish();
}

export function decodeStoredRecord(key: string, bytes: Uint8Array): KeyValueRecord {
  return keyValueFromWire(key, decodeOrThrow('key record', () => KeyValueProto.decode(bytes) as KeyValueWire));
}

/** A full KeyValue, key included (snapshot streams). */
export function keyValueRecordToWire(r: KeyValueRecord): object {
  return keyValueToWire(r, true);
}

export function keyValueRecordFromWire(w: object): KeyValueRecord {
  const kv = w as KeyValueWire;
  return keyValueFromWire(kv.key ?? '', kv);
}

export function leaseRecordToWire(l: LeaseRecord): object {
  return { id: int64Wire(l.id), grantedTtlSeconds: l.ttlSeconds };
}

export function leaseRecordFromWire(w: object): LeaseRecord {
  const l = w as { id?: Int64; grantedTtlSeconds?: Int64 };
  return { id: toDecimal(l.id), ttlSeconds: toNumber(l.grantedTtlSeconds) };
}

export function encodeLeaseRecord(l: LeaseRecord): Uint8Array {
  return LeaseStatusProto.encode(leaseRecordToWire(l)).finish();
}

export function decodeLeaseRecord(bytes: Uint8Array): LeaseRecord {
  return leaseRecordFromWire(decodeOrThrow('lease record', () => LeaseStatusProto.decode(bytes)));
}

const EVENT_PUT = 1;
const EVENT_DELETE = 2;

/** A history event; its revision is kv.modRevision. */
export function encodeWatchEvent(e: WatchEvent): Uint8Array {
  return EventProto.encode({
    type: e.type === 'put' ? EVENT_PUT : EVENT_DELETE,
    kv: keyValueToWire(e.kv, true),
    ...(e.prevKv !== undefined && { prevKv: keyValueToWire(e.prevKv, true) }),
  }).finish();
}

export function decodeWatchEvent(bytes: Uint8Array): WatchEvent {
  const w = decodeOrThrow('history event', () => EventProto.decode(bytes) as { type?: number; kv?: KeyValueWire | null; prevKv?: KeyValueWire | null });
  if (!w.kv) throw new CodecError('history event carries no key');
  const kv = keyValueFromWire(w.kv.key ?? '', w.kv);
  const prevKv = w.prevKv ? keyValueFromWire(w.prevKv.key ?? '', w.prevKv) : undefined;
  const type = w.type === EVENT_DELETE ? 'delete' : 'put';
  return prevKv === undefined ? { type, revision: kv.modRevision, kv } : { type, revision: kv.modRevision, kv, prevKv };
}
