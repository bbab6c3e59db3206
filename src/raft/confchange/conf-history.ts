import { RaftInvariantError } from '../errors';
import { EntryType, type ConfState, type Entry } from '../types';
import { decodeConfChange } from './codec';
import { applyConfChangeTo } from './transition';

interface ConfPoint {
  readonly index: number;
  readonly confState: ConfState;
}

/**
 * The configuration in force at each point of the log. A configuration takes
 * effect as soon as its entry is in the log, committed or not (thesis §4.1),
 * so the current configuration is the base (the snapshot's) plus every
 * ConfChange entry after it; when a new leader truncates a suffix, the
 * configurations it held go with it.
 */
export class ConfHistory {
  #base: ConfPoint;
  // Invariant: indexes strictly increase and are all > #base.index.
  #points: ConfPoint[] = [];

  constructor(baseIndex: number, base: ConfState) {
    this.#base = { index: baseIndex, confState: base };
  }

  /** The configuration of the whole log (the last ConfChange entry's, or the base). */
  current(): ConfState {
    return (this.#points[this.#points.length - 1] ?? this.#base).confState;
  }

  /** Index of the last ConfChange entry in the log, or the base index. */
  lastChangeIndex(): number {
    return (this.#points[this.#points.length - 1] ?? this.#base).index;
  }

  /** The configuration in force once the log up to `index` is applied. */
  at(index: number): ConfState {
    let cs = this.#base.confState;
    for (const p of this.#points) {
      if (p.index > index) break;
      cs = p.confState;
    }
    return cs;
  }

  /**
   * Index of the entry that last made `id` a member (it was not one just
   * before), the base index when it has been one since the base, or
   * undefined when it is not a member now.
   */
  memberSince(id: string): number | undefined {
    const isIn = (cs: ConfState): boolean => cs.voters.includes(id) || cs.learners.includes(id);
    if (!isIn(this.current())) return undefined;
    for (let i = this.#points.length - 1; i >= 0; i--) {
      const before = i === 0 ? this.#base.confState : (this.#points[i - 1] as ConfPoint).confState;
      if (!isIn(before)) return (this.#points[i] as ConfPoint).index;
    }
    return this.#base.index;
  }

  /** Starts again from a snapshot. */
  reset(baseIndex: number, base: ConfState): void {
    this.#base = { index: baseIndex, confState: base };
    this.#points = [];
  }

  /**
   * Entries were written from `ents[0].index` on, replacing whatever the log
   * held there. Returns whether the configuration changed.
   */
  onAppend(ents: readonly Entry[]): boolean {
    const first = ents[0];
    if (first === undefined) return false;
    const before = this.#points.length;
    while ((this.#points[this.#points.length - 1]?.index ?? -1) >= first.index) this.#points.pop();
    let changed = this.#points.length !== before;
    for (const e of ents) {
      if (e.type !== EntryType.ConfChange) continue;
      let cc;
      try {
        cc = decodeConfChange(e.data);
      } catch (err) {
        throw new RaftInvariantError(`entry ${e.term}/${e.index} is a malformed ConfChange`, { cause: err });
      }
      this.#points.push({ index: e.index, confState: applyConfChangeTo(this.current(), cc) });
      changed = true;
    }
    return changed;
  }
}
