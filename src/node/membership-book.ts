/**
 * The address book and the membership changes the state machine applies
 * (docs/membership.md): each ConfChange entry is put into force in the core
 * as it is applied, its member record (addresses, auto-promotion) follows
 * into the book once the batch holding it is written, and the transport
 * follows the book. The leader also promotes caught-up learners here.
 */
import { decodeConfChange } from '../raft';
import { ConfChangeType, type ConfChange, type ConfState, type Entry, type NodeId } from '../raft/types';
import { decodeMemberContext, type MemberContext } from '../codec/member-codec';
import type { MembershipChange } from '../kv/state-machine';
import { errorMessage } from '../errors';
import type { NodeContext } from './node-context';

/** A learner is caught up (ListMembers, auto-promotion) when its match index is within this many entries of the commit index. */
export const CAUGHT_UP_DISTANCE = 100;
/** Auto-promotion is checked every this many ticks. */
const AUTO_PROMOTE_EVERY_TICKS = 5;

/** A membership change applied in the batch the apply worker is writing, for the book to follow once it is written. */
type AppliedMembershipChange =
  | (MembershipChange & { readonly type: ConfChangeType; readonly index: number })
  /** A member-update command: the member's record with its client address recorded. */
  | { readonly type: 'client-address'; readonly nodeId: NodeId; readonly member: MemberContext; readonly index: number };

export interface MembershipHooks {
  /** This node's own removal was applied and no later entry adds it back. */
  removedSelf(): void;
  /** Proposes a change as leader (auto-promotion). */
  propose(cc: ConfChange, deadline: Date): Promise<unknown>;
}

export class MembershipBook {
  readonly #ctx: NodeContext;
  readonly #hooks: MembershipHooks;
  /** The address book as of the applied index. */
  readonly #members: Map<NodeId, MemberContext>;
  /** Addresses found by DNS discovery; they override the book's peer addresses. */
  #discovered: ReadonlyMap<NodeId, string> = new Map();
  /** ConfChange and member-update entries applied in the batch being written. */
  #applied: AppliedMembershipChange[] = [];
  #promoting = false;
  #ticks = 0;

  constructor(ctx: NodeContext, members: Map<NodeId, MemberContext>, hooks: MembershipHooks) {
    this.#ctx = ctx;
    this.#members = members;
    this.#hooks = hooks;
  }

  /** The address book as of the applied index (id → addresses). */
  get members(): ReadonlyMap<NodeId, MemberContext> {
    return this.#members;
  }

  /** Peer addresses the transport dials: the book's, overridden by discovery. */
  peerAddresses(): Map<NodeId, string> {
    const out = new Map<NodeId, string>();
    for (const [id, m] of this.#members) out.set(id, m.peerAddress);
    for (const [id, address] of this.#discovered) out.set(id, address);
    return out;
  }

  setDiscovered(peers: ReadonlyMap<NodeId, string>): void {
    this.#discovered = peers;
    if (!this.#ctx.stopped()) this.#ctx.opts.transport.setPeers(this.peerAddresses());
  }

  /** A snapshot replaced the applied state: the book is the one it carried. */
  replace(members: ReadonlyMap<NodeId, MemberContext>): void {
    this.#members.clear();
    for (const [id, m] of members) this.#members.set(id, m);
    this.#ctx.opts.transport.setPeers(this.peerAddresses());
  }

  /** Called by the state machine, in log order, for each ConfChange entry it applies. */
  applyConfChangeEntry(entry: Entry): MembershipChange {
    const cc = decodeConfChange(entry.data);
    const confState = this.#ctx.raw.applyConfChange(cc);
    let member: MemberContext | null | undefined;
    if (cc.type === ConfChangeType.RemoveNode) member = null;
    else if (cc.type === ConfChangeType.AddLearner || cc.type === ConfChangeType.AddVoter) member = this.#memberContextOf(cc, entry.index);
    const own = cc.nodeId === this.#ctx.opts.id;
    let self: MembershipChange['self'];
    // An earlier member's removal under our id (replayed by a node that joined again) is not ours.
    if (own && cc.type === ConfChangeType.RemoveNode && entry.index >= (this.#ctx.opts.ignoreOwnRemovalBelow ?? 0)) self = 'removed';
    else if (own && (cc.type === ConfChangeType.AddLearner || cc.type === ConfChangeType.AddVoter)) self = 'added';
    const change = { confState, nodeId: cc.nodeId, member, ...(self !== undefined && { self }) };
    this.#applied.push({ ...change, type: cc.type, index: entry.index });
    return change;
  }

  /**
   * Called by the state machine for each member-update command it applies:
   * the member's record (as the book stands after this batch's earlier
   * entries) with the client and/or peer address recorded; undefined for a non-member.
   */
  applyMemberUpdate(entry: Entry, nodeId: NodeId, clientAddress: string, peerAddress: string): MemberContext | undefined {
    let current: MemberContext | null | undefined = this.#members.get(nodeId);
    for (const c of this.#applied) if (c.nodeId === nodeId && c.member !== undefined) current = c.member;
    if (current === undefined || current === null) return undefined;
    // An empty address keeps the recorded one; a new peer address reaches the transport in onBatchWritten.
    const member = { ...current, ...(clientAddress !== '' && { clientAddress }), ...(peerAddress !== '' && { peerAddress }) };
    this.#applied.push({ type: 'client-address', nodeId, member, index: entry.index });
    return member;
  }

  /** The batch with the Ready's membership entries is written: follow it in memory and on the network. */
  onBatchWritten(): void {
    const changes = this.#applied;
    if (changes.length === 0) return;
    this.#applied = [];
    const { opts, raw } = this.#ctx;
    let removedSelf = false;
    for (const c of changes) {
      if (c.member === null) this.#members.delete(c.nodeId);
      else if (c.member !== undefined) this.#members.set(c.nodeId, c.member);
      if (c.type === 'client-address') {
        opts.logger.debug({ nodeId: c.nodeId, clientAddress: c.member.clientAddress, index: c.index }, `recorded the client address of ${c.nodeId}`);
        continue;
      }
      if (c.type === ConfChangeType.RemoveNode && c.nodeId === opts.id) {
        if (c.index >= (opts.ignoreOwnRemovalBelow ?? 0)) removedSelf = true;
        else opts.logger.info({ index: c.index }, 'replayed the removal of an earlier member with this id; this node was added again later');
      }
      opts.logger.info(
        { type: c.type, nodeId: c.nodeId, index: c.index, voters: c.confState.voters, learners: c.confState.learners },
        `applied membership change ${c.type} ${c.nodeId}`,
      );
    }
    opts.transport.setPeers(this.peerAddresses());
    // Our removal is final only if no later entry in our log adds us back.
    if (removedSelf && !isMemberOf(raw.status().confState, opts.id)) this.#hooks.removedSelf();
  }

  /** Leader, on each tick: promotes one caught-up auto-promote learner at a time. */
  maybeAutoPromote(closing: boolean): void {
    this.#ticks += 1;
    const { opts, raw } = this.#ctx;
    if (this.#promoting || this.#ticks % AUTO_PROMOTE_EVERY_TICKS !== 0 || this.#ctx.leader() !== opts.id || closing) return;
    const s = raw.status();
    const candidate = s.confState.learners.find((id) => {
      const match = s.progress.get(id)?.match ?? 0;
      return this.#members.get(id)?.autoPromote === true && match > 0 && match + CAUGHT_UP_DISTANCE >= s.commit;
    });
    if (candidate === undefined) return;
    this.#promoting = true;
    const deadline = new Date(Date.now() + opts.tickMs * opts.electionTicks * 4);
    this.#hooks
      .propose({ type: ConfChangeType.PromoteLearner, nodeId: candidate }, deadline)
      .then(
        () => opts.logger.info({ nodeId: candidate }, `promoted caught-up learner ${candidate} to voter`),
        (err: unknown) => opts.logger.debug({ nodeId: candidate, err: errorMessage(err) }, `auto-promotion of ${candidate} not done yet`),
      )
      .finally(() => (this.#promoting = false));
  }

  #memberContextOf(cc: ConfChange, index: number): MemberContext | undefined {
    const logger = this.#ctx.opts.logger;
    if (cc.context === undefined) {
      logger.warn({ nodeId: cc.nodeId, index }, 'membership change carries no addresses; the member stays unreachable');
      return undefined;
    }
    try {
      return decodeMemberContext(cc.context);
    } catch (err) {
      logger.warn({ nodeId: cc.nodeId, index, err: errorMessage(err) }, 'membership change carries a malformed address record');
      return undefined;
    }
  }
}

export function isMemberOf(cs: ConfState, id: NodeId): boolean {
  return cs.voters.includes(id) || cs.learners.includes(id);
}
