import type { NodeId } from './types';

/**
 * Typed failures of the core. Callers branch on `instanceof`, never on message
 * text; `code` is stable so the server maps each kind once.
 */

/** The requested log index lies in the compacted prefix (below firstIndex - 1). */
export class CompactedError extends Error {
  override readonly name = 'CompactedError';
  readonly code = 'RAFTKV_ERR_COMPACTED';
  constructor(readonly index: number) {
    super(`log index ${index} is compacted`);
  }
}

/** The requested log index lies past the last entry. */
export class UnavailableError extends Error {
  override readonly name = 'UnavailableError';
  readonly code = 'RAFTKV_ERR_UNAVAILABLE';
  constructor(readonly index: number) {
    super(`log index ${index} is unavailable`);
  }
}

/** A snapshot older than the one storage already holds. */
export class SnapshotOutOfDateError extends Error {
  override readonly name = 'SnapshotOutOfDateError';
  readonly code = 'RAFTKV_ERR_SNAPSHOT_OUT_OF_DATE';
  constructor(readonly index: number, readonly current: number) {
    super(`snapshot at index ${index} is older than the current one at ${current}`);
  }
}

/**
 * The core did not take a proposal or read request: this node is not the
 * leader, no leader is known, or a leadership transfer is in progress. Nothing
 * was appended, so retrying (on `leader`, when known) is safe.
 */
export class ProposalDroppedError extends Error {
  override readonly name = 'ProposalDroppedError';
  readonly code = 'RAFTKV_ERR_PROPOSAL_DROPPED';
  /** The leader this node knows of, or NONE. */
  readonly leader: NodeId;
  constructor(reason: string, leader: NodeId) {
    super(`proposal dropped: ${reason}`);
    this.leader = leader;
  }
}

/**
 * A configuration change that cannot be proposed as asked (removing a
 * non-member or the last voter, promoting a non-learner) or whose encoding is
 * malformed. Nothing was appended.
 */
export class ConfChangeError extends Error {
  override readonly name = 'ConfChangeError';
  readonly code = 'RAFTKV_ERR_CONF_CHANGE';
}

/** A RaftConfig field is out of range; `field` names it. */
export class RaftConfigError extends Error {
  override readonly name = 'RaftConfigError';
  readonly code = 'RAFTKV_ERR_RAFT_CONFIG';
  constructor(readonly field: string, reason: string) {
    super(`invalid raft config: ${field} ${reason}`);
  }
}

/**
 * An internal invariant does not hold: a bug in the core, or durable state
 * that lost data it had acknowledged. Never caused by a well-formed message.
 */
export class RaftInvariantError extends Error {
  override readonly name = 'RaftInvariantError';
  readonly code = 'RAFTKV_ERR_RAFT_INVARIANT';
}

/**
 * The leader refused a proposal: the entries it holds uncommitted already
 * reach the configured bound (etcd's ErrProposalDropped for
 * MaxUncommittedEntriesSize). Nothing was appended; retrying once the
 * followers catch up is safe.
 */
export class UncommittedLimitError extends Error {
  override readonly name = 'UncommittedLimitError';
  readonly code = 'RAFTKV_ERR_UNCOMMITTED_LIMIT';
  constructor(
    readonly uncommittedBytes: number,
    readonly proposedBytes: number,
    readonly limit: number,
  ) {
    super(`proposal of ${proposedBytes} bytes refused: the leader holds ${uncommittedBytes} uncommitted bytes, limit ${limit}`);
  }
}

/**
 * The log does not hold what Raft says it must: a commit index past the last
 * entry, or a committed entry missing. The node lost data it acknowledged
 * (etcd panics here); it must stop rather than vote or serve on a log that
 * is not the one it promised.
 */
export class CorruptLogError extends Error {
  override readonly name = 'CorruptLogError';
  readonly code = 'RAFTKV_ERR_CORRUPT_LOG';
}

/**
 * A message from the network that no correct peer sends: a local-only type,
 * term 0, addressed to another node, or entries that do not follow their
 * index. The driver drops it and goes on; it says nothing about our own state.
 */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
  readonly code = 'RAFTKV_ERR_MALFORMED_MESSAGE';
}
