import type { NodeId } from './types';
import type { LogStorage } from './storage';
import type { RaftLogger } from './logger';

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
  readonly logger: RaftLogger;
}
