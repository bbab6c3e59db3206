/**
 * Whether a learner may become a voter: only once its log is within
 * CAUGHT_UP_DISTANCE entries of the leader's commit index (the rule
 * ListMembers reports as "caught up" and auto-promotion follows). A voter
 * that cannot yet store entries would count toward the quorum without
 * helping it, as etcd refuses too.
 */
import { LearnerNotReadyError } from '../errors';
import type { NodeId, Status } from '../raft/types';

export function assertLearnerCaughtUp(status: Status, learner: NodeId, caughtUpDistance: number): void {
  if (!status.confState.learners.includes(learner)) return;
  const match = status.progress.get(learner)?.match ?? 0;
  if (match > 0 && match + caughtUpDistance >= status.commit) return;
  throw new LearnerNotReadyError(
    `can only promote a learner member which is in sync with leader: ${learner} has entries up to ${match}, the commit index is ${status.commit} (within ${caughtUpDistance} is in sync); see member list`,
  );
}
