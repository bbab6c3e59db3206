import { ConfChangeType, type ConfChange, type ConfState, type NodeId } from '../types';

/**
 * Why `cc` cannot be applied to `cs`, or undefined when it can. A leader
 * refuses such a proposal; `applyConfChangeTo` treats it as a no-op, so that
 * every node derives the same configuration from the same log whatever it
 * holds.
 */
export function confChangeProblem(cs: ConfState, cc: ConfChange): string | undefined {
  const voter = cs.voters.includes(cc.nodeId);
  const learner = cs.learners.includes(cc.nodeId);
  switch (cc.type) {
    case ConfChangeType.AddVoter:
      return voter ? `${cc.nodeId} is already a voter` : undefined;
    case ConfChangeType.AddLearner:
      return voter || learner ? `${cc.nodeId} is already a member` : undefined;
    case ConfChangeType.PromoteLearner:
      return learner ? undefined : `${cc.nodeId} is not a learner`;
    case ConfChangeType.RemoveNode:
      if (!voter && !learner) return `${cc.nodeId} is not a member`;
      return voter && cs.voters.length === 1 ? `cannot remove ${cc.nodeId}, the last voter` : undefined;
  }
}

/** The configuration after `cc` (single-server change, thesis §4.1); `cs` unchanged when the change is invalid. */
export function applyConfChangeTo(cs: ConfState, cc: ConfChange): ConfState {
  if (confChangeProblem(cs, cc) !== undefined) return cs;
  const id = cc.nodeId;
  const without = (ids: readonly NodeId[]): NodeId[] => ids.filter((x) => x !== id);
  switch (cc.type) {
    case ConfChangeType.AddVoter:
    case ConfChangeType.PromoteLearner:
      return { voters: [...cs.voters, id].sort(), learners: without(cs.learners) };
    case ConfChangeType.AddLearner:
      return { voters: [...cs.voters], learners: [...cs.learners, id].sort() };
    case ConfChangeType.RemoveNode:
      return { voters: without(cs.voters), learners: without(cs.learners) };
  }
}

export function isMember(cs: ConfState, id: NodeId): boolean {
  return cs.voters.includes(id) || cs.learners.includes(id);
}
