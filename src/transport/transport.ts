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
  /** The full set of peers and their peer addresses; this node's own entry is ignored. */
  setPeers(peers: ReadonlyMap<NodeId, string>): void;
  /** Stops sending and frees connections. Idempotent. */
  close(): Promise<void>;
}
