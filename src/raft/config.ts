import type { NodeId } from './types';
import type { LogStorage } from './storage';
import type { RaftLogger } from './logger';
import { RaftConfigError } from './errors';

/** Configuration of one Raft core. Times are in ticks; the driver decides how long a tick is. */
export interface RaftConfig {
  readonly id: NodeId;
  /** Persisted log and state the core starts from (read synchronously). */
  readonly storage: LogStorage;
  /**
   * A follower that hears nothing for a randomized timeout in
   * [electionTick, 2*electionTick) starts an election. Must exceed heartbeatTick.
   */
  readonly electionTick: number;
  /** The leader sends heartbeats every heartbeatTick ticks. */
  readonly heartbeatTick: number;
  /** Uniform random number in [0, 1): a seeded PRNG in tests. The only randomness the core uses. */
  readonly random: () => number;
  /** Run a pre-vote round before a real election so a rejoining node cannot disrupt the cluster (thesis §9.6). */
  readonly preVote: boolean;
  /** A leader that has not heard from a quorum within an election timeout steps down (thesis §6.2). */
  readonly checkQuorum: boolean;
  /** Highest index already applied by the state machine when the core starts. */
  readonly applied: number;
  /** Most entries in one MsgApp. */
  readonly maxEntriesPerMessage: number;
  /** Most MsgApp in flight per follower before the leader waits for acknowledgements. */
  readonly maxInflightMessages: number;
  /**
   * Byte bounds (etcd's MaxSizePerMsg, MaxInflightBytes,
   * MaxUncommittedEntriesSize, MaxCommittedSizePerReady). Sizes count entry
   * payload bytes (`Entry.data`). Unset means unbounded. A single entry
   * larger than a per-message or per-Ready bound still goes, alone: the
   * bounds cap batching, they never wedge the log.
   */
  readonly limits?: RaftByteLimits;
  readonly logger: RaftLogger;
}

export interface RaftByteLimits {
  /** Most entry bytes in one MsgApp (etcd MaxSizePerMsg). */
  readonly maxAppendBytes?: number;
  /** Most entry bytes in flight to one follower before the leader waits for acknowledgements (etcd MaxInflightBytes). */
  readonly maxInflightBytes?: number;
  /**
   * Most bytes of entries the leader holds uncommitted; a proposal past it is
   * refused with UncommittedLimitError, nothing appended (etcd
   * MaxUncommittedEntriesSize). A proposal into an empty window always goes.
   */
  readonly maxUncommittedBytes?: number;
  /** Most committed entry bytes handed out in one Ready (etcd MaxCommittedSizePerReady). */
  readonly maxCommittedBytesPerReady?: number;
}

/** Throws RaftConfigError naming the first bad field. */
export function validateRaftConfig(c: RaftConfig): void {
  const positiveInt = (field: string, v: number): void => {
    if (!Number.isSafeInteger(v) || v < 1) throw new RaftConfigError(field, `must be a positive integer, got ${v}`);
  };
  if (c.id === '') throw new RaftConfigError('id', 'must not be empty');
  positiveInt('heartbeatTick', c.heartbeatTick);
  positiveInt('electionTick', c.electionTick);
  if (c.electionTick <= c.heartbeatTick) {
    throw new RaftConfigError('electionTick', `must exceed heartbeatTick (${c.electionTick} <= ${c.heartbeatTick})`);
  }
  positiveInt('maxEntriesPerMessage', c.maxEntriesPerMessage);
  positiveInt('maxInflightMessages', c.maxInflightMessages);
  const l = c.limits ?? {};
  const limits: [string, number | undefined][] = [
    ['maxAppendBytes', l.maxAppendBytes],
    ['maxInflightBytes', l.maxInflightBytes],
    ['maxUncommittedBytes', l.maxUncommittedBytes],
    ['maxCommittedBytesPerReady', l.maxCommittedBytesPerReady],
  ];
  for (const [name, v] of limits) if (v !== undefined) positiveInt(`limits.${name}`, v);
  if (!Number.isSafeInteger(c.applied) || c.applied < 0) {
    throw new RaftConfigError('applied', `must be a non-negative integer, got ${c.applied}`);
  }
}
