/**
 * The periodic cross-member consistency check (etcd's corrupt check, done
 * through the log). Every --corrupt-check-interval-ms the leader proposes a
 * hash-check entry; every member hashes its state exactly as of that entry
 * (src/kv/hash-check.ts, state-hash.ts) and reports the digest through the
 * log, so every member sees every report. Once a digest is shared by a
 * majority of voters it is the cluster's (corruption-verdict.ts); a member
 * that reported another has diverged: the leader raises CORRUPT for it, and
 * that member stops serving reads and watches at once (before the alarm has
 * even gone through the log), and hands leadership away if it leads, since
 * what it would read is not the cluster's data. Writes go on: they are
 * applied through the log on every member alike.
 */
import { CorruptError, errorMessage } from '../errors';
import type { AlarmRecord } from '../kv/alarms';
import { encodeCommand } from '../kv/command';
import type { HashEvent } from '../kv/hash-check';
import { HASH_FORMAT, hashState } from '../kv/state-hash';
import type { Logger } from '../logger';
import { judgeHashes, type HashMembers } from './corruption-verdict';

/** Check points whose reports are kept; an older one still incomplete (a member was down) is dropped. */
const POINTS_KEPT = 4;
/** Deadline of the check's own proposals: a lost one is retried by the next check. */
const PROPOSAL_TIMEOUT_MS = 5_000;

export interface CorruptionCheckNode {
  leading(): boolean;
  members(): HashMembers;
  /** Proposes here, as leader only (the hash-check entry and the alarm). */
  proposeAsLeader(command: Uint8Array, deadline: Date): Promise<unknown>;
  /** Proposes through the leader, wherever it is (this member's report). */
  propose(command: Uint8Array, deadline: Date): Promise<unknown>;
  transferLeadership(to: string, deadline: Date): Promise<unknown>;
}

export interface CorruptionCheckOptions {
  readonly nodeId: string;
  /** --corrupt-check-interval-ms; 0 turns the periodic check off (reports are still made and judged). */
  readonly intervalMs: number;
  readonly node: CorruptionCheckNode;
  readonly stateMachine: { onHashEvent(listener: (e: HashEvent) => void): () => void; alarms(): readonly AlarmRecord[] };
  readonly logger: Logger;
  /** Told once when this member finds it diverged: end what it serves (open watches). */
  readonly onDiverged?: (err: CorruptError) => void;
}

export class CorruptionCheck {
  readonly #opts: CorruptionCheckOptions;
  /** Check point index → member → digest. */
  readonly #reports = new Map<number, Map<string, string>>();
  /** Per check point, the members whose CORRUPT this leader has proposed (one proposal each). */
  readonly #raised = new Map<number, Set<string>>();
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  /** The check point at which this member was found diverged; cleared when a later one finds it agrees. */
  #divergedAt: number | undefined;

  constructor(opts: CorruptionCheckOptions) {
    this.#opts = opts;
  }

  start(): void {
    this.#unsubscribe = this.#opts.stateMachine.onHashEvent((e) => this.#onEvent(e));
    if (this.#opts.intervalMs <= 0) return;
    this.#timer = setInterval(() => this.#tick(), this.#opts.intervalMs);
    this.#timer.unref();
  }

  /** Whether this member must not serve reads: its CORRUPT alarm stands, or a check found it diverged. */
  diverged(): boolean {
    return this.#divergedAt !== undefined || this.#opts.stateMachine.alarms().some((a) => a.alarm === 'CORRUPT' && a.memberId === this.#opts.nodeId);
  }

  /** The read and watch gate: throws CorruptError while diverged(). */
  assertServingReads(): void {
    if (this.diverged()) throw new CorruptError(this.#opts.nodeId);
  }

  /** Starts a check now (the timer's job; tests call it). Only the leader proposes. */
  checkNow(): void {
    this.#tick();
  }

  close(): void {
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #tick(): void {
    const o = this.#opts;
    if (!o.node.leading()) return;
    if (this.diverged()) {
      this.#handOff();
      return;
    }
    this.#propose('hash-check', () => o.node.proposeAsLeader(encodeCommand({ op: 'hash-check' }), deadline()));
  }

  /** A diverged leader would answer writes' reads (Txn compares, prev_kv) from its own state: it gives leadership to a member that agrees. */
  #handOff(): void {
    const o = this.#opts;
    const corrupt = new Set(o.stateMachine.alarms().filter((a) => a.alarm === 'CORRUPT').map((a) => a.memberId));
    const to = o.node.members().voters.find((v) => v !== o.nodeId && !corrupt.has(v));
    if (to === undefined) return;
    o.logger.warn({ to }, 'consistency check: this member diverged from the cluster; handing leadership to a member that agrees');
    this.#propose('leadership transfer', () => o.node.transferLeadership(to, deadline()));
  }

  #onEvent(e: HashEvent): void {
    const o = this.#opts;
    if (e.kind === 'point') {
      hashState(e.view, e.leases)
        .then((hash) => {
          o.logger.debug({ index: e.index, hash }, 'consistency check: hashed the state');
          this.#propose('hash report', () => o.node.propose(encodeCommand({ op: 'hash-report', index: e.index, memberId: o.nodeId, hash, format: HASH_FORMAT }), deadline()));
        })
        .catch((err: unknown) => o.logger.warn({ index: e.index, err: errorMessage(err) }, 'consistency check: could not hash the state'))
        .finally(() => void e.view.close().catch(() => undefined));
      return;
    }
    // Another version's digest is not comparable with ours (rolling upgrade): judged by its own kind only.
    if (e.format !== HASH_FORMAT) return;
    let point = this.#reports.get(e.index);
    if (point === undefined) {
      point = new Map();
      this.#reports.set(e.index, point);
      for (const old of [...this.#reports.keys()].sort((a, b) => a - b).slice(0, -POINTS_KEPT)) {
        this.#reports.delete(old);
        this.#raised.delete(old);
      }
    }
    point.set(e.memberId, e.hash);
    this.#judge(e.index, point);
  }

  #judge(index: number, point: ReadonlyMap<string, string>): void {
    const o = this.#opts;
    const verdict = judgeHashes(o.node.members(), point);
    if (verdict.kind === 'undecided') {
      if (verdict.split && point.size === o.node.members().voters.length) {
        o.logger.error({ index, hashes: Object.fromEntries(point) }, 'consistency check: no majority of members agree on the state; raising no alarm, look at every member');
      }
      return;
    }
    if (point.has(o.nodeId)) {
      const mine = !verdict.divergent.includes(o.nodeId);
      if (!mine && this.#divergedAt === undefined) {
        this.#divergedAt = index;
        o.logger.error({ index, hash: point.get(o.nodeId), cluster: verdict.hash }, 'consistency check: this member holds a state that differs from the cluster\'s; it serves no reads or watches until replaced');
        o.onDiverged?.(new CorruptError(o.nodeId));
      } else if (mine && this.#divergedAt !== undefined && index > this.#divergedAt) {
        this.#divergedAt = undefined;
      }
    }
    if (verdict.divergent.length === 0 || !o.node.leading()) return;
    const raised = this.#raised.get(index) ?? new Set<string>();
    this.#raised.set(index, raised);
    for (const id of verdict.divergent) {
      if (raised.has(id) || o.stateMachine.alarms().some((a) => a.alarm === 'CORRUPT' && a.memberId === id)) continue;
      raised.add(id);
      o.logger.error({ index, member: id, hash: point.get(id), cluster: verdict.hash }, 'consistency check: a member holds a state that differs from the cluster\'s; raising CORRUPT');
      this.#propose('CORRUPT alarm', () => o.node.proposeAsLeader(encodeCommand({ op: 'alarm', action: 'activate', memberId: id, alarm: 'CORRUPT' }), deadline()));
    }
  }

  #propose(what: string, run: () => Promise<unknown>): void {
    run().catch((err: unknown) => {
      // Leadership moved or no quorum: the next check tries again.
      this.#opts.logger.debug({ err: errorMessage(err) }, `consistency check: the ${what} did not go through`);
    });
  }
}

function deadline(): Date {
  return new Date(Date.now() + PROPOSAL_TIMEOUT_MS);
}
