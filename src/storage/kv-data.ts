import type { MemberContext } from '../codec/member-codec';
import type { KeyRange } from '../kv/key-range';
import type { KeyValueRecord, LeaseRecord, WatchEvent } from '../kv/records';
import type { AlarmRecord } from '../kv/alarms';
import type { ConfState, NodeId } from '../raft/types';
import type { AuthState } from '../auth/auth-state';
/**
 * The state machine's narrow view of the database: key records, the store
 * revision, leases and their key index, the watch history and the applied
 * index, nothing of the Raft log. RaftStore provides it; tests may fake it.
 */

/**
 * Membership as of the applied index: written in the same batch as the
 * applied index whenever the batch applied a ConfChange entry or recorded a
 * member's client address (member-update).
 */
export interface MembershipWrite {
  /** The configuration as of the batch's last ConfChange entry (RawNode.applyConfChange); undefined when it had none. */
  readonly confState: ConfState | undefined;
  /** Address records to write (a context) or delete (null), in apply order folded to the last. */
  readonly members: ReadonlyMap<NodeId, MemberContext | null>;
  /** The index at which this node applied its own removal; 0 when it was added back (the record is dropped). */
  readonly removedSelfAt?: number;
}

/** A key attached to (or detached from) a lease in the lease→keys index. */
export interface LeaseKeyChange {
  readonly leaseId: string;
  readonly key: string;
  readonly attached: boolean;
}

/** What one apply batch changes, written atomically with the applied index. */
export interface KvWrite {
  /** Per key, its record after the batch, or null when deleted. */
  readonly records: ReadonlyMap<string, KeyValueRecord | null>;
  /** Per lease id, the lease after the batch, or null when revoked. */
  readonly leases: ReadonlyMap<string, LeaseRecord | null>;
  /** Keys attached to or detached from leases, at most one change per (lease, key). */
  readonly leaseKeys: Iterable<LeaseKeyChange>;
  /** The store revision after the batch. */
  readonly revision: number;
  /** Events to add to the history, in revision order. */
  readonly events: readonly WatchEvent[];
  /** History is dropped through this revision (it covers (compactRevision, revision]). */
  readonly compactRevision: number;
  /**
   * Where history was dropped through before this batch: only the events in
   * (previousCompactRevision, compactRevision] are deleted, so a batch never
   * rescans the tombstones of earlier compactions.
   */
  readonly previousCompactRevision: number;
  /** The cluster's alarms after the batch, when it changed them (the whole set). */
  readonly alarms?: readonly AlarmRecord[];
  /** The auth state after the batch, when the batch changed it. */
  readonly auth?: AuthState;
}

/** Revision bookkeeping as stored. */
export interface KvMeta {
  readonly revision: number;
  /** Newest revision whose events the history no longer holds. */
  readonly compactRevision: number;
}

/** Reads of key records, all from one point in time when it is a snapshot view. */
export interface KvReader {
  meta(): Promise<KvMeta>;
  getMany(keys: readonly string[]): Promise<Array<KeyValueRecord | undefined>>;
  /**
   * One key's record and the store revision, read together in one lookup
   * (LevelDB's multi-get reads from an implicit snapshot): the common Get
   * without the cost of opening and closing a snapshot view.
   */
  getWithRevision(key: string): Promise<{ kv?: KeyValueRecord; revision: number }>;
  /** Records in the range in key (byte) order, read in chunks; break early to stop. */
  scan(range: KeyRange): AsyncIterable<KeyValueRecord>;
  /** How many keys the range holds, counted in chunks. */
  count(range: KeyRange): Promise<number>;
  /** Keys attached to the lease, in key order. */
  leaseKeys(id: string): Promise<string[]>;
  /**
   * History events with from <= revision <= to in order, stopping after the
   * revision at which maxBytes (keys + values) is passed; never splits a revision.
   */
  history(from: number, to: number, maxBytes: number): Promise<WatchEvent[]>;
}

/** A reader over a LevelDB snapshot; close() it. */
export interface KvSnapshotView extends KvReader {
  close(): Promise<void>;
}

export interface KvData extends KvReader {
  /** The persisted applied index; 0 when nothing was ever applied. */
  appliedIndex(): Promise<number>;
  /** Every lease, in id order. */
  leases(): Promise<LeaseRecord[]>;
  /** The active alarms as of the applied index. */
  alarms(): Promise<AlarmRecord[]>;
  /** The auth state as of the applied index; undefined when auth was never used. */
  authState(): Promise<AuthState | undefined>;
  /** A consistent read of the current state (a LevelDB snapshot). */
  openView(): Promise<KvSnapshotView>;
  /** Writes `write`, the new applied index and (if any) the membership change in one atomic batch. */
  commit(write: KvWrite, appliedIndex: number, sync: boolean, membership?: MembershipWrite): Promise<void>;
}
