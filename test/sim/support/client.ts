import { describeEntry, type Entry, type NodeId, type ReadState } from '../../../src/raft';
import { payloadOf } from './trace';
import { SafetyViolation, ViolationKind } from './violation';

/** A proposal the core accepted: it returned the index and term it gave the entry. */
export interface Proposal {
  readonly payload: string;
  readonly proposer: NodeId;
  readonly index: number;
  readonly term: number;
}

interface PendingRead {
  /** The highest index of a write acknowledged before the read was issued. */
  readonly mustSee: number;
}

/**
 * What the simulated clients were told. A write is acknowledged when the
 * node that proposed it applies an entry with the index and term the core
 * returned (DESIGN.md §2 "A write"); a crash of the proposer leaves the
 * outcome unknown. A read is linearizable when its read index covers every
 * write acknowledged before the read was issued.
 */
export class ClientTracker {
  /** Accepted proposals awaiting their outcome, by proposer and index. */
  readonly #pending = new Map<NodeId, Map<number, Proposal>>();
  readonly #acknowledged: Proposal[] = [];
  #maxAcknowledgedIndex = 0;
  readonly #reads = new Map<NodeId, Map<string, PendingRead>>();
  readonly stats = { proposed: 0, dropped: 0, acknowledged: 0, readsIssued: 0, readsServed: 0 };

  get acknowledged(): readonly Proposal[] {
    return this.#acknowledged;
  }

  onProposed(p: Proposal): void {
    this.stats.proposed++;
    let byIndex = this.#pending.get(p.proposer);
    if (byIndex === undefined) this.#pending.set(p.proposer, (byIndex = new Map()));
    byIndex.set(p.index, p);
  }

  /** Whether this application acknowledged a write. */
  onApplied(node: NodeId, e: Entry): boolean {
    const byIndex = this.#pending.get(node);
    const p = byIndex?.get(e.index);
    if (p === undefined || byIndex === undefined) return false;
    byIndex.delete(e.index);
    if (e.term !== p.term) return false; // another leader's entry won the index: the write failed
    if (payloadOf(e.data) !== p.payload) {
      throw new SafetyViolation(
        ViolationKind.StateMachineSafety,
        `${node} proposed ${p.payload} as ${p.term}/${p.index} but applied ${describeEntry(e)} there`,
      );
    }
    this.#acknowledged.push(p);
    this.#maxAcknowledgedIndex = Math.max(this.#maxAcknowledgedIndex, p.index);
    this.stats.acknowledged++;
    return true;
  }

  /** A crashed node answers nobody: its writes' outcome and its reads are lost. */
  onCrash(node: NodeId): void {
    this.#pending.delete(node);
    this.#reads.delete(node);
  }

  onReadIssued(node: NodeId, ctx: string): void {
    this.stats.readsIssued++;
    let byCtx = this.#reads.get(node);
    if (byCtx === undefined) this.#reads.set(node, (byCtx = new Map()));
    byCtx.set(ctx, { mustSee: this.#maxAcknowledgedIndex });
  }

  onReadState(node: NodeId, rs: ReadState): void {
    const ctx = payloadOf(rs.requestCtx);
    const byCtx = this.#reads.get(node);
    const read = byCtx?.get(ctx);
    if (read === undefined) return; // a duplicate answer, or one for a read a crash forgot
    byCtx?.delete(ctx);
    this.stats.readsServed++;
    if (rs.index < read.mustSee) {
      throw new SafetyViolation(
        ViolationKind.StaleReadIndex,
        `${node} got read index ${rs.index} for ${ctx}, but a write at index ${read.mustSee} was acknowledged before the read was issued`,
      );
    }
  }

  /** Every acknowledged write is in the state machine of a node that caught up. */
  checkCaughtUp(node: NodeId, appliedAt: (index: number) => Entry | undefined): void {
    for (const p of this.#acknowledged) {
      const e = appliedAt(p.index);
      if (e === undefined || e.term !== p.term || payloadOf(e.data) !== p.payload) {
        throw new SafetyViolation(
          ViolationKind.AcknowledgedWriteLost,
          `${node} caught up without acknowledged write ${p.payload} (${p.term}/${p.index}); it applied ${e ? describeEntry(e) : 'nothing'} there`,
        );
      }
    }
  }
}
