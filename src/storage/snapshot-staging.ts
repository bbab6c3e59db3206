/**
 * A snapshot received from the leader, staged on disk until the core decides
 * whether to adopt it (docs/snapshots.md, "What the follower does"). Each
 * record goes under `s` + the database key it will be installed under
 * (keys.ts), already encoded, so the swap (snapshot-swap.ts) only copies
 * bytes. The follower's memory holds one batch at a time, whatever the
 * snapshot's size: the data set lives in LevelDB, beside the live state it
 * does not touch.
 */
import { encodeAuthState } from '../auth/auth-codec';
import { encodeAlarms } from '../kv/alarms';
import { encodeLeaseRecord, encodeStoredRecord } from '../codec/record-codec';
import type { SnapshotItem } from '../codec/snapshot-codec';
import { ALARMS_KEY, AUTH_KEY, STAGING_RANGE, kvKey, leaseKey, leaseKeyIndexKey, stagingKey } from './keys';
import type { Db } from './kv-reads';
import { InvalidArgumentError } from '../errors';

export type PutOp = { readonly type: 'put'; readonly key: Uint8Array; readonly value: Uint8Array };
export type DelOp = { readonly type: 'del'; readonly key: Uint8Array };

/** Writes one batch, unsynced, in the store's write order. */
export type BatchWriter = (ops: (PutOp | DelOp)[]) => Promise<void>;

/** Keys deleted per batch when a range is cleared. */
const DELETE_BATCH_KEYS = 1_000;

const EMPTY = new Uint8Array(0);

/** What has been staged so far. */
export interface StagedTotals {
  /** Database records staged (key records, lease index entries, leases, auth). */
  readonly records: number;
  /** Bytes of those records' keys and values. */
  readonly bytes: number;
  /** The largest mod revision among the key records (the installed revision is at least this). */
  readonly maxModRevision: number;
}

export class SnapshotStaging {
  readonly #db: Db;
  readonly #write: BatchWriter;
  #records = 0;
  #bytes = 0;
  #maxModRevision = 0;
  /** The last record's and lease's keys: each family must arrive in strictly increasing order, as the leader reads it. */
  #lastRecordKey: Uint8Array | undefined;
  #lastLeaseKey: Uint8Array | undefined;
  #auth = false;
  #alarms = false;

  private constructor(db: Db, write: BatchWriter) {
    this.#db = db;
    this.#write = write;
  }

  /** Starts a staging area, first deleting what an earlier, abandoned transfer left there. */
  static async begin(db: Db, write: BatchWriter): Promise<SnapshotStaging> {
    await deleteRange(db, STAGING_RANGE, write);
    return new SnapshotStaging(db, write);
  }

  /** Stages one chunk of the leader's items in one (unsynced) batch. */
  async add(items: readonly SnapshotItem[]): Promise<void> {
    const ops: PutOp[] = [];
    for (const item of items) {
      if ('record' in item) {
        const r = item.record;
        const key = kvKey(r.key);
        // A repeated key would be counted twice but stored once, and the swap would refuse the count.
        this.#lastRecordKey = ascending(this.#lastRecordKey, key, 'KeyValue.key');
        ops.push({ type: 'put', key: stagingKey(key), value: encodeStoredRecord(r) });
        if (r.lease !== '0') ops.push({ type: 'put', key: stagingKey(leaseKeyIndexKey(r.lease, r.key)), value: EMPTY });
        this.#maxModRevision = Math.max(this.#maxModRevision, r.modRevision);
      } else if ('lease' in item) {
        const key = leaseKey(item.lease.id);
        this.#lastLeaseKey = ascending(this.#lastLeaseKey, key, 'LeaseStatus.id');
        ops.push({ type: 'put', key: stagingKey(key), value: encodeLeaseRecord(item.lease) });
      } else if ('auth' in item) {
        if (this.#auth) throw new InvalidArgumentError('auth', 'a snapshot carries the auth state once');
        this.#auth = true;
        ops.push({ type: 'put', key: stagingKey(AUTH_KEY), value: encodeAuthState(item.auth) });
      } else {
        if (this.#alarms) throw new InvalidArgumentError('alarms', 'a snapshot carries the alarms once');
        this.#alarms = true;
        ops.push({ type: 'put', key: stagingKey(ALARMS_KEY), value: encodeAlarms(item.alarms) });
      }
    }
    if (ops.length === 0) return;
    await this.#write(ops);
    this.#records += ops.length;
    for (const op of ops) this.#bytes += op.key.byteLength + op.value.byteLength;
  }

  /** Deletes what was staged: the core declined the snapshot or the transfer failed. */
  discard(): Promise<void> {
    return deleteRange(this.#db, STAGING_RANGE, this.#write);
  }

  totals(): StagedTotals {
    return { records: this.#records, bytes: this.#bytes, maxModRevision: this.#maxModRevision };
  }
}

/** `key` when it sorts after `last`; else the stream is malformed. */
function ascending(last: Uint8Array | undefined, key: Uint8Array, field: string): Uint8Array {
  if (last !== undefined && Buffer.compare(last, key) >= 0) throw new InvalidArgumentError(field, 'snapshot items must arrive in strictly increasing key order, each once');
  return key;
}

/** Deletes every key of `range`, a bounded batch at a time (a staged data set can be far larger than memory). */
export async function deleteRange(db: Db, range: { readonly gte: Uint8Array; readonly lt: Uint8Array }, write: BatchWriter): Promise<void> {
  // Each batch resumes after the last key deleted: seeking from the range's start would step over every tombstone so far.
  let after: Uint8Array | undefined;
  for (;;) {
    const bounds = after === undefined ? { gte: range.gte, lt: range.lt } : { gt: after, lt: range.lt };
    const keys = await db.keys({ ...bounds, limit: DELETE_BATCH_KEYS }).all();
    if (keys.length === 0) return;
    await write(keys.map((key) => ({ type: 'del', key })));
    after = keys[keys.length - 1];
  }
}
