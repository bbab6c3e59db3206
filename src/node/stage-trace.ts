/**
 * High-resolution stamps along the write and read paths, for the latency
 * breakdown in docs/write-path.md (`--trace-stages`). Off by default: the
 * node then holds no StageTrace and pays nothing.
 *
 * Three paths, each a handful of stages whose durations add up:
 * - `write`, for entries this node proposed as leader: `to_ready` (proposed
 *   until the entry leaves the core in a Ready), `persist` (the leader's own
 *   synced write), `replicate` (persisted until the entry is seen committed:
 *   the followers' round trip, their syncs and acknowledgements),
 *   `apply_queue` (committed until its batch starts applying), `apply`, and
 *   `total` (proposed until applied).
 * - `read`, for linearizable reads through this node: `batch_wait` (the read
 *   arrived until its read-index request left), `confirm` (request until the
 *   leader's answer: a heartbeat round, plus a forward from a follower), and
 *   `apply_wait` (answer until this node applied that far).
 * - `ready`, on every node for every Ready: `wait` (the first message,
 *   proposal or read that made work until the Ready started: what queues in
 *   front of the loop), `persist`, `to_send` (Ready start until the messages
 *   that had to wait for the sync — a follower's acknowledgements — were
 *   handed to the transport) and `apply` (one batch of committed entries).
 *
 * The client handler and the forward to the leader are measured where they
 * happen: raftkv_grpc_server_handling_seconds and
 * raftkv_peer_rpc_duration_seconds{rpc="Propose"}.
 */
import type { Entry } from '../raft/types';

export type StagePath = 'write' | 'read' | 'ready';

/** Receives one measured stage, in milliseconds. */
export type StageObserver = (path: StagePath, stage: string, durationMs: number) => void;

interface WriteStamps {
  readonly proposedAt: number;
  readyAt?: number;
  persistedAt?: number;
  committedAt?: number;
}

/**
 * Entries tracked at once at most: an entry that never commits here (this
 * node lost the leadership) is forgotten when the map is full, not kept.
 */
const MAX_TRACKED_WRITES = 100_000;

export class StageTrace {
  readonly #observe: StageObserver;
  readonly #now: () => number;
  readonly #writes = new Map<number, WriteStamps>();
  /** When work first arrived while the loop had none; undefined when nothing waits. */
  #workSince: number | undefined;
  #readyAt = 0;

  constructor(observe: StageObserver, now: () => number = () => performance.now()) {
    this.#observe = observe;
    this.#now = now;
  }

  now(): number {
    return this.#now();
  }

  /** A message, proposal or read arrived for the Ready loop. */
  workArrived(): void {
    this.#workSince ??= this.#now();
  }

  /** This node, as leader, proposed the entry at `index`. */
  proposed(index: number): void {
    if (this.#writes.size >= MAX_TRACKED_WRITES) this.#writes.clear();
    this.#writes.set(index, { proposedAt: this.#now() });
  }

  /** A Ready starts; `entries` are the ones it persists. */
  readyStarted(entries: readonly Entry[]): void {
    const now = this.#now();
    this.#readyAt = now;
    if (this.#workSince !== undefined) this.#observe('ready', 'wait', now - this.#workSince);
    // Whatever arrives from here on is handled by the next Ready.
    this.#workSince = undefined;
    for (const e of entries) {
      const w = this.#writes.get(e.index);
      if (w === undefined || w.readyAt !== undefined) continue;
      w.readyAt = now;
      this.#observe('write', 'to_ready', now - w.proposedAt);
    }
  }

  persisted(entries: readonly Entry[], durationMs: number): void {
    this.#observe('ready', 'persist', durationMs);
    const now = this.#now();
    for (const e of entries) {
      const w = this.#writes.get(e.index);
      if (w?.readyAt === undefined || w.persistedAt !== undefined) continue;
      w.persistedAt = now;
      this.#observe('write', 'persist', now - w.readyAt);
    }
  }

  /** The messages held back until the sync were handed to the transport. */
  lateMessagesSent(): void {
    this.#observe('ready', 'to_send', this.#now() - this.#readyAt);
  }

  committed(entries: readonly Entry[]): void {
    const now = this.#now();
    for (const e of entries) {
      const w = this.#writes.get(e.index);
      if (w === undefined) continue;
      if (w.persistedAt === undefined) {
        // Not ours after all (proposed in a term that lost the entry) or traced mid-way.
        this.#writes.delete(e.index);
        continue;
      }
      w.committedAt = now;
      this.#observe('write', 'replicate', now - w.persistedAt);
    }
  }

  applyStarted(entries: readonly Entry[]): number {
    const now = this.#now();
    for (const e of entries) {
      const w = this.#writes.get(e.index);
      if (w?.committedAt !== undefined) this.#observe('write', 'apply_queue', now - w.committedAt);
    }
    return now;
  }

  applied(entries: readonly Entry[], startedAt: number): void {
    const now = this.#now();
    this.#observe('ready', 'apply', now - startedAt);
    for (const e of entries) {
      const w = this.#writes.get(e.index);
      if (w === undefined) continue;
      this.#writes.delete(e.index);
      if (w.committedAt === undefined) continue;
      this.#observe('write', 'apply', now - startedAt);
      this.#observe('write', 'total', now - w.proposedAt);
    }
  }

  /** One stage of a linearizable read (read-index-queue.ts stamps them). */
  read(stage: 'batch_wait' | 'confirm' | 'apply_wait', durationMs: number): void {
    this.#observe('read', stage, durationMs);
  }
}
