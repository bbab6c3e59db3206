/**
 * What the node driver needs from the network (hashicorp/raft's Transport,
 * cut to our use): fire-and-forget Raft messages, and forwarding a proposal
 * to the leader. Two implementations share it: GrpcTransport (real peers) and
 * InmemTransport (one process: simulation, tests, --in-memory dev mode), so
 * the driver runs the same code in every tier.
 *
 * Receiving is not part of it: the peer server (PeerServer, or the inmem hub)
 * calls the driver's handlers directly.
 */
import type { Message, NodeId } from '../raft/types';
import type { KvPair, SnapshotHeader } from '../codec/snapshot-codec';

/** The leader's answer to a forwarded proposal: its result, and where it sits in the log. */
export interface ProposeResult {
  readonly result: Uint8Array;
  readonly index: number;
  readonly term: number;
}

/** One lease's remaining life as the leader sees it (lease expiry is the leader's alone). */
export interface LeaseTimeLeft {
  /** Seconds left, rounded up; -1 when the lease does not exist. */
  readonly ttlSeconds: number;
  /** The TTL the lease was granted with; 0 when it does not exist. */
  readonly grantedTtlSeconds: number;
}

export interface Transport {
  /**
   * Queues each message for its `to` peer and returns at once. Best effort:
   * messages to an unknown or unreachable peer are dropped, which Raft
   * tolerates (it retransmits). Order per peer is kept.
   */
  send(messages: readonly Message[]): void;
  /**
   * Forwards a proposal to `to` (the leader). Rejects with a raftkv error:
   * NotAttemptedError only when the request provably never reached the
   * leader, otherwise OutcomeUnknownError or TimeoutError.
   */
  propose(to: NodeId, command: Uint8Array, deadline: Date): Promise<ProposeResult>;
  /**
   * Forwards an encoded ConfChange (encodeConfChange) to `to` (the leader),
   * with the same error contract as propose. Resolves once it is applied.
   */
  proposeConfChange(to: NodeId, confChange: Uint8Array, deadline: Date): Promise<ProposeResult>;
  /**
   * Streams a snapshot to `to`: the header, then the pair batches as they
   * come. Resolves once the receiver installed it. Optional: a transport
   * without it cannot catch up a follower whose entries are compacted.
   */
  installSnapshot?(to: NodeId, header: SnapshotHeader, chunks: AsyncIterable<readonly KvPair[]>, deadline: Date): Promise<void>;
  /**
   * Asks `to` (the leader) to restart the TTL of leases (decimal ids), with
   * the same error contract as propose; resolves per id, in order, with the
   * TTL restarted or 0 when the lease does not exist. Renewing is
   * idempotent, so any failure may be retried. Optional: without it a
   * follower cannot forward keep-alives.
   */
  renewLeases?(to: NodeId, ids: readonly string[], deadline: Date): Promise<number[]>;
  /** Asks `to` (the leader) how long leases have left; per id, in order. Optional like renewLeases. */
  leaseTimesToLive?(to: NodeId, ids: readonly string[], deadline: Date): Promise<LeaseTimeLeft[]>;
  /** The full set of peers and their peer addresses; this node's own entry is ignored. */
  setPeers(peers: ReadonlyMap<NodeId, string>): void;
  /** Stops sending and frees connections. Idempotent. */
  close(): Promise<void>;
}
