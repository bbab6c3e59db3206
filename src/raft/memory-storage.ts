import { CompactedError, RaftInvariantError, SnapshotOutOfDateError, UnavailableError } from './errors';
import type { LogStorage } from './storage';
import { EMPTY_HARD_STATE, type ConfState, type Entry, type HardState, type SnapshotMetadata } from './types';

const EMPTY_CONF_STATE: ConfState = Object.freeze({ voters: [], learners: [] });

/**
 * An in-memory LogStorage. The driver keeps one as the core's view of what is
 * durable, appending to it only after the matching disk write has synced;
 * tests use it on its own.
 */
export class MemoryStorage implements LogStorage {
  #hardState: HardState = EMPTY_HARD_STATE;
  #snapshot: SnapshotMetadata;
  // Invariant: #entries[i].index === #snapshot.index + 1 + i (no gaps, starts right after the snapshot).
  #entries: Entry[] = [];

  /** A fresh cluster passes a snapshot at index 0, term 0 whose confState names the initial voters. */
  constructor(snapshot: SnapshotMetadata = { index: 0, term: 0, confState: EMPTY_CONF_STATE }) {
    this.#snapshot = snapshot;
  }

  /** Rebuilds the storage a node persisted before it restarted. */
  static fromPersisted(p: { snapshot: SnapshotMetadata; hardState: HardState; entries: readonly Entry[] }): MemoryStorage {
    const s = new MemoryStorage(p.snapshot);
    s.setHardState(p.hardState);
    s.append(p.entries);
    return s;
  }

  initialState(): { hardState: HardState; confState: ConfState } {
    return { hardState: this.#hardState, confState: this.#snapshot.confState };
  }

  setHardState(hs: HardState): void {
    this.#hardState = hs;
  }

  hardState(): HardState {
    return this.#hardState;
  }

  entries(lo: number, hi: number, maxCount = Number.POSITIVE_INFINITY): Entry[] {
    if (lo < this.firstIndex()) throw new CompactedError(lo);
    if (hi > this.lastIndex() + 1) throw new UnavailableError(hi - 1);
    const start = lo - this.firstIndex();
    // At least one entry even when maxCount is 0, so callers always make progress.
    const end = Math.min(hi - this.firstIndex(), start + Math.max(1, maxCount));
    return this.#entries.slice(start, end);
  }

  term(index: number): number {
    if (index < this.#snapshot.index) throw new CompactedError(index);
    if (index > this.lastIndex()) throw new UnavailableError(index);
    if (index === this.#snapshot.index) return this.#snapshot.term;
    return this.#at(index).term;
  }

  firstIndex(): number {
    return this.#snapshot.index + 1;
  }

  lastIndex(): number {
    return this.#snapshot.index + this.#entries.length;
  }

  snapshotMetadata(): SnapshotMetadata {
    return this.#snapshot;
  }

  /**
   * Appends entries, replacing any suffix they conflict with (a new leader may
   * overwrite uncommitted entries). Entries already compacted are skipped.
   */
  append(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    if (first.index > this.lastIndex() + 1) {
      throw new RaftInvariantError(`append at ${first.index} leaves a gap after last index ${this.lastIndex()}`);
    }
    const skip = Math.max(0, this.firstIndex() - first.index);
    const kept = entries.slice(skip);
    const from = kept[0];
    if (from === undefined) return;
    this.#entries = this.#entries.slice(0, from.index - this.firstIndex()).concat(kept);
  }

  /**
   * Replaces the whole log with a snapshot's starting point. A storage that
   * was never initialised (a node joining an existing cluster starts from
   * `new MemoryStorage()`: no configuration, empty log) also takes a snapshot
   * at its own index 0, the cluster's bootstrap configuration.
   */
  applySnapshot(meta: SnapshotMetadata): void {
    const uninitialized =
      this.#entries.length === 0 && this.#snapshot.confState.voters.length === 0 && this.#snapshot.confState.learners.length === 0;
    if (meta.index < this.#snapshot.index || (meta.index === this.#snapshot.index && !uninitialized)) {
      throw new SnapshotOutOfDateError(meta.index, this.#snapshot.index);
    }
    this.#snapshot = meta;
    this.#entries = [];
  }

  /**
   * Discards entries up to and including `index`, which becomes the new
   * snapshot point. `confState` must be the configuration in force at
   * `index` (the ConfState RawNode.applyConfChange returned for the last
   * ConfChange entry at or below it); it defaults to the current snapshot's,
   * which is right only when no ConfChange entry lies in between.
   */
  compact(index: number, confState: ConfState = this.#snapshot.confState): void {
    if (index <= this.#snapshot.index) throw new CompactedError(index);
    if (index > this.lastIndex()) throw new UnavailableError(index);
    const term = this.#at(index).term;
    this.#entries = this.#entries.slice(index - this.#snapshot.index);
    this.#snapshot = { index, term, confState };
  }

  #at(index: number): Entry {
    const e = this.#entries[index - this.firstIndex()];
    if (e === undefined) throw new UnavailableError(index);
    return e;
  }
}
