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
  readonly logger: RaftLogger;
  /** Deliberately unsafe behaviour for tests of the tests; see RaftTestingKnobs. */
  readonly testingKnobs?: RaftTestingKnobs;
}

/**
 * Switches that deliberately break the protocol so tests can prove their
 * checkers detect the breakage. Never set in production.
 */
export interface RaftTestingKnobs {
  /**
   * Commit by counting replicas of entries from earlier terms, which Raft
   * forbids (§5.4.2, Figure 8): a committed entry can then be overwritten. The
   * simulation tier turns this on to show its safety checker fails.
   */
  readonly commitEntriesFromPreviousTerms?: boolean;
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
  if (!Number.isSafeInteger(c.applied) || c.applied < 0) {
    throw new RaftConfigError('applied', `must be a non-negative integer, got ${c.applied}`);
  }
}
