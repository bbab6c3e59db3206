/**
 * Applying committed entries outside the Ready loop (etcd applies
 * asynchronously too): the loop hands each Ready's committed entries over
 * and goes on persisting, sending heartbeats and acknowledging while the
 * state machine works. Batches apply one at a time, in log order. At most
 * MAX_QUEUED_BATCHES wait behind the one applying — beyond that the loop
 * waits for room, so a slow state machine slows commits down instead of
 * growing memory without bound (etcd's apply channel holds one batch).
 */
import type { Entry } from '../raft/types';

const MAX_QUEUED_BATCHES = 2;

export class ApplyQueue {
  readonly #apply: (entries: readonly Entry[]) => Promise<void>;
  /** Batches handed over and not yet applied, oldest first. */
  readonly #pending: Promise<void>[] = [];
  #tail: Promise<void> = Promise.resolve();

  /** `apply` applies one batch; it must not throw (the node turns a failure into a fatal stop). */
  constructor(apply: (entries: readonly Entry[]) => Promise<void>) {
    this.#apply = apply;
  }

  /** Hands a batch over; resolves once it is applied. */
  enqueue(entries: readonly Entry[]): Promise<void> {
    const done = this.#tail.then(() => this.#apply(entries));
    this.#tail = done;
    this.#pending.push(done);
    const settled = (): void => void this.#pending.splice(this.#pending.indexOf(done), 1);
    done.then(settled, settled);
    return done;
  }

  /** Resolves once no more than MAX_QUEUED_BATCHES batches wait (the Ready loop's back-pressure). */
  async room(): Promise<void> {
    while (this.#pending.length > MAX_QUEUED_BATCHES + 1) await this.#pending[0];
  }

  /** Resolves once every batch handed over so far is applied. */
  idle(): Promise<void> {
    return this.#tail;
  }
}
