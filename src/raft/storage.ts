import type { ConfState, Entry, HardState, SnapshotMetadata } from './types';

/**
 * The core's read-only view of the persisted log and state (etcd's Storage).
 * Reads are synchronous: the driver keeps the persisted log in memory (a
 * MemoryStorage it appends to after each durable write), so the core never
 * waits on I/O.
 *
 * Indexing allows a compacted prefix: entries up to snapshotMetadata().index
 * are gone; firstIndex() is the one after it.
 */
export interface LogStorage {
  /** Hard state and configuration to start from. */
  initialState(): { hardState: HardState; confState: ConfState };
  /**
   * Entries in [lo, hi), at most maxCount of them (at least one when any).
   * Throws CompactedError when lo < firstIndex(), UnavailableError when hi > lastIndex() + 1.
   */
  entries(lo: number, hi: number, maxCount?: number): Entry[];
  /**
   * Term of the entry at index, for index in [firstIndex() - 1, lastIndex()].
   * Throws CompactedError below that range, UnavailableError above it.
   */
  term(index: number): number;
  /** Index of the first entry still in the log (snapshot index + 1). */
  firstIndex(): number;
  /** Index of the last entry (snapshot index when the log is empty). */
  lastIndex(): number;
  /** Metadata of the latest snapshot (index 0, term 0 for a fresh cluster). */
  snapshotMetadata(): SnapshotMetadata;
}
