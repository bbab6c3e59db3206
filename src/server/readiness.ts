import { MessageType, NONE, Role, type Message, type Status } from '../raft/types';

/** How far applied may trail the leader's commit index while the node still counts as caught up. */
export const READY_MAX_APPLY_LAG = 1000;

/**
 * The leader's commit index as this node last heard it. A follower's own
 * commit index is capped at what it has in its log, so a follower far behind
 * (back from a long outage) would look caught up by its own numbers; every
 * AppendEntries carries the leader's true commit index, and the peer server
 * shows each incoming batch here before the driver sees it.
 */
export class LeaderCommitTracker {
  #term = 0;
  #commit = 0;

  observe(messages: readonly Message[]): void {
    for (const m of messages) {
      if (m.type !== MessageType.App && m.type !== MessageType.Heartbeat) continue;
      if (m.term > this.#term) {
        this.#term = m.term;
        this.#commit = m.commit;
      } else if (m.term === this.#term && m.commit > this.#commit) {
        this.#commit = m.commit;
      }
    }
  }

  /** The highest commit index the leader of `term` announced, if any message of that term arrived. */
  leaderCommit(term: number): number | undefined {
    return term === this.#term ? this.#commit : undefined;
  }
}

/**
 * Ready means: a member of a cluster with a known leader, and the applied log
 * within READY_MAX_APPLY_LAG entries of the leader's commit index, and not a
 * member whose state diverged from the cluster's (its CORRUPT alarm: it
 * refuses reads, so a load balancer should send clients elsewhere, as etcd's
 * /health turns false under an alarm). Used by /readyz and the gRPC health
 * service alike, so both always agree.
 */
export function readiness(
  node: { status(): Status & { readonly applied: number } },
  tracker?: LeaderCommitTracker,
  diverged?: () => boolean,
): { ready: boolean; reason: string } {
  const s = node.status();
  if (diverged?.() === true) return { ready: false, reason: "this member's state differs from the cluster's (CORRUPT alarm): it serves no reads; replace it (docs/operations.md)" };
  if (s.lead === NONE) return { ready: false, reason: 'no leader is known' };
  if (!s.confState.voters.includes(s.id) && !s.confState.learners.includes(s.id)) {
    return { ready: false, reason: 'not a member of the cluster configuration' };
  }
  const leaderCommit = s.role === Role.Leader ? s.commit : Math.max(s.commit, tracker?.leaderCommit(s.term) ?? 0);
  const lag = leaderCommit - s.applied;
  if (lag > READY_MAX_APPLY_LAG) {
    return { ready: false, reason: `applied index ${s.applied} trails the leader's commit index ${leaderCommit} by ${lag} entries` };
  }
  return { ready: true, reason: `leader ${s.lead}, term ${s.term}, applied ${s.applied}` };
}
