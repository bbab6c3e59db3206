/**
 * The state machine's records as the rest of the node sees them. Revisions
 * and versions are safe integers (2^53 changes is beyond any cluster's life);
 * lease ids are int64 and so travel as canonical decimal strings ("0" = none).
 */

/** A key with its value and metadata (raftkv.kv.v1.KeyValue). */
export interface KeyValueRecord {
  readonly key: string;
  /** Empty for keys_only reads and in delete events. */
  readonly value: Uint8Array;
  readonly createRevision: number;
  readonly modRevision: number;
  readonly version: number;
  /** Decimal int64; "0" when the key has no lease. */
  readonly lease: string;
}

/** One change at one revision, as a watcher receives it. */
export interface WatchEvent {
  readonly type: 'put' | 'delete';
  /** The revision of the change (== kv.modRevision). */
  readonly revision: number;
  /** After the change; for a delete only key and modRevision are meaningful. */
  readonly kv: KeyValueRecord;
  /** Before the change, when the key existed. Always recorded; watchers drop it unless asked. */
  readonly prevKv?: KeyValueRecord;
}

/** A lease as the state machine holds it. */
export interface LeaseRecord {
  /** Decimal int64, never "0". */
  readonly id: string;
  readonly ttlSeconds: number;
}
