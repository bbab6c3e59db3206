import { describeEntry, Role, type Entry, type NodeId, type Status } from '../../../src/raft';
import type { Disk } from './disk';
import { contentKey, payloadOf } from './trace';
import { SafetyViolation, ViolationKind } from './violation';

/** An entry known to be committed, and the lowest term by which some node knew it. */
interface CommittedEntry {
  readonly entry: Entry;
  readonly key: string;
  readonly by: NodeId;
  /**
   * A term no lower than the one whose leader committed the entry: the
   * observer's persisted term when it saw the entry committed. Every leader of
   * a higher term must hold the entry (Leader Completeness). Overestimating
   * only weakens the check; it never raises a false alarm.
   */
  observedTerm: number;
}

/**
 * The safety properties of Raft (paper Figure 3), checked after every step of
 * a simulation against the simulator's record of each node's disk:
 *
 * - Election Safety: at most one leader per term, over the whole run.
 * - Log Matching: every (index, term) pair names one entry with one
 *   predecessor term. By induction this is exactly "two logs that share an
 *   entry are identical up to it", checked in O(1) per persisted entry;
 *   checkLogsPairwise() checks the literal statement too.
 * - Leader Completeness: a leader holds every entry committed in an earlier
 *   term, checked when it is elected and whenever a new commit is seen; and no
 *   node ever removes a committed entry from its persisted log.
 * - State Machine Safety: no two nodes apply different entries at one index,
 *   and no command is applied at two indexes.
 */
export class SafetyChecker {
  readonly #disks: ReadonlyMap<NodeId, Disk>;
  readonly #leaderOfTerm = new Map<number, NodeId>();
  /** Nodes that last reported themselves leader, with their term. */
  readonly #currentLeaders = new Map<NodeId, number>();
  /** Committed entries by log index; always a prefix [1, maxCommitted]. */
  readonly #committed: (CommittedEntry | undefined)[] = [];
  #maxCommitted = 0;
  /** How far each node's persisted commit index has been read. */
  readonly #commitSeen = new Map<NodeId, number>();
  /** "index/term" of every entry ever persisted, with its content and predecessor term. */
  readonly #entries = new Map<string, { readonly entry: Entry; readonly key: string; readonly prevTerm: number; readonly by: NodeId }>();
  /** What was first applied at each index, and by whom. */
  readonly #applied: ({ readonly entry: Entry; readonly by: NodeId } | undefined)[] = [];
  /** Where each non-empty payload was applied. */
  readonly #appliedPayloadIndex = new Map<string, number>();

  constructor(disks: ReadonlyMap<NodeId, Disk>) {
    this.#disks = disks;
  }

  get maxCommitted(): number {
    return this.#maxCommitted;
  }

  /** The terms in which some node was seen leading, with who led. */
  get leaders(): ReadonlyMap<number, NodeId> {
    return this.#leaderOfTerm;
  }

  /** After a node persisted a Ready: `removed` are the entries its write replaced. */
  onPersisted(id: NodeId, removed: readonly Entry[], appended: readonly Entry[]): void {
    const disk = this.#disk(id);
    for (const old of removed) {
      const c = this.#committed[old.index];
      if (c !== undefined && c.entry.term === old.term && disk.entryAt(old.index)?.term !== old.term) {
        throw new SafetyViolation(
          ViolationKind.LeaderCompleteness,
          `${id} overwrote committed entry ${describeEntry(old)} (committed as seen by ${c.by} at term ${c.observedTerm})`,
        );
      }
    }
    for (const e of appended) this.#registerEntry(id, disk, e);
    this.#observeCommit(id, disk);
  }

  /** After a node reported its status: Election Safety and, for a new leader, Leader Completeness. */
  onStatus(status: Status): void {
    const { id, term } = status;
    if (status.role !== Role.Leader) {
      this.#currentLeaders.delete(id);
      return;
    }
    const earlier = this.#leaderOfTerm.get(term);
    if (earlier === undefined) this.#leaderOfTerm.set(term, id);
    else if (earlier !== id) {
      throw new SafetyViolation(ViolationKind.ElectionSafety, `${id} and ${earlier} were both leader in term ${term}`);
    }
    if (this.#currentLeaders.get(id) === term) return;
    this.#currentLeaders.set(id, term);
    for (let i = 1; i <= this.#maxCommitted; i++) this.#checkLeaderHolds(id, term, i);
  }

  /** A crashed node forgets that it led. */
  onCrash(id: NodeId): void {
    this.#currentLeaders.delete(id);
  }

  /** After a node applied an entry to its state machine; `term` is its persisted term. */
  onApplied(id: NodeId, e: Entry, term: number): void {
    const first = this.#applied[e.index];
    if (first === undefined) {
      this.#applied[e.index] = { entry: e, by: id };
    } else if (first.entry.term !== e.term || contentKey(first.entry) !== contentKey(e)) {
      throw new SafetyViolation(
        ViolationKind.StateMachineSafety,
        `${id} applied ${describeEntry(e)} but ${first.by} applied ${describeEntry(first.entry)} at index ${e.index}`,
      );
    }
    const payload = payloadOf(e.data);
    if (payload !== '') {
      const at = this.#appliedPayloadIndex.get(payload);
      if (at === undefined) this.#appliedPayloadIndex.set(payload, e.index);
      else if (at !== e.index) {
        throw new SafetyViolation(ViolationKind.StateMachineSafety, `${id} applied command ${payload} at ${e.index}, already applied at ${at}`);
      }
    }
    this.#recordCommitted(id, e, term);
  }

  /**
   * The literal Log Matching property over every pair of persisted logs: if
   * two logs hold an entry with the same index and term, they are identical up
   * to it. O(nodes² × log), so run at the end of a scenario, not every step.
   */
  checkLogsPairwise(): void {
    const all = [...this.#disks.entries()];
    for (const [ai, [a, da]] of all.entries()) {
      for (const [b, db] of all.slice(ai + 1)) {
        const from = Math.max(da.snapshot.index, db.snapshot.index) + 1;
        let shared = 0;
        for (let i = Math.min(da.lastIndex, db.lastIndex); i >= from; i--) {
          if (da.termAt(i) === db.termAt(i)) {
            shared = i;
            break;
          }
        }
        for (let i = from; i <= shared; i++) {
          const ea = da.entryAt(i);
          const eb = db.entryAt(i);
          if (ea === undefined || eb === undefined || ea.term !== eb.term || contentKey(ea) !== contentKey(eb)) {
            throw new SafetyViolation(
              ViolationKind.LogMatching,
              `${a} and ${b} share an entry at ${shared} but differ at ${i}: ${ea ? describeEntry(ea) : '-'} vs ${eb ? describeEntry(eb) : '-'}`,
            );
          }
        }
      }
    }
  }

  #registerEntry(id: NodeId, disk: Disk, e: Entry): void {
    const prevTerm = disk.termAt(e.index - 1) ?? -1;
    if (e.term < prevTerm) {
      throw new SafetyViolation(ViolationKind.LogMatching, `${id} persisted ${describeEntry(e)} after an entry of term ${prevTerm}`);
    }
    const at = `${e.index}/${e.term}`;
    const key = contentKey(e);
    const known = this.#entries.get(at);
    if (known === undefined) {
      this.#entries.set(at, { entry: e, key, prevTerm, by: id });
    } else if (known.key !== key || known.prevTerm !== prevTerm) {
      throw new SafetyViolation(
        ViolationKind.LogMatching,
        `${id} persisted ${describeEntry(e)} after term ${prevTerm}, but ${known.by} holds ${describeEntry(known.entry)} after term ${known.prevTerm}`,
      );
    }
  }

  #observeCommit(id: NodeId, disk: Disk): void {
    const commit = disk.hardState.commit;
    if (commit > disk.lastIndex) {
      throw new SafetyViolation(ViolationKind.ReadyContract, `${id} persisted commit ${commit} beyond its last persisted index ${disk.lastIndex}`);
    }
    const seen = this.#commitSeen.get(id) ?? 0;
    for (let i = Math.max(seen + 1, disk.snapshot.index + 1); i <= commit; i++) {
      const e = disk.entryAt(i);
      if (e !== undefined) this.#recordCommitted(id, e, disk.hardState.term);
    }
    if (commit > seen) this.#commitSeen.set(id, commit);
  }

  #recordCommitted(by: NodeId, e: Entry, observedTerm: number): void {
    const key = contentKey(e);
    const known = this.#committed[e.index];
    if (known === undefined) {
      this.#committed[e.index] = { entry: e, key, by, observedTerm };
      this.#maxCommitted = Math.max(this.#maxCommitted, e.index);
    } else if (known.entry.term !== e.term || known.key !== key) {
      throw new SafetyViolation(
        ViolationKind.StateMachineSafety,
        `${by} holds ${describeEntry(e)} as committed, but ${known.by} holds ${describeEntry(known.entry)} as committed`,
      );
    } else if (observedTerm < known.observedTerm) {
      known.observedTerm = observedTerm;
    } else {
      return;
    }
    for (const [leader, term] of this.#currentLeaders) this.#checkLeaderHolds(leader, term, e.index);
  }

  #checkLeaderHolds(leader: NodeId, leaderTerm: number, index: number): void {
    const c = this.#committed[index];
    if (c === undefined || c.observedTerm >= leaderTerm) return;
    const disk = this.#disk(leader);
    if (index <= disk.snapshot.index) return;
    const held = disk.entryAt(index);
    if (held?.term !== c.entry.term) {
      throw new SafetyViolation(
        ViolationKind.LeaderCompleteness,
        `${leader} leads term ${leaderTerm} without committed entry ${describeEntry(c.entry)} ` +
          `(committed by term ${c.observedTerm}, seen by ${c.by}); it holds ${held ? describeEntry(held) : 'nothing'} there`,
      );
    }
  }

  #disk(id: NodeId): Disk {
    const d = this.#disks.get(id);
    if (d === undefined) throw new Error(`unknown node ${id}`);
    return d;
  }
}
