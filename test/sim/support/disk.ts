import { EMPTY_HARD_STATE, type ConfState, type Entry, type HardState, type SnapshotMetadata } from '../../../src/raft/types';
import { SafetyViolation, ViolationKind } from './violation';

/** What a node's disk holds, in the shape MemoryStorage.fromPersisted takes. */
export interface PersistedState {
  readonly snapshot: SnapshotMetadata;
  readonly hardState: HardState;
  readonly entries: Entry[];
}

/**
 * The simulator's own record of what one node has made durable. It is kept
 * apart from the core's MemoryStorage so the checkers judge the log by what
 * the harness wrote, not by what the code under test believes it holds. A
 * crash loses everything except this.
 */
export class Disk {
  snapshot: SnapshotMetadata;
  /** The state machine as of the snapshot: snapshotData[i] is the entry applied at index i. */
  snapshotData: readonly (Entry | undefined)[] = [];
  hardState: HardState = EMPTY_HARD_STATE;
  // Invariant: #entries[k].index === snapshot.index + 1 + k.
  #entries: Entry[] = [];

  constructor(snapshot: SnapshotMetadata) {
    this.snapshot = snapshot;
  }

  get lastIndex(): number {
    return this.snapshot.index + this.#entries.length;
  }

  get lastTerm(): number {
    return this.termAt(this.lastIndex) ?? 0;
  }

  /** The entry at index, or undefined when it is compacted or beyond the log. */
  entryAt(index: number): Entry | undefined {
    return this.#entries[index - this.snapshot.index - 1];
  }

  /** The term at index, counting the snapshot point; undefined when unknown. */
  termAt(index: number): number | undefined {
    if (index === this.snapshot.index) return this.snapshot.term;
    return this.entryAt(index)?.term;
  }

  /**
   * Writes a Ready's entries, replacing the suffix from the first of them on
   * (as MemoryStorage.append does), and returns the entries replaced.
   */
  append(owner: string, entries: readonly Entry[]): Entry[] {
    const first = entries[0];
    if (first === undefined) return [];
    for (let k = 1; k < entries.length; k++) {
      if (entries[k]?.index !== first.index + k) {
        throw new SafetyViolation(ViolationKind.ReadyContract, `${owner}: Ready.entries are not consecutive from ${first.index}`);
      }
    }
    if (first.index > this.lastIndex + 1 || first.index <= this.snapshot.index) {
      throw new SafetyViolation(
        ViolationKind.ReadyContract,
        `${owner}: Ready.entries start at ${first.index}, but the persisted log holds (${this.snapshot.index}, ${this.lastIndex}]`,
      );
    }
    const keep = first.index - this.snapshot.index - 1;
    const removed = this.#entries.slice(keep);
    this.#entries = this.#entries.slice(0, keep).concat(entries);
    return removed;
  }

  /**
   * Installs a snapshot received from the leader: it replaces the whole log
   * (as MemoryStorage.applySnapshot does). Returns the entries discarded.
   */
  applySnapshot(meta: SnapshotMetadata, data: readonly (Entry | undefined)[]): Entry[] {
    const removed = this.#entries;
    this.snapshot = meta;
    this.snapshotData = data;
    this.#entries = [];
    return removed;
  }

  /** Drops the log through `index`, which the state machine (`data`) has applied, with the configuration in force there. */
  compact(index: number, confState: ConfState, data: readonly (Entry | undefined)[]): SnapshotMetadata {
    const e = this.entryAt(index);
    if (e === undefined) throw new Error(`cannot compact at ${index}: not in the log (${this.snapshot.index}, ${this.lastIndex}]`);
    this.#entries = this.#entries.slice(index - this.snapshot.index);
    this.snapshot = { index, term: e.term, confState };
    this.snapshotData = data;
    return this.snapshot;
  }

  /** A copy to restart from: the crash keeps exactly this. */
  persisted(): PersistedState {
    return { snapshot: this.snapshot, hardState: this.hardState, entries: [...this.#entries] };
  }

  /** Entries from index lo through the last, for whole-log comparisons. */
  entriesFrom(lo: number): readonly Entry[] {
    return this.#entries.slice(Math.max(0, lo - this.snapshot.index - 1));
  }
}
