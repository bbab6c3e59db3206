/**
 * Reads of the state machine's families (keys.ts), against the live database
 * or a LevelDB snapshot. Every read of an unbounded range goes in chunks
 * (nextv), so a million keys never become one array.
 */
import type { ClassicLevel } from 'classic-level';
import { decodeLeaseRecord, decodeStoredRecord, decodeWatchEvent } from '../codec/record-codec';
import { StorageError, errorMessage } from '../errors';
import type { KeyRange } from '../kv/key-range';
import type { KeyValueRecord, LeaseRecord, WatchEvent } from '../kv/records';
import type { KvMeta, KvReader } from './kv-data';
import { decodeAuthState } from '../auth/auth-codec';
import type { AuthState } from '../auth/auth-state';
import {
  AUTH_KEY,
  HISTORY_COMPACTED_KEY,
  KV_RANGE,
  LEASE_RANGE,
  REVISION_KEY,
  decodeIndex,
  historyStart,
  keyFromKvKey,
  keyFromLeaseKeyIndexKey,
  kvKey,
  kvKeyOfBytes,
  leaseKeyIndexRange,
} from './keys';

export type Db = ClassicLevel<Uint8Array, Uint8Array>;
/** classic-level's snapshot handle (the `snapshot` read option). */
export type DbSnapshot = ReturnType<Db['snapshot']>;

const CHUNK = 256;

export function corruptIfThrows<T>(what: string, decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    throw new StorageError(`stored ${what} is corrupt: ${errorMessage(err)}`, { cause: err });
  }
}

/** The database bounds of a key range. */
export function kvBounds(range: KeyRange): { gte: Uint8Array; lt: Uint8Array } {
  return { gte: kvKeyOfBytes(range.start), lt: range.end === undefined ? KV_RANGE.lt : kvKeyOfBytes(range.end) };
}

/** Rows of a range, a chunk at a time; the iterator closes when the loop ends, however it ends. */
export async function* rows(db: Db, options: { gte: Uint8Array; lt: Uint8Array; snapshot?: DbSnapshot | undefined }): AsyncGenerator<[Uint8Array, Uint8Array]> {
  const it = db.iterator({ gte: options.gte, lt: options.lt, ...(options.snapshot !== undefined && { snapshot: options.snapshot }) });
  try {
    for (;;) {
      const chunk = await it.nextv(CHUNK);
      if (chunk.length === 0) return;
      yield* chunk;
    }
  } finally {
    await it.close();
  }
}

async function countKeys(db: Db, options: { gte: Uint8Array; lt: Uint8Array; snapshot?: DbSnapshot | undefined }): Promise<number> {
  const it = db.keys({ gte: options.gte, lt: options.lt, ...(options.snapshot !== undefined && { snapshot: options.snapshot }) });
  let n = 0;
  try {
    for (;;) {
      const chunk = await it.nextv(1024);
      if (chunk.length === 0) return n;
      n += chunk.length;
    }
  } finally {
    await it.close();
  }
}

function decodeIndexOr0(what: string, bytes: Uint8Array | undefined): number {
  return bytes === undefined ? 0 : corruptIfThrows(what, () => decodeIndex(bytes));
}

/** A KvReader over `db`, at `snapshot` when given (else the live state). */
export function kvReader(db: Db, snapshot?: DbSnapshot): KvReader {
  const opt = snapshot === undefined ? {} : { snapshot };
  return {
    async meta(): Promise<KvMeta> {
      const [rev, compacted] = await db.getMany([REVISION_KEY, HISTORY_COMPACTED_KEY], opt);
      return { revision: decodeIndexOr0('revision', rev), compactRevision: decodeIndexOr0('history compaction', compacted) };
    },
    async getWithRevision(key: string): Promise<{ kv?: KeyValueRecord; revision: number }> {
      const [value, rev] = await db.getMany([kvKey(key), REVISION_KEY], opt);
      const revision = decodeIndexOr0('revision', rev);
      return value === undefined ? { revision } : { kv: corruptIfThrows(`record of ${JSON.stringify(key)}`, () => decodeStoredRecord(key, value)), revision };
    },
    async getMany(keys: readonly string[]): Promise<Array<KeyValueRecord | undefined>> {
      if (keys.length === 0) return [];
      const values = await db.getMany(keys.map(kvKey), opt);
      return values.map((v, i) => (v === undefined ? undefined : corruptIfThrows(`record of ${JSON.stringify(keys[i])}`, () => decodeStoredRecord(keys[i]!, v))));
    },
    async *scan(range: KeyRange): AsyncGenerator<KeyValueRecord> {
      for await (const [k, v] of rows(db, { ...kvBounds(range), snapshot })) {
        const key = keyFromKvKey(k);
        yield corruptIfThrows(`record of ${JSON.stringify(key)}`, () => decodeStoredRecord(key, v));
      }
    },
    count(range: KeyRange): Promise<number> {
      return countKeys(db, { ...kvBounds(range), snapshot });
    },
    async leaseKeys(id: string): Promise<string[]> {
      const keys: string[] = [];
      const it = db.keys({ ...leaseKeyIndexRange(id), ...opt });
      try {
        for (;;) {
          const chunk = await it.nextv(1024);
          if (chunk.length === 0) return keys;
          for (const k of chunk) keys.push(keyFromLeaseKeyIndexKey(k));
        }
      } finally {
        await it.close();
      }
    },
    async history(from: number, to: number, maxBytes: number): Promise<WatchEvent[]> {
      const events: WatchEvent[] = [];
      if (to < from) return events;
      let bytes = 0;
      for await (const [, v] of rows(db, { gte: historyStart(from), lt: historyStart(to + 1), snapshot })) {
        const event = corruptIfThrows('history event', () => decodeWatchEvent(v));
        const last = events[events.length - 1];
        // Stop at the first event of a new revision once the budget is spent.
        if (last !== undefined && last.revision !== event.revision && bytes >= maxBytes) break;
        events.push(event);
        bytes += eventBytes(event);
      }
      return events;
    },
  };
}

function eventBytes(e: WatchEvent): number {
  return Buffer.byteLength(e.kv.key) + e.kv.value.byteLength + (e.prevKv === undefined ? 0 : e.prevKv.value.byteLength);
}

export async function readLeases(db: Db, snapshot?: DbSnapshot): Promise<LeaseRecord[]> {
  const leases: LeaseRecord[] = [];
  for await (const [, v] of rows(db, { ...LEASE_RANGE, snapshot })) leases.push(corruptIfThrows('lease', () => decodeLeaseRecord(v)));
  return leases;
}

/** The stored auth state; undefined when auth was never used. */
export async function readAuthState(db: Db, snapshot?: DbSnapshot): Promise<AuthState | undefined> {
  const bytes = await db.get(AUTH_KEY, snapshot === undefined ? {} : { snapshot });
  return bytes === undefined ? undefined : corruptIfThrows('auth state', () => decodeAuthState(bytes));
}

/** History keys of the revisions in (after, through]: the ones a compaction from `after` to `through` deletes. */
export async function historyKeysBetween(db: Db, after: number, through: number): Promise<Uint8Array[]> {
  if (through <= after) return [];
  return db.keys({ gte: historyStart(after + 1), lt: historyStart(through + 1) }).all();
}
