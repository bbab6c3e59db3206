/**
 * Which live watchers an event concerns. Single-key watches, the common case,
 * sit in a map by key; range and prefix watches in a list every event is
 * tested against. Matching one event costs O(1 + R) for R range/prefix
 * watchers, plus the number of watchers matched; adding and removing cost O(1).
 * A large R would call for an interval tree; until then the list is the
 * simplest structure that is obviously right.
 */
import { inRange, type KeyRange } from '../kv/key-range';

/** What the index needs of a watcher. */
export interface IndexedWatch {
  readonly range: KeyRange;
  /** The one key watched, when range.single. */
  readonly singleKey: string | undefined;
}

export class WatcherIndex<W extends IndexedWatch> {
  readonly #byKey = new Map<string, Set<W>>();
  readonly #ranges = new Set<W>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Whether any watcher needs key bytes to match (so callers encode keys only then). */
  get hasRanges(): boolean {
    return this.#ranges.size > 0;
  }

  add(w: W): void {
    if (w.singleKey !== undefined) {
      let set = this.#byKey.get(w.singleKey);
      if (set === undefined) this.#byKey.set(w.singleKey, (set = new Set()));
      if (set.has(w)) return;
      set.add(w);
    } else {
      if (this.#ranges.has(w)) return;
      this.#ranges.add(w);
    }
    this.#size += 1;
  }

  remove(w: W): void {
    if (w.singleKey !== undefined) {
      const set = this.#byKey.get(w.singleKey);
      if (set === undefined || !set.delete(w)) return;
      if (set.size === 0) this.#byKey.delete(w.singleKey);
    } else if (!this.#ranges.delete(w)) {
      return;
    }
    this.#size -= 1;
  }

  /**
   * Calls visit for every watcher whose keys include `key`. keyBytes is the
   * key's UTF-8 encoding, needed only when hasRanges (range bounds are bytes).
   */
  forEachMatch(key: string, keyBytes: Buffer | undefined, visit: (w: W) => void): void {
    const exact = this.#byKey.get(key);
    if (exact !== undefined) for (const w of exact) visit(w);
    if (this.#ranges.size === 0) return;
    const bytes = keyBytes ?? Buffer.from(key, 'utf8');
    for (const w of this.#ranges) if (inRange(w.range, bytes)) visit(w);
  }
}
