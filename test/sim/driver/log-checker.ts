import type { RaftNode } from '../../../src/node/raft-node';
import { Role, type Entry, type NodeId } from '../../../src/raft/types';
import { ViolationKind } from '../support/violation';

/** An entry some node applied: what is committed at its index. */
export interface CommittedEntry {
  readonly term: number;
  readonly content: string;
}

/** A node that is up, as the checker sees it at a step. */
export interface LiveNode {
  readonly id: NodeId;
  /** Names the incarnation ("n1#3"): a restarted node's log is checked whole again. */
  readonly incarnation: string;
  readonly node: RaftNode;
}

/**
 * Log matching and leader completeness over the nodes' stored logs,
 * checked incrementally: each (node, index) pair is judged when it can first
 * break a property — when the node stores an entry there, when the entry at
 * that index is first known committed, or when the node becomes leader —
 * instead of re-reading every log after every step.
 *
 * When an entry counts as committed "by" a term comes from each node's
 * commit watermark: a node seen in term T with its commit index at or past
 * i shows entry i was committed in term T or earlier, so every leader of a
 * later term must hold it. Each index keeps the lowest such term over every
 * observation; an observation can only be late, never early, so the check
 * never blames a leader wrongly.
 */
export class LogChecker {
  readonly #fail: (kind: ViolationKind, detail: string) => void;
  readonly #committed = new Map<number, CommittedEntry>();
  /** Per index: the lowest term in which some node was seen with its commit index at or past it. */
  readonly #committedBy = new Map<number, number>();
  /** Per node: the highest commit index it was seen with (any incarnation: a commit index never shrinks in meaning). */
  readonly #watermark = new Map<NodeId, number>();
  /** Indexes whose committed entry or committing term changed since the last check. */
  #fresh = new Set<number>();
  /** Incarnations whose stored log must be checked whole at the next check (just started). */
  readonly #whole = new Set<string>();
  /** Leaderships ("n1#2@7") whose log was checked whole, and the highest index each must hold. */
  readonly #leaderships = new Map<string, number>();

  constructor(fail: (kind: ViolationKind, detail: string) => void) {
    this.#fail = fail;
  }

  committed(index: number): CommittedEntry | undefined {
    return this.#committed.get(index);
  }

  /**
   * `id` applied `e` (its content given): the first apply at an index fixes
   * what is committed there, and every later one must agree (state machine
   * safety). Returns whether this was the first apply at that index.
   */
  applied(id: NodeId, e: Entry, content: string): boolean {
    const known = this.#committed.get(e.index);
    if (known === undefined) {
      this.#committed.set(e.index, { term: e.term, content });
      this.#fresh.add(e.index);
      return true;
    }
    if (known.term !== e.term || known.content !== content) {
      this.#fail(ViolationKind.StateMachineSafety, `${id} applied ${e.index}/${e.term} where ${e.index}/${known.term} was applied before`);
    }
    return false;
  }

  /** `id` was seen in `term` with its commit index at `commit`: every entry up to there is committed by `term`. */
  commitSeen(id: NodeId, commit: number, term: number): void {
    const from = this.#watermark.get(id) ?? 0;
    if (commit > from) this.#watermark.set(id, commit);
    // Below the old watermark, an earlier observation of this node had a term no higher.
    for (let i = from + 1; i <= commit; i += 1) {
      const by = this.#committedBy.get(i);
      if (by === undefined || term < by) {
        this.#committedBy.set(i, term);
        this.#fresh.add(i);
      }
    }
  }

  /** `id` is storing `entries` (a save): each must match the committed entry of the same term at its index. */
  stored(id: NodeId, entries: readonly Entry[], contentOf: (e: Entry) => string): void {
    for (const e of entries) {
      const committed = this.#committed.get(e.index);
      if (committed !== undefined && committed.term === e.term && contentOf(e) !== committed.content) {
        this.#fail(ViolationKind.LogMatching, `${id} stores a different entry at ${e.index}/${e.term} than the one committed there`);
      }
    }
  }

  /** A new incarnation's log (read from its disk) is checked whole at the next check. */
  started(incarnation: string): void {
    this.#whole.add(incarnation);
  }

  /**
   * The check after a step, over the nodes that are up: their commit
   * watermarks, then every pair that may have changed since the last check.
   */
  check(nodes: readonly LiveNode[], contentOf: (e: Entry) => string): void {
    const views = nodes.map((n) => ({ ...n, status: n.node.status(), leads: n.node.role === Role.Leader }));
    for (const v of views) this.commitSeen(v.id, v.status.commit, v.status.term);
    const fresh = this.#fresh;
    this.#fresh = new Set();
    for (const v of views) {
      const base = v.node.logBase.index;
      const leadership = `${v.incarnation}@${v.status.term}`;
      const whole = this.#whole.delete(v.incarnation);
      const newLeader = v.leads && !this.#leaderships.has(leadership);
      if (whole || newLeader) {
        for (const index of this.#committed.keys()) if (index > base) this.#checkAt(v, index, contentOf);
        if (v.leads) this.#leaderships.set(leadership, this.#mustHoldThrough(v.status.term));
        continue;
      }
      for (const index of fresh) if (index > base) this.#checkAt(v, index, contentOf);
      if (v.leads) {
        // A leader's log only grows while it leads, and a stored log loses an
        // entry only with every entry after it: the highest one it must hold
        // stands for all of them.
        let through = this.#leaderships.get(leadership) ?? 0;
        for (const index of fresh) if (index > through && this.#mustHold(index, v.status.term)) through = index;
        this.#leaderships.set(leadership, through);
        if (through > base) this.#checkAt(v, through, contentOf);
      }
    }
  }

  /** The highest committed index whose entry `node` has in its log (entries there are synced). */
  heldThrough(node: RaftNode): number {
    let held = 0;
    for (const [index, committed] of this.#committed) {
      if (index <= held) continue;
      const e = node.storedEntry(index);
      if (e !== undefined && e.term === committed.term) held = index;
    }
    return held;
  }

  #mustHold(index: number, term: number): boolean {
    const by = this.#committedBy.get(index);
    return by !== undefined && term > by && this.#committed.has(index);
  }

  #mustHoldThrough(term: number): number {
    let through = 0;
    for (const index of this.#committed.keys()) if (index > through && this.#mustHold(index, term)) through = index;
    return through;
  }

  #checkAt(v: LiveNode & { readonly status: ReturnType<RaftNode['status']>; readonly leads: boolean }, index: number, contentOf: (e: Entry) => string): void {
    const committed = this.#committed.get(index);
    if (committed === undefined) return;
    const e = v.node.storedEntry(index);
    if (e !== undefined && e.term === committed.term && contentOf(e) !== committed.content) {
      this.#fail(ViolationKind.LogMatching, `${v.id} holds a different entry at ${index}/${e.term} than the one committed there`);
    }
    if (v.leads && this.#mustHold(index, v.status.term) && (e === undefined || e.term !== committed.term)) {
      const lastIndex = v.status.lastIndex;
      const holds = e === undefined ? (index > lastIndex ? `a log ending at ${lastIndex}` : 'nothing stored there') : `${index}/${e.term}`;
      this.#fail(ViolationKind.LeaderCompleteness, `leader ${v.id} of term ${v.status.term} lacks entry ${index}/${committed.term}, committed by term ${this.#committedBy.get(index)}; it has ${holds}`);
    }
  }
}
