/**
 * Linearizable reads by the read-index protocol (Raft thesis §6.4). Reads that
 * arrive while no request is in flight share one read-index request, hence one
 * heartbeat round (reads arriving meanwhile share the next one): the leader confirms it still leads, answers with its commit
 * index, and every read in the batch proceeds once this node has applied that
 * far. A request lost on the way (leader change, dropped message) is re-issued
 * after a few ticks; the read's own deadline bounds the whole wait.
 */
import { TimeoutError } from '../errors';
import { msUntil } from './deadline';
import type { StageTrace } from './stage-trace';

interface ReadWaiter {
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
  done: boolean;
  /** When the read arrived (stage tracing only). */
  readonly since: number;
}

interface Batch {
  waiters: ReadWaiter[];
  /** Ticks since the request was (re-)issued. */
  age: number;
  /** When the request first left (stage tracing only). */
  readonly issuedAt: number;
}

/** Reads whose index is known, waiting for the node to apply that far. */
interface AwaitingApply {
  readonly index: number;
  readonly waiters: ReadWaiter[];
  /** When the leader's answer arrived (stage tracing only). */
  readonly knownAt: number;
}

/** Issues a read-index request; returns false when it could not (no leader known). */
export type IssueReadIndex = (ctx: Uint8Array) => boolean;

/** Bytes of a request context: an 8-byte nonce of this queue, then an 8-byte sequence number. */
const CONTEXT_BYTES = 16;

export class ReadIndexQueue {
  #nextId = 1;
  /**
   * Distinguishes this queue's requests from those of an earlier
   * incarnation of the node (same id, counter restarted at 1): the leader's
   * answer to a request sent before a restart carries an old read index and
   * must never settle a read made after it (found by the driver simulator).
   */
  readonly #nonce: Buffer;
  #unsent: ReadWaiter[] = [];
  readonly #inflight = new Map<string, Batch>();
  /** Reads whose index is known, waiting for this node to apply up to it. */
  #awaitingApply: AwaitingApply[] = [];
  readonly #trace: StageTrace | undefined;

  /** `random` draws the nonce (the node's injected generator, seeded in the simulator). */
  constructor(
    private readonly retryAfterTicks: number,
    random: () => number = Math.random,
    trace?: StageTrace,
  ) {
    this.#trace = trace;
    this.#nonce = Buffer.alloc(8);
    this.#nonce.writeUInt32BE(Math.floor(random() * 0x1_0000_0000) >>> 0, 0);
    this.#nonce.writeUInt32BE(Math.floor(random() * 0x1_0000_0000) >>> 0, 4);
  }

  get pending(): number {
    let n = this.#unsent.length;
    for (const b of this.#inflight.values()) n += b.waiters.length;
    for (const a of this.#awaitingApply) n += a.waiters.length;
    return n;
  }

  /** Resolves once the local state machine reflects every write committed before the call. */
  wait(deadline: Date): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: ReadWaiter = {
        resolve,
        reject,
        done: false,
        since: this.#trace?.now() ?? 0,
        timer: setTimeout(() => {
          waiter.done = true;
          reject(new TimeoutError('the read could not be confirmed by the leader before the deadline (no quorum or no leader); it is safe to retry'));
        }, msUntil(deadline)),
      };
      waiter.timer.unref();
      this.#unsent.push(waiter);
    });
  }

  hasUnsent(): boolean {
    return this.#unsent.length > 0;
  }

  /**
   * Sends one read-index request for every read queued since the last flush
   * — unless one is still in flight: then the reads wait for its answer and
   * leave together in the next request (as etcd's read loop does), so a busy
   * node sends one heartbeat round at a time instead of one per turn of the
   * event loop. A read never joins a request issued before it arrived.
   */
  flush(issue: IssueReadIndex): void {
    if (this.#inflight.size > 0) return;
    const waiters = this.#unsent.filter((w) => !w.done);
    this.#unsent = [];
    if (waiters.length === 0) return;
    const ctx = this.#newContext();
    const issuedAt = this.#trace?.now() ?? 0;
    if (this.#trace) for (const w of waiters) this.#trace.read('batch_wait', issuedAt - w.since);
    this.#inflight.set(key(ctx), { waiters, age: 0, issuedAt });
    if (!issue(ctx)) {
      // No leader yet: keep the batch and retry on a later tick.
      const batch = this.#inflight.get(key(ctx));
      if (batch) batch.age = this.retryAfterTicks;
    }
  }

  /** A read state arrived from the core. */
  onReadState(ctx: Uint8Array, index: number, applied: number): void {
    const batch = this.#inflight.get(key(ctx));
    if (batch === undefined) return;
    this.#inflight.delete(key(ctx));
    const knownAt = this.#trace?.now() ?? 0;
    this.#trace?.read('confirm', knownAt - batch.issuedAt);
    this.#awaitingApply.push({ index, waiters: batch.waiters, knownAt });
    this.onApplied(applied);
  }

  onApplied(applied: number): void {
    if (this.#awaitingApply.length === 0) return;
    const still: AwaitingApply[] = [];
    for (const entry of this.#awaitingApply) {
      if (entry.index <= applied) {
        this.#trace?.read('apply_wait', this.#trace.now() - entry.knownAt);
        entry.waiters.forEach(settle);
      } else still.push(entry);
    }
    this.#awaitingApply = still;
  }

  /** Re-issues requests that got no answer within retryAfterTicks. */
  onTick(issue: IssueReadIndex): void {
    // Iterate over a copy: a re-issued batch is re-inserted under a new key,
    // and a live Map iterator would visit it again in this same tick (and,
    // with no leader to accept it, again and again, forever).
    for (const [k, batch] of [...this.#inflight]) {
      batch.waiters = batch.waiters.filter((w) => !w.done);
      if (batch.waiters.length === 0) {
        this.#inflight.delete(k);
        continue;
      }
      batch.age += 1;
      if (batch.age < this.retryAfterTicks) continue;
      this.#inflight.delete(k);
      const ctx = this.#newContext();
      this.#inflight.set(key(ctx), { waiters: batch.waiters, age: issue(ctx) ? 0 : this.retryAfterTicks - 1, issuedAt: batch.issuedAt });
    }
  }

  /** A new leader is known: requests sent to the old one will not be answered, so re-issue them now rather than after retryAfterTicks. */
  leaderChanged(issue: IssueReadIndex): void {
    for (const batch of this.#inflight.values()) batch.age = Math.max(batch.age, this.retryAfterTicks - 1);
    this.onTick(issue);
  }

  failAll(err: Error): void {
    const all = [...this.#unsent, ...[...this.#inflight.values()].flatMap((b) => b.waiters), ...this.#awaitingApply.flatMap((a) => a.waiters)];
    this.#unsent = [];
    this.#inflight.clear();
    this.#awaitingApply = [];
    for (const w of all) {
      if (w.done) continue;
      w.done = true;
      clearTimeout(w.timer);
      w.reject(err);
    }
  }

  #newContext(): Uint8Array {
    const ctx = Buffer.alloc(CONTEXT_BYTES);
    this.#nonce.copy(ctx, 0);
    ctx.writeBigUInt64BE(BigInt(this.#nextId), 8);
    this.#nextId += 1;
    return ctx;
  }
}

function key(ctx: Uint8Array): string {
  return ctx.length === 0 ? '' : Buffer.from(ctx.buffer, ctx.byteOffset, ctx.byteLength).toString('hex');
}

function settle(w: ReadWaiter): void {
  if (w.done) return;
  w.done = true;
  clearTimeout(w.timer);
  w.resolve();
}
