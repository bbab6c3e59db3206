/**
 * Waiters for entries this node proposed as leader, keyed by log index. An
 * entry's fate is decided by what commits at its index: the same term means it
 * is ours and applied; another term means a new leader overwrote it and it can
 * never commit. Until then (even across a leadership change) the outcome is
 * unknown, and only the request deadline ends the wait.
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
  readonly #waiters = new Map<number, Waiter>();

  get size(): number {
    return this.#waiters.size;
  }

  /** Waits for the entry proposed at (index, term) to be applied. */
  wait(index: number, term: number, deadline: Date): Promise<AppliedEntry> {
    return new Promise<AppliedEntry>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(index);
        reject(new TimeoutError('outcome unknown: the deadline passed before the write was seen to commit; it may or may not have been applied'));
      }, msUntil(deadline));
      timer.unref();
      this.#waiters.set(index, { term, resolve, reject, timer });
    });
  }

  /** Called for every applied entry, in log order. */
  /** Whether a proposal made here waits on the entry at `index` (whatever its term). */
  has(index: number): boolean {
    return this.#waiters.has(index);
  }

  applied(entry: AppliedEntry): void {
    const waiter = this.#waiters.get(entry.index);
    if (waiter === undefined) return;
    this.#waiters.delete(entry.index);
    clearTimeout(waiter.timer);
    if (waiter.term === entry.term) {
      if (entry.error) waiter.reject(entry.error);
      else waiter.resolve(entry);
    } else {
      waiter.reject(new NotAttemptedError(`leadership changed and the new leader replaced the entry at index ${entry.index}`));
    }
  }

  /** Fails every waiter: the node is closing and will not see their fate, which stays unknown. */
  failAll(): void {
    for (const [index, waiter] of this.#waiters) {
      this.#waiters.delete(index);
      clearTimeout(waiter.timer);
      waiter.reject(new OutcomeUnknownError('the node shut down before the write was seen to commit'));
    }
  }
}
