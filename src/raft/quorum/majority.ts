import type { NodeId } from '../types';

export const VoteResult = {
  /** Not decided yet: enough votes are missing to go either way. */
  Pending: 'Pending',
  Lost: 'Lost',
  Won: 'Won',
} as const;
export type VoteResult = (typeof VoteResult)[keyof typeof VoteResult];

/**
 * The highest index acknowledged by a majority of `voters`, given each one's
 * acknowledged index (missing counts as 0). An empty configuration returns
 * +Infinity so that, in a joint configuration, an empty half never limits the
 * other (the caller takes the minimum of both halves).
 */
export function committedIndex(voters: Iterable<NodeId>, acked: (id: NodeId) => number | undefined): number {
  const indexes: number[] = [];
  for (const id of voters) indexes.push(acked(id) ?? 0);
  if (indexes.length === 0) return Number.POSITIVE_INFINITY;
  indexes.sort((a, b) => b - a);
  // Descending: the entry at position quorum - 1 is held by at least a quorum.
  return indexes[quorumSize(indexes.length) - 1] ?? 0;
}

/** Result of an election among `voters` given the votes received so far. */
export function voteResult(voters: Iterable<NodeId>, votes: ReadonlyMap<NodeId, boolean>): VoteResult {
  let total = 0;
  let granted = 0;
  let missing = 0;
  for (const id of voters) {
    total++;
    const v = votes.get(id);
    if (v === undefined) missing++;
    else if (v) granted++;
  }
  // An empty configuration wins by convention, for the same joint-config reason as above.
  if (total === 0) return VoteResult.Won;
  const q = quorumSize(total);
  if (granted >= q) return VoteResult.Won;
  if (granted + missing >= q) return VoteResult.Pending;
  return VoteResult.Lost;
}

export function quorumSize(voters: number): number {
  return Math.floor(voters / 2) + 1;
}
