/**
 * What RaftNode shares with the collaborators it is split into (leader
 * routing, leadership hand-off, membership, snapshot sending and
 * receiving, the apply queue): the options, the core and its log, and a
 * few questions about the node's state. Only RaftNode's Ready loop persists
 * and advances; the apply worker applies committed entries (and puts
 * membership changes into force in the core) beside it; collaborators step
 * the core or read it between Readies and ask for a turn with schedule().
 */
import type { MemoryStorage, RawNode } from '../raft';
import type { NodeId } from '../raft/types';
import type { RaftNodeOptions } from './node-options';

export interface NodeContext {
  readonly opts: RaftNodeOptions;
  readonly raw: RawNode;
  /** The log as durably stored (the core's Storage). */
  readonly log: MemoryStorage;
  /** Asks the Ready loop for a turn. */
  schedule(): void;
  /** Throws the error a request gets when this node does not serve (removed, closed, failed). */
  assertOpen(): void;
  /** Closed or stopped after a fatal error: background work must leave the core alone. */
  stopped(): boolean;
  /** The leader this node knows, or NONE. */
  leader(): NodeId;
  /** The state machine's applied index. */
  applied(): number;
}
