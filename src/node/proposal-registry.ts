/**
 * Waiters for entries this node proposed as leader, keyed by log index and
 * term. An entry's fate is decided by what commits at its index: the same
 * term means it is ours and applied; another term means a new leader
 * overwrote it and it can never commit. Until then (even across a leadership
 * change) the outcome is unknown, and only the request deadline ends the wait.
 *
 * Two proposals can share an index: this node leads in term 3, its entry at
 * index 9 is overwritten, and it leads again in term 5 and proposes at 9
 * again. Each waiter keeps its own term, so the one whose term commits gets
 * the result and the other learns its entry was replaced; neither's timer
 * can remove the other.
 */
import { NotAttemptedError, OutcomeUnknownError, TimeoutError } from '../errors';
import { msUntil } from './deadline';

export interface AppliedEntry {
  readonly index: number;
  readonly term: number;
  readonly result: Uint8Array;
  /** Set when the command could not be applied (every node fails it alike). */
  readonly error?: Error;
}

interface Waiter {
  readonly term: number;
  readonly resolve: (entry: AppliedEntry) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class ProposalRegistry {
  /** Waiters by index; rarely more than one per index (see the header). */
  readonly #waiters = new Map<number, Waiter[]>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Waits for the entry proposed at (index, term) to be applied. */
  wait(index: number, term: number, deadline: Date): Promise<AppliedEntry> {
    return new Promise<AppliedEntry>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#remove(index, waiter);
        reject(new TimeoutError('outcome unknown: the deadline passed before the write was seen to commit; it may or may not have been applied'));
      }, msUntil(deadline));
      timer.unref();
      const waiter: Waiter = { term, resolve, reject, timer };
      const atIndex = this.#waiters.get(index);
      if (atIndex === undefined) this.#waiters.set(index, [waiter]);
      else atIndex.push(waiter);
      this.#size += 1;
    });
  }

  /** Whether a proposal made here waits on the entry at `index` (whatever its term). */
  has(index: number): boolean {
    return this.#waiters.has(index);
  }

  /** Called for every applied entry a proposal waits on, in log order. */
  applied(entry: AppliedEntry): void {
    const atIndex = this.#waiters.get(entry.index);
    if (atIndex === undefined) return;
    this.#waiters.delete(entry.index);
    this.#size -= atIndex.length;
    for (const waiter of atIndex) {
      clearTimeout(waiter.timer);
      if (waiter.term !== entry.term) waiter.reject(new NotAttemptedError(`leadership changed and the new leader replaced the entry at index ${entry.index}`));
      else if (entry.error) waiter.reject(entry.error);
      else waiter.resolve(entry);
    }
  }

  /** Fails every waiter: the node is closing and will not see their fate, which stays unknown. */
  failAll(): void {
    const all = [...this.#waiters.values()].flat();
    this.#waiters.clear();
    this.#size = 0;
    for (const waiter of all) {
      clearTimeout(waiter.timer);
      waiter.reject(new OutcomeUnknownError('the node shut down before the write was seen to commit'));
    }
  }

  #remove(index: number, waiter: Waiter): void {
    const atIndex = this.#waiters.get(index);
    const at = atIndex?.indexOf(waiter) ?? -1;
    if (atIndex === undefined || at < 0) return;
    atIndex.splice(at, 1);
    this.#size -= 1;
    if (atIndex.length === 0) this.#waiters.delete(index);
  }
}
