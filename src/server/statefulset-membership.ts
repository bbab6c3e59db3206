/**
 * Keeps the Raft membership equal to the StatefulSet's spec.replicas
 * (`--follow-statefulset`), so that `kubectl scale` or `helm upgrade` alone
 * scales the cluster both ways (docs/kubernetes.md, "Scaling"):
 *
 * - the leader reads spec.replicas every `scaleCheckMs` and removes, one at a
 *   time, members whose pods are beyond it (scale-step.ts decides which, and
 *   refuses any removal that would leave fewer live voters than a majority);
 *   a leader that is itself beyond it hands leadership to a voter that stays;
 * - a pod told to stop reads spec.replicas: at or past it, it is being
 *   scaled away, not restarted, and waits (up to `leaveTimeoutMs`) until the
 *   leader has removed it, so its pod never goes while it still counts in the
 *   quorum. Scale-up needs nothing here: new pods join (config.ts, join.ts);
 * - a pod whose ordinal is wanted but whose member was removed (it comes back
 *   on the retained volume of a member removed by an earlier scale-down)
 *   asks to rejoin: its data belongs to a member the cluster no longer
 *   counts, so it is dropped and the node joins afresh.
 *
 * Liveness: the core marks a member recently active when it heard from it in
 * the current CheckQuorum window and clears the marks each window, so the
 * leader samples them often and calls a member live when it was marked within
 * the last two election timeouts. A leader decides nothing until it has led
 * that long, so every member had the chance to be seen.
 */
import { errorMessage } from '../errors';
import type { ReplicaSource } from '../discovery/statefulset-replicas';
import { ConfChangeType, type ConfChange } from '../raft';
import type { ConfState, NodeId, Status } from '../raft/types';
import type { ProbeRequest, ProbeResponse } from '../transport/probe-method';
import { nextScaleStep, type ScaleStep } from './scale-step';

/** The parts of RaftNode this needs. */
export interface MembershipNode {
  readonly id: NodeId;
  readonly leader: NodeId;
  readonly removed: boolean;
  readonly catchingUpAfterJoin: boolean;
  status(): Status;
  proposeConfChange(cc: ConfChange, deadline: Date): Promise<unknown>;
  transferLeadership(to: NodeId, deadline: Date): Promise<NodeId>;
}

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface StatefulSetMembershipOptions {
  readonly node: MembershipNode;
  readonly replicas: ReplicaSource;
  readonly clusterId: string;
  readonly stsName: string;
  readonly ordinal: number;
  readonly checkMs: number;
  readonly electionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** Peer addresses of the other members and initial pods, for the removed-member check. */
  readonly peers: () => ReadonlyMap<NodeId, string>;
  readonly probe: (address: string, req: ProbeRequest, timeoutMs: number) => Promise<ProbeResponse>;
  readonly logger: Logger;
  /** Called once when this pod is wanted but its member was removed: the server drops its data and joins afresh. */
  readonly onRejoinWanted: (reason: string) => void;
}

export class StatefulSetMembership {
  readonly #o: StatefulSetMembershipOptions;
  readonly #lastSeen = new Map<NodeId, number>();
  #leaderSince = 0;
  #timers: NodeJS.Timeout[] = [];
  #busy = false;
  #closed = false;
  #lastBlocked = '';
  #rejoinAsked = false;

  constructor(opts: StatefulSetMembershipOptions) {
    this.#o = opts;
  }

  start(): void {
    const sample = setInterval(() => this.#sample(), Math.max(20, Math.floor(this.#o.electionTimeoutMs / 4)));
    const check = setInterval(() => void this.#check(), this.#o.checkMs);
    for (const t of [sample, check]) t.unref();
    this.#timers = [sample, check];
  }

  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
  }

  /**
   * On SIGTERM: when this pod is being scaled away, wait until the cluster
   * no longer counts it (handing leadership over first if it leads). A
   * restart (ordinal below spec.replicas) or an unreadable API returns at
   * once: the pod comes back, and its member must stay.
   */
  async leaveIfScaledAway(timeoutMs: number): Promise<void> {
    const o = this.#o;
    let replicas: number;
    try {
      replicas = await o.replicas.desiredReplicas();
    } catch (err) {
      o.logger.warn({ err: errorMessage(err) }, 'stopping without leaving the cluster: the StatefulSet\'s replica count cannot be read, so this is taken for a restart');
      return;
    }
    if (o.ordinal < replicas || replicas < 1) return;
    const deadline = Date.now() + timeoutMs;
    o.logger.info({ replicas, ordinal: o.ordinal, timeoutMs }, 'scaled away: leaving the cluster before stopping');
    while (!this.#outOfCluster()) {
      if (Date.now() >= deadline) {
        o.logger.warn({ replicas, timeoutMs }, 'scaled away, but the cluster did not remove this member in time; stopping anyway (the leader removes it once its pod is gone)');
        return;
      }
      if (o.node.leader === o.node.id) await this.#exclusively(() => this.#reconcile(replicas));
      await new Promise((r) => setTimeout(r, 100));
    }
    o.logger.info({ replicas }, 'left the cluster: stopping');
  }

  /** Removed (applied) or left out of the configuration in our own log. */
  #outOfCluster(): boolean {
    const n = this.#o.node;
    return n.removed || (!n.catchingUpAfterJoin && !isMemberOf(n.status().confState, n.id));
  }

  #sample(): void {
    const n = this.#o.node;
    const now = Date.now();
    if (n.leader !== n.id) {
      this.#leaderSince = 0;
      this.#lastSeen.clear();
      return;
    }
    if (this.#leaderSince === 0) this.#leaderSince = now;
    for (const [id, pr] of n.status().progress) if (pr.recentActive || id === n.id) this.#lastSeen.set(id, now);
  }

  async #check(): Promise<void> {
    if (this.#closed) return;
    await this.#exclusively(async () => {
      const n = this.#o.node;
      if (n.leader === n.id) {
        await this.#reconcile(await this.#o.replicas.desiredReplicas());
      } else if (!this.#rejoinAsked && (n.removed || n.leader === '')) {
        await this.#checkStillMember();
      }
    });
  }

  /** One step at a time (the timer and a leaving leader both take steps); a failed step is logged and taken again later. */
  async #exclusively(step: () => Promise<void>): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      await step();
    } catch (err) {
      this.#o.logger.warn({ err: errorMessage(err) }, 'following the StatefulSet\'s replica count failed; trying again');
    } finally {
      this.#busy = false;
    }
  }

  /** Leader only: one step towards spec.replicas. */
  async #reconcile(replicas: number): Promise<void> {
    const o = this.#o;
    const n = o.node;
    const now = Date.now();
    if (this.#leaderSince === 0 || now - this.#leaderSince < 2 * o.electionTimeoutMs) return;
    const s = n.status();
    const live = new Set([...this.#lastSeen].filter(([, t]) => now - t <= 2 * o.electionTimeoutMs).map(([id]) => id));
    const step: ScaleStep = nextScaleStep({
      self: n.id,
      stsName: o.stsName,
      replicas,
      confState: s.confState,
      live,
      match: new Map([...s.progress].map(([id, pr]) => [id, pr.match])),
    });
    const deadline = new Date(now + o.requestTimeoutMs);
    switch (step.kind) {
      case 'none':
        this.#lastBlocked = '';
        return;
      case 'blocked':
        if (step.reason !== this.#lastBlocked) o.logger.warn({ replicas }, `scale-down waits: ${step.reason}`);
        this.#lastBlocked = step.reason;
        return;
      case 'transfer':
        o.logger.info({ replicas, to: step.to }, `handing leadership over before leaving: ${step.reason}`);
        await n.transferLeadership(step.to, deadline);
        return;
      case 'remove':
        o.logger.info({ replicas, nodeId: step.id }, `removing a member scaled away: ${step.reason}`);
        await n.proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: step.id }, deadline);
        o.logger.info({ replicas, nodeId: step.id }, `removed ${step.id}`);
        return;
    }
  }

  /**
   * A node that applied its own removal, or knows no leader (it may have
   * been removed while its pod was gone, and never heard of it): if its pod
   * is wanted and a leader that has seen our whole log leaves us out, ask
   * the server to rejoin.
   */
  async #checkStillMember(): Promise<void> {
    const o = this.#o;
    const n = o.node;
    const replicas = await o.replicas.desiredReplicas();
    if (o.ordinal >= replicas) return;
    let reason: string | undefined;
    if (n.removed) {
      reason = 'this member was removed (an earlier scale-down) and its pod is wanted again';
    } else {
      const s = n.status();
      const answers = await Promise.all(
        [...o.peers()].filter(([id]) => id !== n.id).map(([, address]) => o.probe(address, { clusterId: o.clusterId, from: n.id }, 2_000).catch(() => undefined)),
      );
      // Only a leader that holds everything we hold speaks for a configuration newer than ours.
      const leader = answers.find((a) => a !== undefined && a.state === 'member' && a.leaderId === a.nodeId && a.term >= s.term && a.commit >= s.lastIndex);
      if (leader !== undefined && !isMemberOf(leader.confState, n.id)) {
        reason = `the leader ${leader.nodeId} no longer lists this member (removed while its pod was gone) and its pod is wanted again`;
      }
    }
    if (reason === undefined) return;
    this.#rejoinAsked = true;
    o.logger.warn({ replicas }, `${reason}: dropping this member's data and joining afresh`);
    o.onRejoinWanted(reason);
  }
}

function isMemberOf(cs: ConfState, id: NodeId): boolean {
  return cs.voters.includes(id) || cs.learners.includes(id);
}
