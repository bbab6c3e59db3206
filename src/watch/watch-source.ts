/**
 * What the watch hub needs from the state machine (KvStateMachine implements
 * it): the current revision, the retained history, and one notification per
 * applied batch. The hub never reads KV data itself.
 */
import type { WatchEvent } from '../kv/records';

/** The events one apply() batch produced, published after the batch is on disk. */
export interface AppliedBatch {
  /** The store revision after the batch (>= every event's revision). */
  readonly revision: number;
  /** In revision order; events of one revision are contiguous. May be empty. */
  readonly events: readonly WatchEvent[];
}

export interface WatchSource {
  /** The store revision as of the last applied batch (0 for an empty store). */
  revision(): number;
  /**
   * The newest revision whose events are NOT retained: history covers
   * (compactRevision, revision]. A watch from start s <= compactRevision is "compacted".
   */
  compactRevision(): number;
  /**
   * Retained events with fromRevision <= revision <= toRevision in order,
   * stopping after the revision at which maxBytes (keys + values) is passed;
   * never splits a revision. Throws CompactedError if fromRevision <= compactRevision().
   */
  readHistory(fromRevision: number, toRevision: number, maxBytes: number): Promise<WatchEvent[]>;
  /** Called after each applied batch, in apply order. Returns an unsubscribe function. */
  onApplied(listener: (batch: AppliedBatch) => void): () => void;
  /**
   * Called when a snapshot replaced the state (history restarts at `revision`,
   * which is also the new compactRevision). Returns an unsubscribe function.
   */
  onRestored(listener: (revision: number) => void): () => void;
  /** Runs fn while no batch is being applied: revision() and history do not move during it. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}
