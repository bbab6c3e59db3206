/**
 * What the simulator's checkers report. Each kind names the property that
 * broke, so a test can assert that the checker caught the right thing.
 */
export const ViolationKind = {
  /** Two leaders in one term (Raft paper Figure 3). */
  ElectionSafety: 'ElectionSafety',
  /** Two logs share an entry (index and term) but differ before it. */
  LogMatching: 'LogMatching',
  /** A leader lacks an entry committed in an earlier term, or a committed entry left a log. */
  LeaderCompleteness: 'LeaderCompleteness',
  /** Two nodes applied (or committed) different entries at one index, or one entry twice. */
  StateMachineSafety: 'StateMachineSafety',
  /** The core's own assertInvariants() failed. */
  CoreInvariant: 'CoreInvariant',
  /** A Ready broke its contract: a gap in the log, committed entries out of order. */
  ReadyContract: 'ReadyContract',
  /** A write acknowledged to its client is missing from a caught-up state machine. */
  AcknowledgedWriteLost: 'AcknowledgedWriteLost',
  /** A read index is below a write acknowledged before the read was issued. */
  StaleReadIndex: 'StaleReadIndex',
  /**
   * A node whose removal was committed became leader, or (with PreVote on)
   * started a real election that would raise the members' terms and depose
   * a healthy leader.
   */
  RemovedNodeDisruption: 'RemovedNodeDisruption',
  /** An installed snapshot disagrees with what was committed. */
  SnapshotMismatch: 'SnapshotMismatch',
  /** A node applied the entry it proposed as leader, yet told the client the outcome was unknown (a lost waiter). */
  AnswerLost: 'AnswerLost',
  /** A lease expired sooner than one TTL after a keep-alive that was acknowledged. */
  LeaseExpiredEarly: 'LeaseExpiredEarly',
  /** The healed cluster did not elect a leader and commit a fresh write in time. */
  Liveness: 'Liveness',
} as const;
export type ViolationKind = (typeof ViolationKind)[keyof typeof ViolationKind];

export class SafetyViolation extends Error {
  constructor(
    readonly kind: ViolationKind,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${kind}: ${detail}`, options);
    this.name = 'SafetyViolation';
  }
}
