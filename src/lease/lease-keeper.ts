/**
 * LeaseKeeper keeps lease expiry. It runs on every node but decides only
 * while this node leads: the leader's monotonic clock is the one clock that
 * counts, so expiry never depends on clocks agreeing across nodes.
 *
 *  - Every node keeps the table of leases in step with the state machine
 *    (LeaseSource.onLeaseChange), so a node that becomes leader has it ready.
 *  - On becoming leader, every lease gets its full TTL again: the old
 *    leader's keep-alives died with it, so expiring at once would punish
 *    clients for an election (etcd's lessor.Promote does the same).
 *  - While leading, a periodic check proposes a revoke (expired: true) for
 *    each lease past its expiry, a bounded number at a time, never twice at
 *    once; a failed proposal is retried by a later check. The lease leaves
 *    the table when the revoke is applied, like any other revoke.
 *  - Keep-alives and time-to-live reads are answered here, on the leader
 *    (LeaseRouter brings them here from followers).
 */
import { decodeResult, encodeCommand, throwIfFailed } from '../kv/command';
import type { LeaseRecord } from '../kv/records';
import { LeaseNotFoundError, NotAttemptedError, errorMessage } from '../errors';
import type { LeaseTimeLeft } from '../transport/transport';
import type { LeaseChange, LeaseSource } from './lease-source';

/** Milliseconds on a clock that never goes backwards (performance.now, or a fake in tests). */
export interface MonotonicClock {
  now(): number;
}

export const MONOTONIC_CLOCK: MonotonicClock = { now: () => performance.now() };

/** What the keeper needs from the node. */
export interface LeaseKeeperNode {
  /** Whether this node leads now, and its term: leading in a new term is a new leadership. */
  leadership(): { readonly leading: boolean; readonly term: number };
  /** Proposes an encoded command on this node as leader; resolves with the encoded result once applied. */
  proposeAsLeader(command: Uint8Array, deadline: Date): Promise<{ readonly result: Uint8Array }>;
}

export interface LeaseKeeperLogger {
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface LeaseKeeperOptions {
  readonly node: LeaseKeeperNode;
  readonly leases: LeaseSource;
  readonly logger: LeaseKeeperLogger;
  readonly clock?: MonotonicClock;
  /** How often the leader looks for expired leases. Default 300 ms. */
  readonly checkIntervalMs?: number;
  /** Most revokes one check starts; the rest wait for the next check. Default 32. */
  readonly maxRevokesPerCheck?: number;
  /** Deadline of one revoke proposal. Default 5 s. */
  readonly revokeTimeoutMs?: number;
}

const DEFAULT_CHECK_INTERVAL_MS = 300;
const DEFAULT_MAX_REVOKES_PER_CHECK = 32;
const DEFAULT_REVOKE_TIMEOUT_MS = 5_000;

interface KeptLease {
  readonly ttlSeconds: number;
  /** On the clock; meaningful only while this node leads. */
  expiresAt: number;
}

export class LeaseKeeper {
  readonly #opts: LeaseKeeperOptions;
  readonly #clock: MonotonicClock;
  #table = new Map<string, KeptLease>();
  /** Leases whose expiry revoke is proposed and not yet settled. */
  readonly #revoking = new Set<string>();
  /** The term this node leads in; undefined while it does not lead. */
  #leadingTerm: number | undefined;
  /** Changes seen while a reload reads the leases: replayed on top of what it read. */
  #changesDuringLoad: LeaseChange[] | undefined;
  #loadGeneration = 0;
  #expired = 0;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #closed = false;

  constructor(opts: LeaseKeeperOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? MONOTONIC_CLOCK;
  }

  /** Subscribes to lease changes, loads the leases and starts the periodic check. */
  async start(): Promise<void> {
    this.#unsubscribe = this.#opts.leases.onLeaseChange((changes) => this.#onChanges(changes));
    await this.#reload();
    if (this.#closed) return;
    this.#timer = setInterval(() => void this.check(), this.#opts.checkIntervalMs ?? DEFAULT_CHECK_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Stops checking and listening. Revokes in flight settle on their own. Idempotent. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Leases this node knows (for metrics). */
  get size(): number {
    return this.#table.size;
  }

  /** Leases this node, as leader, revoked because they expired (for metrics). */
  get expiredTotal(): number {
    return this.#expired;
  }

  /**
   * Notices a leadership change now rather than at the next check; the
   * server calls it on every leader change. Returns whether this node leads.
   */
  syncLeadership(): boolean {
    const { leading, term } = this.#opts.node.leadership();
    if (!leading || this.#closed) {
      if (this.#leadingTerm !== undefined) this.#opts.logger.info({ leases: this.#table.size }, 'no longer the leader: lease expiry stops here');
      this.#leadingTerm = undefined;
      return false;
    }
    if (this.#leadingTerm !== term) {
      this.#leadingTerm = term;
      const expiresAt = (l: KeptLease): number => this.#clock.now() + l.ttlSeconds * 1000;
      for (const l of this.#table.values()) l.expiresAt = expiresAt(l);
      this.#opts.logger.info({ term, leases: this.#table.size }, 'leading: every lease starts its full TTL again');
    }
    return true;
  }

  /**
   * Leader only: restarts each lease's TTL. Per id, the TTL restarted, or 0
   * when the lease does not exist or has already expired (its revoke is on
   * its way: a lease past its expiry is never brought back).
   */
  renew(ids: readonly string[]): number[] {
    this.#assertLeading();
    const now = this.#clock.now();
    return ids.map((id) => {
      const l = this.#table.get(id);
      if (l === undefined || l.expiresAt <= now || this.#revoking.has(id)) return 0;
      l.expiresAt = now + l.ttlSeconds * 1000;
      return l.ttlSeconds;
    });
  }

  /** Leader only: how long each lease has left, rounded up to whole seconds; -1 when it does not exist. */
  timesToLive(ids: readonly string[]): LeaseTimeLeft[] {
    this.#assertLeading();
    const now = this.#clock.now();
    return ids.map((id) => {
      const l = this.#table.get(id);
      if (l === undefined) return { ttlSeconds: -1, grantedTtlSeconds: 0 };
      return { ttlSeconds: Math.max(0, Math.ceil((l.expiresAt - now) / 1000)), grantedTtlSeconds: l.ttlSeconds };
    });
  }

  /**
   * Leader only: proposes a revoke for each expired lease not already being
   * revoked, at most maxRevokesPerCheck; resolves once those settled. The
   * periodic check calls it; tests call it directly.
   */
  async check(): Promise<void> {
    if (this.#closed || !this.syncLeadership()) return;
    const now = this.#clock.now();
    const max = this.#opts.maxRevokesPerCheck ?? DEFAULT_MAX_REVOKES_PER_CHECK;
    const started: Promise<void>[] = [];
    for (const [id, l] of this.#table) {
      if (started.length >= max) break;
      if (l.expiresAt > now || this.#revoking.has(id)) continue;
      started.push(this.#revokeExpired(id));
    }
    await Promise.all(started);
  }

  async #revokeExpired(id: string): Promise<void> {
    this.#revoking.add(id);
    const deadline = new Date(Date.now() + (this.#opts.revokeTimeoutMs ?? DEFAULT_REVOKE_TIMEOUT_MS));
    try {
      const applied = await this.#opts.node.proposeAsLeader(encodeCommand({ op: 'lease-revoke', id, expired: true }), deadline);
      throwIfFailed(decodeResult(applied.result));
      this.#expired += 1;
      this.#opts.logger.debug({ lease: id }, 'lease expired and was revoked');
    } catch (err) {
      if (err instanceof LeaseNotFoundError) {
        // Revoked meanwhile by someone else: nothing left to expire.
        this.#table.delete(id);
      } else {
        this.#opts.logger.debug({ lease: id, err: errorMessage(err) }, 'revoking an expired lease failed; a later check retries');
      }
    } finally {
      this.#revoking.delete(id);
    }
  }

  #assertLeading(): void {
    if (!this.syncLeadership()) throw new NotAttemptedError('this node does not lead, so it does not keep lease expiry');
  }

  #onChanges(changes: readonly LeaseChange[]): void {
    if (this.#closed) return;
    this.#changesDuringLoad?.push(...changes);
    for (const c of changes) {
      if (c.type === 'reset') void this.#reload();
      else applyChange(this.#table, c, this.#clock.now());
    }
  }

  /** Re-reads every lease (start, or a snapshot replaced them); keeps the expiry of leases already known. */
  async #reload(): Promise<void> {
    const generation = ++this.#loadGeneration;
    this.#changesDuringLoad = [];
    let records: LeaseRecord[];
    try {
      records = await this.#opts.leases.leases();
    } catch (err) {
      if (generation === this.#loadGeneration) this.#changesDuringLoad = undefined;
      this.#opts.logger.warn({ err: errorMessage(err) }, 'reading the leases failed; the lease table may be incomplete until the next reset');
      return;
    }
    // A newer reload started meanwhile: it has the fresher read.
    if (generation !== this.#loadGeneration) return;
    const now = this.#clock.now();
    const table = new Map<string, KeptLease>();
    for (const r of records) {
      const known = this.#table.get(r.id);
      table.set(r.id, { ttlSeconds: r.ttlSeconds, expiresAt: known?.expiresAt ?? now + r.ttlSeconds * 1000 });
    }
    // Changes applied after the read started may or may not be in it; both are idempotent.
    for (const c of this.#changesDuringLoad) if (c.type !== 'reset') applyChange(table, c, now);
    this.#changesDuringLoad = undefined;
    this.#table = table;
  }
}

function applyChange(table: Map<string, KeptLease>, change: Exclude<LeaseChange, { type: 'reset' }>, now: number): void {
  if (change.type === 'granted') {
    table.set(change.lease.id, { ttlSeconds: change.lease.ttlSeconds, expiresAt: now + change.lease.ttlSeconds * 1000 });
  } else {
    table.delete(change.id);
  }
}
