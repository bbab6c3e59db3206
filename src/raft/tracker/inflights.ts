import { RaftInvariantError } from '../errors';

/**
 * The MsgApps sent to one follower and not yet acknowledged, oldest first:
 * each one's last index and entry bytes. Bounding their count and their bytes
 * bounds how much the leader pushes at a follower (or into a slow link)
 * before hearing back (etcd MaxInflightMsgs, MaxInflightBytes).
 */
export class Inflights {
  readonly size: number;
  /** Byte bound; undefined for none. */
  readonly maxBytes: number | undefined;
  // Invariant: indexes strictly increasing, length <= size; #bytes is the sum of #sizes.
  #indexes: number[] = [];
  #sizes: number[] = [];
  #bytes = 0;

  constructor(size: number, maxBytes?: number) {
    this.size = size;
    this.maxBytes = maxBytes;
  }

  add(index: number, bytes = 0): void {
    if (this.full()) throw new RaftInvariantError(`inflights full (${this.size} messages, ${this.#bytes} bytes)`);
    const last = this.#indexes[this.#indexes.length - 1];
    if (last !== undefined && index <= last) {
      throw new RaftInvariantError(`inflight ${index} not after ${last}`);
    }
    this.#indexes.push(index);
    this.#sizes.push(bytes);
    this.#bytes += bytes;
  }

  /** Frees every message whose last index is <= `to`: the follower acknowledged through `to`. */
  freeLE(to: number): void {
    const keep = this.#indexes.findIndex((i) => i > to);
    this.#drop(keep < 0 ? this.#indexes.length : keep);
  }

  freeFirstOne(): void {
    this.#drop(Math.min(1, this.#indexes.length));
  }

  #drop(n: number): void {
    for (let i = 0; i < n; i++) this.#bytes -= this.#sizes[i] ?? 0;
    this.#indexes = this.#indexes.slice(n);
    this.#sizes = this.#sizes.slice(n);
  }

  /** No more messages may go: the count bound is reached, or the byte bound (one message may pass it, as in etcd). */
  full(): boolean {
    return this.#indexes.length >= this.size || (this.maxBytes !== undefined && this.#bytes >= this.maxBytes);
  }

  /** Whether only the byte bound holds the window shut. */
  fullByBytes(): boolean {
    return this.#indexes.length < this.size && this.full();
  }

  count(): number {
    return this.#indexes.length;
  }

  bytes(): number {
    return this.#bytes;
  }

  reset(): void {
    this.#indexes = [];
    this.#sizes = [];
    this.#bytes = 0;
  }
}
