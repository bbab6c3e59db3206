/**
 * The next membership change that brings a cluster run by a StatefulSet to
 * its desired replica count, one change at a time (docs/kubernetes.md,
 * "Scaling"). Pure: the leader's reconciler (statefulset-membership.ts)
 * feeds it the core's status and what it has seen of its peers.
 *
 * Pods `<sts>-<i>` with i >= replicas are being scaled away, or are gone for
 * good: their members go, highest ordinal first (the order in which the
 * StatefulSet deletes pods), except that a member not heard from goes before
 * a live one. Removing a dead voter never costs the quorum anything; removing
 * a live voter is allowed only when the live voters that remain are still a
 * majority of the voters that remain. The leader never removes itself: it
 * hands leadership to a live voter that stays, which then removes it.
 */
import { parsePodHostname } from '../discovery/k8s-names';
import type { ConfState, NodeId } from '../raft/types';

export type ScaleStep =
  | { readonly kind: 'none' }
  | { readonly kind: 'remove'; readonly id: NodeId; readonly reason: string }
  | { readonly kind: 'transfer'; readonly to: NodeId; readonly reason: string }
  | { readonly kind: 'blocked'; readonly reason: string };

export interface ScaleView {
  readonly self: NodeId;
  readonly stsName: string;
  /** spec.replicas of the StatefulSet. */
  readonly replicas: number;
  /** The leader's configuration. */
  readonly confState: ConfState;
  /** Members heard from recently (the leader counts itself). */
  readonly live: ReadonlySet<NodeId>;
  /** Replication progress (match index) per member, to pick the most caught-up successor. */
  readonly match: ReadonlyMap<NodeId, number>;
}

/** The ordinal of a member that is a pod of this StatefulSet, else undefined (a member added by hand keeps its place). */
export function ordinalOf(id: NodeId, stsName: string): number | undefined {
  const pod = parsePodHostname(id, stsName);
  return typeof pod === 'string' ? undefined : pod.ordinal;
}

export function nextScaleStep(v: ScaleView): ScaleStep {
  // Zero replicas stops every pod; the membership stays for when they return.
  if (v.replicas < 1) return { kind: 'none' };
  const away = (id: NodeId): boolean => (ordinalOf(id, v.stsName) ?? -1) >= v.replicas;
  const members = [...v.confState.voters, ...v.confState.learners];
  const leaving = members.filter(away);
  if (leaving.length === 0) return { kind: 'none' };
  const byOrdinalDesc = (a: NodeId, b: NodeId): number => (ordinalOf(b, v.stsName) ?? 0) - (ordinalOf(a, v.stsName) ?? 0);
  // Dead ones first, then the live ones; each group highest ordinal first.
  const order = [...leaving.filter((id) => !v.live.has(id)).sort(byOrdinalDesc), ...leaving.filter((id) => v.live.has(id)).sort(byOrdinalDesc)];
  const voters = v.confState.voters;
  const liveVoters = voters.filter((id) => v.live.has(id));
  for (const id of order) {
    if (id === v.self) continue;
    if (!voters.includes(id)) return { kind: 'remove', id, reason: `learner ${id} is beyond the StatefulSet's ${v.replicas} replicas` };
    const remaining = voters.length - 1;
    const liveRemaining = liveVoters.filter((x) => x !== id).length;
    if (liveRemaining >= Math.floor(remaining / 2) + 1) {
      return { kind: 'remove', id, reason: `${id} is beyond the StatefulSet's ${v.replicas} replicas (${v.live.has(id) ? 'its pod still answers' : 'its pod does not answer'}); ${liveRemaining} of the ${remaining} voters left are live` };
    }
  }
  if (leaving.includes(v.self)) {
    const successor = voters
      .filter((id) => id !== v.self && !away(id) && v.live.has(id))
      .sort((a, b) => (v.match.get(b) ?? 0) - (v.match.get(a) ?? 0))[0];
    if (successor !== undefined) return { kind: 'transfer', to: successor, reason: `this leader is beyond the StatefulSet's ${v.replicas} replicas; ${successor} stays` };
    return { kind: 'blocked', reason: `this leader is beyond the StatefulSet's ${v.replicas} replicas but no live voter that stays can take over` };
  }
  return {
    kind: 'blocked',
    reason: `removing ${order.join(', ')} now would leave fewer live voters than a majority (${liveVoters.length} of ${voters.length} voters live); waiting`,
  };
}
