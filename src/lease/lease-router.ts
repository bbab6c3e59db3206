/**
 * LeaseRouter answers keep-alives and time-to-live reads from any node by
 * taking them to the leader, whose LeaseKeeper alone keeps expiry: here when
 * this node leads, else over the peer transport (RaftService RenewLeases and
 * LeaseTimesToLive), with the same leader-finding and retry rule as a
 * forwarded write (RaftNode.onLeader).
 */
import { NotAttemptedError } from '../errors';
import type { NodeId } from '../raft/types';
import type { LeaseTimeLeft, Transport } from '../transport/transport';
import type { LeaseKeeper } from './lease-keeper';

export interface LeaseRouterNode {
  onLeader<T>(deadline: Date, here: () => Promise<T>, forward: (lead: NodeId) => Promise<T>): Promise<T>;
  /** Resolves once this node has applied every entry committed before the call. */
  linearizableBarrier(deadline: Date): Promise<void>;
}

export type LeaseForwarder = Pick<Transport, 'renewLeases' | 'leaseTimesToLive'>;

export class LeaseRouter {
  readonly #node: LeaseRouterNode;
  readonly #keeper: Pick<LeaseKeeper, 'renew' | 'timesToLive'>;
  readonly #transport: LeaseForwarder;

  constructor(node: LeaseRouterNode, keeper: Pick<LeaseKeeper, 'renew' | 'timesToLive'>, transport: LeaseForwarder) {
    this.#node = node;
    this.#keeper = keeper;
    this.#transport = transport;
  }

  /** Restarts each lease's TTL on the leader; per id, the TTL restarted or 0 when the lease does not exist. */
  renew(ids: readonly string[], deadline: Date): Promise<number[]> {
    return this.#node.onLeader(
      deadline,
      () => this.renewAsLeader(ids, deadline),
      (lead) => this.#forwarder('renewLeases', lead).renewLeases(lead, ids, deadline),
    );
  }

  /** How long each lease has left as the leader sees it; ttlSeconds -1 when it does not exist. */
  timesToLive(ids: readonly string[], deadline: Date): Promise<LeaseTimeLeft[]> {
    return this.#node.onLeader(
      deadline,
      () => this.timesToLiveAsLeader(ids, deadline),
      (lead) => this.#forwarder('leaseTimesToLive', lead).leaseTimesToLive(lead, ids, deadline),
    );
  }

  /**
   * On the leader (a follower's forwarded keep-alives land here too). A
   * read-index round first: a deposed leader still inside its CheckQuorum
   * window believes it leads, and would answer "renewed" for a lease the
   * real leader lets expire; the round fails on it (no quorum answers), and
   * on the real leader it also waits until every lease change committed
   * before the keep-alive (a grant, a revoke) is applied here, so "missing"
   * means missing. Keep-alives waiting together share one round
   * (ReadIndexQueue).
   */
  async renewAsLeader(ids: readonly string[], deadline: Date): Promise<number[]> {
    await this.#node.linearizableBarrier(deadline);
    return this.#keeper.renew(ids);
  }

  /** On the leader; like renewAsLeader, "does not exist" is said only after a read barrier. */
  async timesToLiveAsLeader(ids: readonly string[], deadline: Date): Promise<LeaseTimeLeft[]> {
    const first = this.#keeper.timesToLive(ids);
    if (first.every((t) => t.ttlSeconds >= 0)) return first;
    await this.#node.linearizableBarrier(deadline);
    return this.#keeper.timesToLive(ids);
  }

  #forwarder<K extends keyof LeaseForwarder>(method: K, lead: NodeId): Required<LeaseForwarder> {
    if (this.#transport[method] === undefined) throw new NotAttemptedError(`this node's transport cannot reach the leader ${lead} about leases`, lead);
    return this.#transport as Required<LeaseForwarder>;
  }
}
