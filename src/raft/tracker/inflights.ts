import { RaftInvariantError } from '../errors';

/**
 * The last indexes of MsgApps sent to one follower and not yet acknowledged,
 * oldest first. Bounding them bounds how much the leader pushes at a follower
 * (or into a slow link) before hearing back.
 */
export class Inflights {
  readonly size: number;
  // Invariant: strictly increasing, length <= size.
  #indexes: number[] = [];

  constructor(size: number) {
    this.size = size;
  }

  add(index: number): void {
    if (this.full()) throw new RaftInvariantError(`inflights full (${this.size})`);
    const last = this.#indexes[this.#indexes.length - 1];
    if (last !== undefined && index <= last) {
      throw new RaftInvariantError(`inflight ${index} not after ${last}`);
    }
    this.#indexes.push(index);
  }

  /** Frees every message whose last index is <= `to`: the follower acknowledged through `to`. */
  freeLE(to: number): void {
    const keep = this.#indexes.findIndex((i) => i > to);
    this.#indexes = keep < 0 ? [] : this.#indexes.slice(keep);
  }

  freeFirstOne(): void {
    this.#indexes = this.#indexes.slice(1);
  }

  full(): boolean {
    return this.#indexes.length >= this.size;
  }

  count(): number {
    return this.#indexes.length;
  }

  reset(): void {
    this.#indexes = [];
  }
}
