/**
 * Where a request that needs the leader goes: here when this node leads,
 * else forwarded to the leader it knows, else it waits (bounded) for one to
 * be known. Clients never need to find the leader (DESIGN.md §1).
 */
import { NONE, type NodeId } from '../raft/types';
import { NoLeaderError, NotAttemptedError } from '../errors';
import { delay, msUntil } from './deadline';
import type { NodeContext } from './node-context';

export class LeaderRouting {
  readonly #ctx: NodeContext;
  /** Requests waiting for some leader to be known. */
  readonly #waiters = new Set<() => void>();

  constructor(ctx: NodeContext) {
    this.#ctx = ctx;
  }

  /**
   * Runs `onLeader` here when this node leads, else `forward` to the leader,
   * waiting for one when none is known. Retries only while the request was
   * provably not attempted (no leader, a leader stepping down or shutting
   * down, another membership change in flight); this node's own shutdown is
   * caught by assertOpen at the top of the loop.
   */
  async through<T>(deadline: Date, onLeader: () => Promise<T>, forward: (lead: NodeId) => Promise<T>): Promise<T> {
    const ctx = this.#ctx;
    let lastError: Error = new NoLeaderError();
    while (msUntil(deadline) > 0) {
      ctx.assertOpen();
      const lead = ctx.leader();
      try {
        if (lead === ctx.opts.id) return await onLeader();
        if (lead !== NONE) return await forward(lead);
        await this.#waitForLeader(deadline);
        continue;
      } catch (err) {
        if (!(err instanceof NotAttemptedError)) throw err;
        lastError = err;
      }
      // Not attempted (leadership moving): give the cluster a tick to settle.
      await delay(ctx.opts.tickMs);
    }
    throw lastError;
  }

  /** Some leader became known: requests waiting for one go on. */
  leaderKnown(): void {
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  /** The node is closing: waiting requests find out at once. */
  wakeAll(): void {
    for (const wake of this.#waiters) wake();
  }

  /** Waits until some leader is known, or the deadline or one election timeout passes. */
  async #waitForLeader(deadline: Date): Promise<void> {
    const ctx = this.#ctx;
    const electionMs = ctx.opts.tickMs * ctx.opts.electionTicks * 2;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(msUntil(deadline), electionMs));
      timer.unref();
      this.#waiters.add(done);
    });
    if (ctx.leader() === NONE && !ctx.stopped()) throw new NoLeaderError();
  }
}
