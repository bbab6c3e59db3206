import { committedIndex, voteResult, VoteResult } from '../quorum';
import type { ConfState, NodeId } from '../types';
import { Progress } from './progress';

/**
 * The configuration (who votes, who only learns) and the leader's Progress
 * for every member, plus the votes of the current election. Membership
 * changes replace `voters`/`learners` through applyConfState.
 */
export class ProgressTracker {
  readonly maxInflight: number;
  readonly maxInflightBytes: number | undefined;
  // Invariant: voters and learners are disjoint.
  #voters: ReadonlySet<NodeId> = new Set();
  #learners: ReadonlySet<NodeId> = new Set();
  // Invariant: keys are voters ∪ learners ∪ departing, where departing members
  // were removed by a change not yet committed: the leader still replicates to
  // them so they learn of their removal, but they count for nothing.
  readonly progress = new Map<NodeId, Progress>();
  readonly votes = new Map<NodeId, boolean>();

  constructor(maxInflight: number, maxInflightBytes?: number) {
    this.maxInflight = maxInflight;
    this.maxInflightBytes = maxInflightBytes;
  }

  get voters(): ReadonlySet<NodeId> {
    return this.#voters;
  }

  confState(): ConfState {
    return { voters: [...this.#voters].sort(), learners: [...this.#learners].sort() };
  }

  /**
   * Adopts a configuration, keeping the Progress of members that stay (a
   * promoted learner keeps its match). A new member starts in Probe at
   * `nextIndex`; a removed one's Progress is dropped unless it is in
   * `departing`.
   */
  applyConfState(cs: ConfState, nextIndex: number, departing: ReadonlySet<NodeId> = new Set()): void {
    this.#voters = new Set(cs.voters);
    this.#learners = new Set(cs.learners.filter((id) => !this.#voters.has(id)));
    for (const id of [...this.progress.keys()]) {
      if (!this.#voters.has(id) && !this.#learners.has(id) && !departing.has(id)) this.progress.delete(id);
    }
    for (const id of [...this.#voters, ...this.#learners]) {
      const pr = this.progress.get(id);
      const isLearner = this.#learners.has(id);
      if (pr === undefined) {
        this.progress.set(id, new Progress({ match: 0, next: nextIndex, maxInflight: this.maxInflight, maxInflightBytes: this.maxInflightBytes, isLearner }));
      } else {
        pr.isLearner = isLearner;
      }
    }
  }

  /** Whether `id` is a voter or a learner. */
  isMember(id: NodeId): boolean {
    return this.#voters.has(id) || this.#learners.has(id);
  }

  /** No configuration at all: a node that joins with an empty log, before it installs a snapshot. */
  isEmpty(): boolean {
    return this.#voters.size === 0 && this.#learners.size === 0;
  }

  /**
   * Fresh Progress for everyone, as a new term starts: peers' match unknown
   * and next optimistic; our own match is what we hold durably.
   */
  resetProgress(nextIndex: number, selfId: NodeId, selfMatch: number): void {
    for (const id of this.progress.keys()) {
      this.progress.set(
        id,
        new Progress({
          match: id === selfId ? selfMatch : 0,
          next: nextIndex,
          maxInflight: this.maxInflight,
          maxInflightBytes: this.maxInflightBytes,
          isLearner: this.#learners.has(id),
        }),
      );
    }
  }

  /** Members in a fixed order, so message order does not depend on insertion history. */
  ids(): NodeId[] {
    return [...this.progress.keys()].sort();
  }

  isVoter(id: NodeId): boolean {
    return this.#voters.has(id);
  }

  isSingleton(): boolean {
    return this.#voters.size === 1;
  }

  /** Highest index durable on a majority of voters (learners never count). */
  committed(): number {
    return committedIndex(this.#voters, (id) => this.progress.get(id)?.match);
  }

  /** Whether a majority of voters were heard from since the last check. */
  quorumActive(selfId: NodeId): boolean {
    const active = new Map<NodeId, boolean>();
    for (const [id, pr] of this.progress) active.set(id, id === selfId || pr.recentActive);
    return voteResult(this.#voters, active) === VoteResult.Won;
  }

  /** Records the first vote from `id` in this election; later ones are ignored. */
  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  tallyVotes(): { granted: number; rejected: number; result: VoteResult } {
    let granted = 0;
    let rejected = 0;
    for (const id of this.#voters) {
      const v = this.votes.get(id);
      if (v === true) granted++;
      else if (v === false) rejected++;
    }
    return { granted, rejected, result: voteResult(this.#voters, this.votes) };
  }

  resetVotes(): void {
    this.votes.clear();
  }
}
