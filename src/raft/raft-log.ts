import { CompactedError, CorruptLogError, RaftInvariantError, UnavailableError } from './errors';
import { limitBytes } from './entry-size';
import { LogUnstable } from './log-unstable';
import type { LogStorage } from './storage';
import type { Entry, SnapshotMetadata } from './types';

/**
 * The core's whole view of the log: the durable part in LogStorage, the
 * unstable tail in LogUnstable, and how far it is committed and applied.
 */
export class RaftLog {
  readonly storage: LogStorage;
  readonly unstable: LogUnstable;
  /** Highest index known to be stored on a quorum. */
  // Invariant: committed <= lastIndex().
  committed: number;
  /** Highest index handed out for applying in a Ready, not necessarily applied yet. */
  // Invariant: applied <= applying <= committed.
  applying: number;
  /** Highest index the driver reported as applied (through advance). */
  applied: number;
  /** Told of every write to the log (they may replace a suffix), so the configuration can follow it. */
  onAppend: (ents: readonly Entry[]) => void = () => undefined;

  constructor(storage: LogStorage) {
    this.storage = storage;
    this.unstable = new LogUnstable(storage.lastIndex() + 1);
    // Everything up to the snapshot is committed and applied by definition.
    this.committed = storage.firstIndex() - 1;
    this.applying = this.committed;
    this.applied = this.committed;
  }

  firstIndex(): number {
    return this.unstable.maybeFirstIndex() ?? this.storage.firstIndex();
  }

  lastIndex(): number {
    return this.unstable.maybeLastIndex() ?? this.storage.lastIndex();
  }

  /**
   * Last index whose entry is durable and still part of this log: entries
   * below the unstable offset are in storage and were never replaced.
   */
  stableLastIndex(): number {
    return this.unstable.offset - 1;
  }

  /** Throws CompactedError or UnavailableError outside [firstIndex() - 1, lastIndex()]. */
  term(index: number): number {
    if (index < this.firstIndex() - 1) throw new CompactedError(index);
    if (index > this.lastIndex()) throw new UnavailableError(index);
    return this.unstable.maybeTerm(index) ?? this.storage.term(index);
  }

  /** The term at index, or 0 when the index is compacted or past the end. */
  zeroTermOnOutOfBounds(index: number): number {
    try {
      return this.term(index);
    } catch (e) {
      if (e instanceof CompactedError || e instanceof UnavailableError) return 0;
      throw e;
    }
  }

  lastTerm(): number {
    return this.term(this.lastIndex());
  }

  matchTerm(index: number, term: number): boolean {
    try {
      return this.term(index) === term;
    } catch (e) {
      if (e instanceof CompactedError || e instanceof UnavailableError) return false;
      throw e;
    }
  }

  /** §5.4.1: whether a log ending at (lastIndex, lastTerm) is at least as up-to-date as ours. */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const ourTerm = this.lastTerm();
    return lastTerm > ourTerm || (lastTerm === ourTerm && lastIndex >= this.lastIndex());
  }

  /**
   * Appends a leader's entries that follow (index, logTerm), if our log has
   * that entry (§5.3). Returns the index of the last new entry, or undefined
   * when the consistency check fails.
   */
  maybeAppend(index: number, logTerm: number, committed: number, ents: readonly Entry[]): number | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNew = index + ents.length;
    const conflict = this.findConflict(ents);
    if (conflict !== 0) {
      if (conflict <= this.committed) {
        throw new RaftInvariantError(`entry ${conflict} conflicts with committed entry (committed ${this.committed})`);
      }
      this.append(ents.slice(conflict - (index + 1)));
    }
    this.commitTo(Math.min(committed, lastNew));
    return lastNew;
  }

  append(ents: readonly Entry[]): number {
    const first = ents[0];
    if (first === undefined) return this.lastIndex();
    if (first.index - 1 < this.committed) {
      throw new RaftInvariantError(`append after ${first.index - 1} is below committed ${this.committed}`);
    }
    this.unstable.truncateAndAppend(ents);
    this.onAppend(ents);
    return this.lastIndex();
  }

  /**
   * Index of the first entry whose term differs from ours (or which we lack),
   * or 0 when every entry is already in our log.
   */
  findConflict(ents: readonly Entry[]): number {
    for (const e of ents) {
      if (!this.matchTerm(e.index, e.term)) return e.index;
    }
    return 0;
  }

  /**
   * The last index <= `index` whose term is <= `term`, with that term. A
   * follower answers a rejected append with it, and the leader uses it to skip
   * every entry that cannot match in one round trip rather than one per index.
   * Stops at the compacted boundary, returning term 0 there.
   */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    for (let i = index; i > 0; i--) {
      let ourTerm: number;
      try {
        ourTerm = this.term(i);
      } catch (e) {
        if (e instanceof CompactedError || e instanceof UnavailableError) return { index: i, term: 0 };
        throw e;
      }
      if (ourTerm <= term) return { index: i, term: ourTerm };
    }
    return { index: 0, term: 0 };
  }

  /** Entries in [lo, hi), at most maxCount and maxBytes (at least one when the range is not empty). */
  slice(lo: number, hi: number, maxCount = Number.POSITIVE_INFINITY, maxBytes?: number): Entry[] {
    return limitBytes(this.#slice(lo, hi, maxCount), maxBytes);
  }

  #slice(lo: number, hi: number, maxCount: number): Entry[] {
    if (lo < this.firstIndex()) throw new CompactedError(lo);
    if (hi > this.lastIndex() + 1) throw new UnavailableError(hi - 1);
    if (lo >= hi) return [];
    let out: Entry[] = [];
    const offset = this.unstable.offset;
    if (lo < offset) {
      const stored = this.storage.entries(lo, Math.min(hi, offset), maxCount);
      // Storage returned fewer than asked for because of maxCount: stop there.
      if (stored.length < Math.min(hi, offset) - lo) return stored;
      out = stored;
    }
    if (hi > offset) {
      out = out.concat(this.unstable.slice(Math.max(lo, offset), hi));
    }
    return out.length > maxCount ? out.slice(0, Math.max(1, maxCount)) : out;
  }

  /** Entries from index i to the end, at most maxCount and maxBytes. */
  entries(i: number, maxCount?: number, maxBytes?: number): Entry[] {
    if (i > this.lastIndex()) return [];
    return this.slice(i, this.lastIndex() + 1, maxCount, maxBytes);
  }

  commitTo(index: number): void {
    if (index <= this.committed) return;
    if (index > this.lastIndex()) {
      // etcd panics here: the log was corrupted, truncated or lost.
      throw new CorruptLogError(`commit ${index} is past last index ${this.lastIndex()}: the log lost entries it had acknowledged`);
    }
    this.committed = index;
  }

  /**
   * Commits up to maxIndex if the entry there is of `term`: §5.4.2, a leader
   * only commits by counting replicas of an entry of its own term.
   */
  maybeCommit(maxIndex: number, term: number): boolean {
    if (maxIndex > this.committed && this.zeroTermOnOutOfBounds(maxIndex) === term) {
      this.commitTo(maxIndex);
      return true;
    }
    return false;
  }

  /**
   * The highest index that may be handed out for applying: committed, and
   * durable here. A follower can learn a commit index beyond what it has
   * synced; those entries wait until a later advance makes them stable.
   */
  maxAppliableIndex(): number {
    return Math.min(this.committed, this.stableLastIndex());
  }

  hasNextCommittedEnts(): boolean {
    if (this.unstable.snapshot !== undefined) return false;
    return this.maxAppliableIndex() > this.applying;
  }

  /**
   * Committed entries not yet handed out, at most maxBytes of them (at least
   * one). A committed entry the log cannot produce was lost: CorruptLogError.
   */
  nextCommittedEnts(maxBytes?: number): Entry[] {
    if (!this.hasNextCommittedEnts()) return [];
    const lo = Math.max(this.applying + 1, this.firstIndex());
    const hi = this.maxAppliableIndex() + 1;
    let ents: Entry[];
    try {
      ents = this.slice(lo, hi, Number.POSITIVE_INFINITY, maxBytes);
    } catch (e) {
      if (e instanceof UnavailableError) throw new CorruptLogError(`committed entries [${lo}, ${hi}) are missing from the log: ${e.message}`);
      throw e;
    }
    const first = ents[0];
    if (first === undefined || first.index !== lo) {
      throw new CorruptLogError(`committed entry ${lo} is missing from the log (got ${first === undefined ? 'nothing' : `entry ${first.index}`})`);
    }
    return ents;
  }

  acceptApplying(index: number): void {
    if (index > this.committed) throw new RaftInvariantError(`applying ${index} past committed ${this.committed}`);
    this.applying = Math.max(this.applying, index);
  }

  appliedTo(index: number): void {
    if (index > this.committed || index < this.applied) {
      throw new RaftInvariantError(`applied ${index} out of range [${this.applied}, ${this.committed}]`);
    }
    this.applied = index;
    this.applying = Math.max(this.applying, index);
  }

  snapshotMetadata(): SnapshotMetadata {
    return this.unstable.snapshot ?? this.storage.snapshotMetadata();
  }

  /** Replaces the log with a snapshot's starting point; the snapshot is committed by definition. */
  restore(s: SnapshotMetadata): void {
    this.committed = s.index;
    this.unstable.restore(s);
  }
}
