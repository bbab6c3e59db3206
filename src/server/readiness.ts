import { NONE } from '../raft/types';
import type { RaftNode } from '../node/raft-node';

/** How far applied may trail commit while the node still counts as caught up. */
export const READY_MAX_APPLY_LAG = 1000;

/**
 * Ready means: a member of a cluster with a known leader, and the applied log
 * caught up with the commit index this node knows. Used by /readyz and the
 * gRPC health service alike, so both always agree.
 */
export function readiness(node: RaftNode): { ready: boolean; reason: string } {
  const s = node.status();
  if (s.lead === NONE) return { ready: false, reason: 'no leader is known' };
  if (!s.confState.voters.includes(s.id) && !s.confState.learners.includes(s.id)) {
    return { ready: false, reason: 'not a member of the cluster configuration' };
  }
  const lag = s.commit - s.applied;
  if (lag > READY_MAX_APPLY_LAG) return { ready: false, reason: `applied index trails commit by ${lag} entries` };
  return { ready: true, reason: `leader ${s.lead}, term ${s.term}, applied ${s.applied}` };
}
