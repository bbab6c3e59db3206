import { Inflights } from './inflights';

/**
 * How the leader replicates to one follower:
 * - Probe: the follower's match is unknown; send one MsgApp per heartbeat
 *   interval (or per response) until one is accepted.
 * - Replicate: the follower is in sync; stream MsgApps optimistically, bounded
 *   by the inflight window.
 * - Snapshot: the follower needs entries we compacted; wait for it to install
 *   the snapshot we sent.
 */
export const ProgressState = {
  Probe: 'Probe',
  Replicate: 'Replicate',
  Snapshot: 'Snapshot',
} as const;
export type ProgressState = (typeof ProgressState)[keyof typeof ProgressState];

/**
 * The leader's view of one peer. All state transitions happen in this class,
 * through the `become*` and `on*` methods.
 */
export class Progress {
  /** Highest index known to be durable on the peer. */
  // Invariant: match < next.
  #match: number;
  /** Next index to send. */
  #next: number;
  #state: ProgressState = ProgressState.Probe;
  /** Snapshot state: the index of the snapshot sent. */
  #pendingSnapshot = 0;
  /** Probe state: a MsgApp is outstanding, so wait for its answer (or a heartbeat answer). */
  #probeSent = false;
  /** Heard from the peer since the last quorum check (CheckQuorum). */
  recentActive = false;
  /**
   * The peer is known to hold the configuration our log starts from: it
   * acknowledged an entry or a snapshot. A new member that joined with an empty
   * log lacks it, so it must be sent our snapshot, never our first entries.
   */
  #holdsBase = false;
  /**
   * The peer refused entries from the very start of our log: it has an empty
   * log and no configuration (it joined, possibly under the id of a member of
   * our base configuration whose disk was lost), so it must get our snapshot.
   */
  #needsBase = false;
  /** Index of a snapshot reported sent whose acknowledgement has not arrived yet. */
  #reportedSnapshot: number | undefined;
  readonly inflights: Inflights;
  /** Changed only by a PromoteLearner configuration change (ProgressTracker.applyConfState). */
  isLearner: boolean;

  constructor(opts: { match: number; next: number; maxInflight: number; maxInflightBytes?: number | undefined; isLearner: boolean }) {
    this.#match = opts.match;
    this.#next = opts.next;
    this.inflights = new Inflights(opts.maxInflight, opts.maxInflightBytes);
    this.isLearner = opts.isLearner;
  }

  get match(): number {
    return this.#match;
  }

  get next(): number {
    return this.#next;
  }

  get state(): ProgressState {
    return this.#state;
  }

  get pendingSnapshot(): number {
    return this.#pendingSnapshot;
  }

  get probeSent(): boolean {
    return this.#probeSent;
  }

  get holdsBase(): boolean {
    return this.#holdsBase;
  }

  get needsBase(): boolean {
    return this.#needsBase && !this.#holdsBase;
  }

  /** The peer refused an append after index 0, which only a peer without our base does: send it the snapshot next. */
  onBaseMissing(): void {
    if (this.#holdsBase) return;
    this.#needsBase = true;
    if (this.#state === ProgressState.Replicate) this.becomeProbe();
    this.#next = this.#match + 1;
    this.#probeSent = false;
  }

  #resetState(state: ProgressState): void {
    this.#state = state;
    this.#probeSent = false;
    this.#pendingSnapshot = 0;
    this.inflights.reset();
  }

  becomeProbe(): void {
    // After a snapshot the follower has at least the snapshot, so resume after it.
    const after = this.#state === ProgressState.Snapshot ? this.#pendingSnapshot : 0;
    this.#resetState(ProgressState.Probe);
    this.#next = Math.max(this.#match + 1, after + 1);
  }

  becomeReplicate(): void {
    this.#resetState(ProgressState.Replicate);
    this.#next = this.#match + 1;
  }

  becomeSnapshot(snapshotIndex: number): void {
    this.#resetState(ProgressState.Snapshot);
    this.#pendingSnapshot = snapshotIndex;
  }

  /**
   * Records a MsgApp carrying `count` entries (`bytes` of payload) after next - 1. In Replicate the
   * window advances optimistically; in Probe we wait for the answer.
   */
  onAppendSent(count: number, bytes = 0): void {
    if (this.#state === ProgressState.Replicate) {
      if (count > 0) {
        this.#next += count;
        this.inflights.add(this.#next - 1, bytes);
      }
    } else if (this.#state === ProgressState.Probe) {
      this.#probeSent = true;
    }
  }

  /**
   * The peer acknowledged entries through `index`. Returns whether match grew
   * (a stale or duplicate acknowledgement does not). Moves a probing or
   * snapshotting peer to Replicate once its log is known to join ours:
   * `firstIndex` is the leader's first retained index.
   */
  onAppendAccepted(index: number, firstIndex: number): boolean {
    const updated = index > this.#match;
    if (updated) {
      this.#match = index;
      this.#probeSent = false;
      if (index > 0) this.#holdsBase = true;
    }
    this.#next = Math.max(this.#next, index + 1);
    if (!updated) {
      // The answer to a snapshot that moved nothing forward (a joining node
      // installing our index-0 base, or a peer that already had it): probe on.
      if (this.#state === ProgressState.Snapshot && index >= this.#pendingSnapshot) {
        this.#holdsBase = true;
        this.becomeProbe();
      } else if (this.#reportedSnapshot !== undefined && index >= this.#reportedSnapshot) {
        // The same answer arriving after the driver already reported the
        // snapshot sent (an index-0 base has no data to stream, so the driver
        // reports it at once): the peer now holds our base; probe on from it.
        this.#holdsBase = true;
        this.#reportedSnapshot = undefined;
        this.#probeSent = false;
      }
      return false;
    }
    switch (this.#state) {
      case ProgressState.Probe:
        this.becomeReplicate();
        break;
      case ProgressState.Snapshot:
        if (this.#match + 1 >= firstIndex) this.becomeReplicate();
        break;
      case ProgressState.Replicate:
        this.inflights.freeLE(index);
        break;
    }
    return true;
  }

  /**
   * The peer rejected a MsgApp whose previous index was `rejected`; `hint` is
   * the highest index that may still match. Returns false for a stale
   * rejection, which must be ignored.
   */
  onAppendRejected(rejected: number, hint: number): boolean {
    if (this.#state === ProgressState.Replicate) {
      // Sent optimistically: anything at or below match was acknowledged already.
      if (rejected <= this.#match) return false;
      this.becomeProbe();
      return true;
    }
    // In Probe only the latest probe's answer counts.
    if (this.#next - 1 !== rejected) return false;
    this.#next = Math.max(Math.min(rejected, hint + 1), this.#match + 1);
    this.#probeSent = false;
    return true;
  }

  /**
   * A heartbeat answer proves the peer is reachable: probe again at once. A
   * peer still waiting for a snapshot may have lost it (MsgSnap can be
   * dropped like any message), so probing again also resends it if needed.
   */
  onHeartbeatResponse(): void {
    if (this.#state === ProgressState.Snapshot) this.becomeProbe();
    // A full window may be full of lost messages: let one more through so a
    // rejection (and with it a fresh probe) can happen.
    if (this.#state === ProgressState.Replicate && this.inflights.full()) this.inflights.freeFirstOne();
    this.#probeSent = false;
  }

  /**
   * The driver reports how streaming the snapshot went (etcd's
   * MsgSnapStatus). On success the peer resumes after the snapshot, on
   * failure where its match says; either way wait for its next answer (a
   * heartbeat response) before probing, so a failing peer is not flooded.
   */
  onSnapshotReported(ok: boolean): void {
    if (this.#state !== ProgressState.Snapshot) return;
    if (!ok) this.#pendingSnapshot = 0;
    // Sent is not installed: the peer's acknowledgement still decides holdsBase.
    this.#reportedSnapshot = ok ? this.#pendingSnapshot : undefined;
    this.becomeProbe();
    this.#probeSent = true;
  }

  /** Whether sending more MsgApps must wait. */
  isPaused(): boolean {
    switch (this.#state) {
      case ProgressState.Probe:
        return this.#probeSent;
      case ProgressState.Replicate:
        return this.inflights.full();
      case ProgressState.Snapshot:
        return true;
    }
  }
}
