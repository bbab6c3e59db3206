/**
 * The Raft rules (Ongaro & Ousterhout, "In Search of an Understandable
 * Consensus Algorithm", and Ongaro's thesis), after etcd-io/raft's raft.go.
 *
 * A Raft value is a deterministic state machine: `step` and `tick` change it
 * and queue outgoing messages; RawNode turns that into Ready batches. Role
 * behaviour lives in the `stepFn`/`tickFn` fields, which only the `become*`
 * methods assign.
 *
 * Durability (DESIGN.md §2): this core never assumes a write is durable before
 * the driver says so in `advance`. Hence
 *  - the leader's own log counts toward the commit quorum only for entries
 *    reported stable (`onEntriesDurable`);
 *  - a candidate counts its own vote only once the hard state naming it is
 *    durable (`onHardStateDurable`); every other vote and acknowledgement is a
 *    message, which the driver sends only after the sync (`mayPrecedeSync`);
 *  - committed entries are handed out for applying only once stable locally.
 */
import type { RaftByteLimits, RaftConfig } from './config';
import { validateRaftConfig } from './config';
import { ConfHistory, applyConfChangeTo, confChangeProblem, decodeConfChange, isMember } from './confchange';
import { CompactedError, ConfChangeError, CorruptLogError, ProposalDroppedError, RaftConfigError, RaftInvariantError, UncommittedLimitError } from './errors';
import { entriesBytes } from './entry-size';
import type { RaftLogger } from './logger';
import { VoteResult, voteResult } from './quorum';
import { RaftLog } from './raft-log';
import { ReadOnly } from './read-only';
import { ProgressState, type Progress } from './tracker/progress';
import { ProgressTracker } from './tracker/progress-tracker';
import {
  EMPTY_BYTES,
  EntryType,
  MessageType,
  NONE,
  Role,
  message,
  type ConfChange,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type NodeId,
  type ReadState,
  type SnapshotMetadata,
  type SoftState,
} from './types';

/** Marks a vote request sent because of a leadership transfer: it overrides the leader lease. */
export const CAMPAIGN_TRANSFER: Uint8Array = Uint8Array.from('CampaignTransfer', (c) => c.charCodeAt(0));

const CampaignKind = {
  PreElection: 'PreElection',
  Election: 'Election',
  Transfer: 'Transfer',
} as const;
type CampaignKind = (typeof CampaignKind)[keyof typeof CampaignKind];

type StepFn = (r: Raft, m: Message) => void;
type TickFn = (r: Raft) => void;

export class Raft {
  readonly id: NodeId;
  // Invariant: term never decreases.
  term = 0;
  /** Who we voted for in `term`, or NONE. */
  vote: NodeId = NONE;
  role: Role = Role.Follower;
  /** The leader of `term` as far as we know. */
  // Invariant: role === Leader implies lead === id; (Pre)Candidate implies lead === NONE.
  lead: NodeId = NONE;
  readonly raftLog: RaftLog;
  readonly trk: ProgressTracker;
  /** Outgoing messages, drained by RawNode.ready(). */
  msgs: Message[] = [];
  readStates: ReadState[] = [];
  /** Leader only: the peer we are handing leadership to; proposals are refused meanwhile. */
  // Invariant: NONE unless role === Leader.
  leadTransferee: NodeId = NONE;
  readOnly = new ReadOnly();
  /**
   * The configuration at every point of the log; the tracker always holds its
   * current() one. A configuration takes effect when appended (thesis §4.1).
   */
  readonly confHistory: ConfHistory;
  /**
   * Leader only: index of the last ConfChange entry this leader may not have
   * applied yet (set to lastIndex on election, as etcd does, to cover entries
   * of earlier terms). No new change is accepted until applied passes it.
   */
  pendingConfIndex = 0;
  /** The configuration as of the applied index, as the driver's applyConfChange calls built it. */
  appliedConfState: ConfState;
  /** Read requests that arrived before this leader committed an entry of its term. */
  pendingReadIndexMessages: Message[] = [];
  /**
   * Ticks since the last election timeout (leader, candidates) or since we
   * last heard from a valid leader or granted a vote (followers).
   */
  electionElapsed = 0;
  /** Leader only: ticks since the last heartbeat. */
  heartbeatElapsed = 0;
  // Invariant: electionTimeout <= randomizedElectionTimeout < 2 * electionTimeout.
  randomizedElectionTimeout: number;
  readonly electionTimeout: number;
  readonly heartbeatTimeout: number;
  readonly checkQuorum: boolean;
  readonly preVote: boolean;
  readonly maxEntriesPerMessage: number;
  readonly limits: RaftByteLimits;
  /**
   * Leader only: payload bytes of the entries appended in this term and not
   * yet handed out as committed (etcd uncommittedSize). Bounded by
   * limits.maxUncommittedBytes.
   */
  // Invariant: 0 unless role === Leader; never negative.
  uncommittedBytes = 0;
  /** How often each byte bound held something back, for metrics (see Status.boundHits). */
  readonly boundHits = { appendBytes: 0, inflightBytes: 0, uncommittedBytes: 0, committedBytesPerReady: 0 };
  readonly logger: RaftLogger;
  readonly #random: () => number;
  /** The last hard state the driver reported durable. */
  #durableHardState: HardState;
  stepFn: StepFn = stepFollower;
  tickFn: TickFn = tickElection;

  constructor(c: RaftConfig) {
    validateRaftConfig(c);
    this.id = c.id;
    this.electionTimeout = c.electionTick;
    this.heartbeatTimeout = c.heartbeatTick;
    this.randomizedElectionTimeout = c.electionTick;
    this.checkQuorum = c.checkQuorum;
    this.preVote = c.preVote;
    this.maxEntriesPerMessage = c.maxEntriesPerMessage;
    this.limits = c.limits ?? {};
    this.logger = c.logger;
    this.#random = c.random;
    this.raftLog = new RaftLog(c.storage);
    const { hardState, confState } = c.storage.initialState();
    this.trk = new ProgressTracker(c.maxInflightMessages, this.limits.maxInflightBytes);
    // The snapshot's configuration, then every ConfChange entry in the log after it.
    this.confHistory = new ConfHistory(this.raftLog.firstIndex() - 1, confState);
    this.confHistory.onAppend(this.raftLog.entries(this.raftLog.firstIndex()));
    this.trk.applyConfState(this.confHistory.current(), this.raftLog.lastIndex() + 1);
    this.raftLog.onAppend = (ents) => this.onLogWritten(ents);
    // A commit index below the snapshot is merely stale (the snapshot is committed by definition); one
    // past the log means the disk lost entries it had acknowledged.
    if (hardState.commit > this.raftLog.lastIndex()) {
      throw new CorruptLogError(
        `${this.id}: persisted commit ${hardState.commit} is past last index ${this.raftLog.lastIndex()}: the log lost entries it had acknowledged`,
      );
    }
    this.term = hardState.term;
    this.vote = hardState.vote;
    this.raftLog.commitTo(hardState.commit);
    this.#durableHardState = hardState;
    if (c.applied > 0) {
      if (c.applied > this.raftLog.committed || c.applied < this.raftLog.applied) {
        throw new RaftConfigError(
          'applied',
          `must lie in [${this.raftLog.applied}, ${this.raftLog.committed}] (snapshot index, commit), got ${c.applied}`,
        );
      }
      this.raftLog.appliedTo(c.applied);
    }
    this.appliedConfState = this.confHistory.at(this.raftLog.applied);
    this.becomeFollower(this.term, NONE);
    this.logger.info(
      {
        term: this.term,
        commit: this.raftLog.committed,
        applied: this.raftLog.applied,
        lastIndex: this.raftLog.lastIndex(),
        lastTerm: this.raftLog.lastTerm(),
        voters: [...this.trk.voters],
      },
      `${this.id} started`,
    );
  }

  softState(): SoftState {
    return { lead: this.lead, role: this.role };
  }

  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.raftLog.committed };
  }

  // ---- messages out ----------------------------------------------------

  /** Queues a message from us; term defaults to ours (vote messages set their own). */
  send(fields: Partial<Message> & Pick<Message, 'type' | 'to'>): void {
    this.msgs.push(message({ term: this.term, ...fields, from: this.id }));
  }

  /** Sends MsgApp (or MsgSnap) to `to` if its progress allows, even with no entries. */
  sendAppend(to: NodeId): void {
    this.maybeSendAppend(to, true);
  }

  /**
   * Sends the next batch of entries to `to`. Returns whether a message went
   * out; with sendIfEmpty false an append with nothing new is not sent.
   */
  maybeSendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.trk.progress.get(to);
    if (pr === undefined || pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    if (prevIndex < this.raftLog.firstIndex() && !pr.holdsBase && (pr.needsBase || !isMember(this.raftLog.snapshotMetadata().confState, to))) {
      // A member added after our snapshot may have joined with an empty log:
      // entries alone would not tell it the configuration they start from
      // (its own would be empty), so it gets the snapshot, even one at index 0.
      // A member of that configuration normally holds it (it bootstrapped from
      // it), unless it lost its disk and came back empty: then it refuses our
      // first entries (handleAppendEntries) and needsBase sends it here too.
      return this.maybeSendSnapshot(to, pr);
    }
    let prevTerm: number;
    let entries: Entry[];
    try {
      prevTerm = this.raftLog.term(prevIndex);
      entries = this.raftLog.entries(pr.next, this.maxEntriesPerMessage, this.limits.maxAppendBytes);
    } catch (e) {
      if (e instanceof CompactedError) return this.maybeSendSnapshot(to, pr);
      throw e;
    }
    if (entries.length === 0 && !sendIfEmpty) return false;
    // Neither the count bound nor the end of the log stopped this batch: the byte bound did.
    if (entries.length < this.maxEntriesPerMessage && pr.next + entries.length <= this.raftLog.lastIndex()) this.boundHits.appendBytes++;
    this.send({ to, type: MessageType.App, index: prevIndex, logTerm: prevTerm, entries, commit: this.raftLog.committed });
    pr.onAppendSent(entries.length, entriesBytes(entries));
    if (pr.inflights.fullByBytes()) this.boundHits.inflightBytes++;
    return true;
  }

  maybeSendSnapshot(to: NodeId, pr: Progress): boolean {
    // A peer we have not heard from may be down; do not start a snapshot it cannot take.
    if (!pr.recentActive) {
      this.logger.debug({ to }, `${this.id} not sending snapshot to inactive ${to}`);
      return false;
    }
    const snapshot = this.raftLog.snapshotMetadata();
    this.send({ to, type: MessageType.Snap, snapshot });
    pr.becomeSnapshot(snapshot.index);
    this.logger.info({ to, index: snapshot.index, term: snapshot.term }, `${this.id} sent snapshot to ${to}`);
    return true;
  }

  sendHeartbeat(to: NodeId, ctx: Uint8Array): void {
    const pr = this.trk.progress.get(to);
    // A follower may not yet have everything we committed; never tell it to commit past what it matched.
    const commit = Math.min(pr?.match ?? 0, this.raftLog.committed);
    this.send({ to, type: MessageType.Heartbeat, commit, context: ctx });
  }

  bcastAppend(): void {
    for (const id of this.trk.ids()) if (id !== this.id) this.sendAppend(id);
  }

  bcastHeartbeat(): void {
    this.bcastHeartbeatWithCtx(this.readOnly.lastPendingRequestCtx() ?? EMPTY_BYTES);
  }

  bcastHeartbeatWithCtx(ctx: Uint8Array): void {
    for (const id of this.trk.ids()) if (id !== this.id) this.sendHeartbeat(id, ctx);
  }

  // ---- commit ---------------------------------------------------------

  /** Advances the commit index to what a quorum of voters has durably stored. */
  maybeCommit(): boolean {
    return this.raftLog.maybeCommit(this.trk.committed(), this.term);
  }

  committedEntryInCurrentTerm(): boolean {
    return this.raftLog.zeroTermOnOutOfBounds(this.raftLog.committed) === this.term;
  }

  /**
   * Leader: counts a proposal against limits.maxUncommittedBytes, or throws
   * UncommittedLimitError (nothing appended). An empty window takes any
   * proposal, however large, and empty entries always go (etcd
   * increaseUncommittedSize).
   */
  increaseUncommittedBytes(entries: readonly Entry[]): void {
    const bytes = entriesBytes(entries);
    const limit = this.limits.maxUncommittedBytes;
    if (limit !== undefined && bytes > 0 && this.uncommittedBytes > 0 && this.uncommittedBytes + bytes > limit) {
      this.boundHits.uncommittedBytes++;
      throw new UncommittedLimitError(this.uncommittedBytes, bytes, limit);
    }
    this.uncommittedBytes += bytes;
  }

  /** Entries were handed out as committed: they no longer count as uncommitted. */
  reduceUncommittedBytes(entries: readonly Entry[]): void {
    if (this.uncommittedBytes === 0) return;
    // Entries of earlier terms were never counted, so clamp rather than go negative.
    this.uncommittedBytes = Math.max(0, this.uncommittedBytes - entriesBytes(entries));
  }

  appendEntries(entries: readonly Entry[]): void {
    const last = this.raftLog.lastIndex();
    const stamped = entries.map((e, i) => ({ ...e, index: last + 1 + i, term: this.term }));
    this.raftLog.append(stamped);
    // The leader's own Progress moves only in onEntriesDurable: its copy counts once synced.
  }

  // ---- durability callbacks from RawNode.advance ------------------------

  /** Entries through (index, term) are durable locally. */
  onEntriesDurable(index: number, term: number): void {
    this.raftLog.unstable.stableTo(index, term);
    if (this.role !== Role.Leader) return;
    const pr = this.trk.progress.get(this.id);
    if (pr === undefined) return;
    if (pr.onAppendAccepted(this.raftLog.stableLastIndex(), this.raftLog.firstIndex()) && this.maybeCommit()) {
      this.onCommitAdvanced();
    }
  }

  onHardStateDurable(hs: HardState): void {
    this.#durableHardState = hs;
    if (this.role === Role.Candidate && hs.term === this.term && hs.vote === this.id) {
      this.handleVoteResult(this.poll(this.id, MessageType.VoteResp, true));
    }
  }

  onSnapshotDurable(s: SnapshotMetadata): void {
    this.raftLog.unstable.stableSnapTo(s.index);
    if (s.index > this.raftLog.applied) this.raftLog.appliedTo(s.index);
    // The driver restored its state machine, configuration included, to the snapshot.
    this.appliedConfState = s.confState;
  }

  // ---- configuration --------------------------------------------------

  /** Entries were written to the log: follow any configuration they add or truncate away. */
  onLogWritten(ents: readonly Entry[]): void {
    if (this.confHistory.onAppend(ents)) this.applyConfiguration();
  }

  /** Puts the log's current configuration into force (on append, thesis §4.1). */
  applyConfiguration(): void {
    const cs = this.confHistory.current();
    this.trk.applyConfState(cs, this.raftLog.lastIndex() + 1, this.departing());
    this.logger.info({ voters: cs.voters, learners: cs.learners }, `${this.id} switched to configuration voters=(${cs.voters.join(' ')}) learners=(${cs.learners.join(' ')})`);
    if (this.role !== Role.Leader) return;
    if (this.leadTransferee !== NONE && !this.trk.isVoter(this.leadTransferee)) {
      this.logger.info({ transferee: this.leadTransferee }, `${this.id} aborted leadership transfer to removed ${this.leadTransferee}`);
      this.abortLeaderTransfer();
    }
  }

  /**
   * The driver applied a committed ConfChange entry: returns the
   * configuration as of that entry, for the driver to persist with its
   * applied index and put in the snapshots it takes. The change itself took
   * effect when its entry was appended.
   */
  applyConfChange(cc: ConfChange): ConfState {
    this.appliedConfState = applyConfChangeTo(this.appliedConfState, cc);
    return this.appliedConfState;
  }

  /**
   * Members the last change removed while it is uncommitted. The leader keeps
   * replicating to them (counting them for nothing) so that a removed node
   * gets the entry that removes it and knows never to campaign again; once
   * the removal commits they are dropped.
   */
  departing(): Set<NodeId> {
    const out = new Set<NodeId>();
    const last = this.confHistory.lastChangeIndex();
    if (this.raftLog.committed >= last) return out;
    const current = this.confHistory.current();
    const before = this.confHistory.at(last - 1);
    for (const id of [...before.voters, ...before.learners]) if (!isMember(current, id)) out.add(id);
    return out;
  }

  /** Leader: the commit index moved. */
  onCommitAdvanced(): void {
    this.releasePendingReadIndexMessages();
    this.bcastAppend();
    if (this.raftLog.committed < this.confHistory.lastChangeIndex()) return;
    // The last change committed: forget members it removed (they were just told the commit index).
    if (this.trk.progress.size > this.trk.confState().voters.length + this.trk.confState().learners.length) {
      this.trk.applyConfState(this.confHistory.current(), this.raftLog.lastIndex() + 1);
    }
    if (!this.trk.isVoter(this.id)) this.stepDownAfterRemoval();
  }

  /**
   * Our removal is committed (thesis §4.2.2): hand over to the most caught-up
   * voter with MsgTimeoutNow when one holds our whole log, so the cluster
   * need not wait an election timeout, then step down. Not being a voter, we
   * never campaign again.
   */
  stepDownAfterRemoval(): void {
    let best: NodeId = NONE;
    let bestMatch = -1;
    for (const id of [...this.trk.voters].sort()) {
      const match = this.trk.progress.get(id)?.match ?? 0;
      if (id !== this.id && match > bestMatch) [best, bestMatch] = [id, match];
    }
    if (best !== NONE && bestMatch === this.raftLog.lastIndex()) {
      this.logger.info({ to: best }, `${this.id} hands leadership to ${best} after its removal`);
      this.send({ to: best, type: MessageType.TimeoutNow });
    }
    this.logger.info({ term: this.term }, `${this.id} steps down: its removal is committed`);
    this.becomeFollower(this.term, NONE);
  }

  /**
   * The driver could not deliver a message to `to` (etcd's MsgUnreachable):
   * stop streaming to it optimistically. Back in Probe, the leader sends one
   * append per heartbeat answer instead of filling the inflight window with
   * messages that are dropped anyway.
   */
  reportUnreachable(to: NodeId): void {
    if (this.role !== Role.Leader) return;
    const pr = this.trk.progress.get(to);
    if (pr === undefined || pr.state !== ProgressState.Replicate) return;
    this.logger.debug({ to }, `${this.id} failed to send message to ${to} because it is unreachable`);
    pr.becomeProbe();
  }

  /** The driver's snapshot streaming to `to` finished or failed (etcd's MsgSnapStatus). */
  reportSnapshot(to: NodeId, ok: boolean): void {
    if (this.role !== Role.Leader) return;
    const pr = this.trk.progress.get(to);
    if (pr === undefined) return;
    this.logger.info({ to, ok }, `${this.id} snapshot to ${to} ${ok ? 'finished' : 'failed'}`);
    pr.onSnapshotReported(ok);
  }

  // ---- role transitions -----------------------------------------------

  becomeFollower(term: number, lead: NodeId): void {
    this.stepFn = stepFollower;
    this.reset(term);
    this.tickFn = tickElection;
    this.lead = lead;
    this.role = Role.Follower;
    this.logTransition();
  }

  becomePreCandidate(): void {
    if (this.role === Role.Leader) throw new RaftInvariantError(`${this.id}: leader cannot become pre-candidate`);
    // Pre-vote changes neither term nor vote: a pre-candidate that loses has disturbed nobody.
    this.stepFn = stepCandidate;
    this.trk.resetVotes();
    this.tickFn = tickElection;
    this.lead = NONE;
    this.role = Role.PreCandidate;
    this.logTransition();
  }

  becomeCandidate(): void {
    if (this.role === Role.Leader) throw new RaftInvariantError(`${this.id}: leader cannot become candidate`);
    this.stepFn = stepCandidate;
    this.reset(this.term + 1);
    this.tickFn = tickElection;
    this.vote = this.id;
    this.role = Role.Candidate;
    this.logTransition();
  }

  becomeLeader(): void {
    if (this.role === Role.Follower) throw new RaftInvariantError(`${this.id}: follower cannot become leader`);
    this.stepFn = stepLeader;
    this.reset(this.term);
    this.tickFn = tickHeartbeat;
    this.lead = this.id;
    this.role = Role.Leader;
    this.trk.progress.get(this.id)?.becomeReplicate();
    // Our log may hold ConfChange entries of earlier terms we have not applied; no new change until we have.
    this.pendingConfIndex = this.raftLog.lastIndex();
    // An entry of our own term lets us commit (§5.4.2) and serve reads (§6.4) soon.
    this.appendEntries([{ index: 0, term: 0, type: EntryType.Normal, data: EMPTY_BYTES }]);
    this.logTransition();
  }

  logTransition(): void {
    const what = {
      [Role.Follower]: 'follower',
      [Role.PreCandidate]: 'pre-candidate',
      [Role.Candidate]: 'candidate',
      [Role.Leader]: 'leader',
    }[this.role];
    this.logger.info({ term: this.term, lead: this.lead }, `${this.id} became ${what} at term ${this.term}`);
  }

  reset(term: number): void {
    if (term !== this.term) {
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.leadTransferee = NONE;
    this.uncommittedBytes = 0;
    this.trk.resetVotes();
    this.trk.resetProgress(this.raftLog.lastIndex() + 1, this.id, this.raftLog.stableLastIndex());
    this.readOnly = new ReadOnly();
    // Reads waiting on a past leadership get no answer; the driver's deadline handles them.
    this.pendingReadIndexMessages = [];
  }

  resetRandomizedElectionTimeout(): void {
    const r = this.#random();
    const extra = Math.min(this.electionTimeout - 1, Math.max(0, Math.floor(r * this.electionTimeout)));
    this.randomizedElectionTimeout = this.electionTimeout + (Number.isFinite(extra) ? extra : 0);
  }

  /**
   * Whether this node may campaign: no snapshot pending, and a voter — or a
   * voter that the last change in its log removes while, as far as it knows,
   * that change is uncommitted (thesis §4.2.2): the new configuration may
   * still need it to elect a leader that commits the change (say {a,b} to
   * {a}, where only b holds the entry). It does not count its own vote, and
   * once it sees the removal committed it never campaigns again.
   */
  promotable(): boolean {
    if (this.raftLog.unstable.snapshot !== undefined) return false;
    if (this.trk.isVoter(this.id)) return true;
    const last = this.confHistory.lastChangeIndex();
    return this.raftLog.committed < last && this.confHistory.at(last - 1).voters.includes(this.id);
  }

  pastElectionTimeout(): boolean {
    return this.electionElapsed >= this.randomizedElectionTimeout;
  }

  abortLeaderTransfer(): void {
    this.leadTransferee = NONE;
  }

  // ---- tick and step --------------------------------------------------

  tick(): void {
    this.tickFn(this);
  }

  /**
   * Handles one message: the term rules common to every role first (Figure 2,
   * "Rules for Servers"), then the role's step function.
   */
  step(m: Message): void {
    if (m.term === 0) {
      // Local message: no term rules apply.
    } else if (m.term > this.term) {
      if (m.type === MessageType.Vote || m.type === MessageType.PreVote) {
        const force = bytesEqual(m.context, CAMPAIGN_TRANSFER);
        const inLease = this.checkQuorum && this.lead !== NONE && this.electionElapsed < this.electionTimeout;
        if (!force && inLease) {
          // Leader lease (thesis §4.2.3): we heard from a live leader within the
          // minimum election timeout, so this candidate is disruptive. Neither
          // update the term nor grant the vote.
          this.logger.info(
            { term: this.term, from: m.from, msgTerm: m.term, remaining: this.electionTimeout - this.electionElapsed },
            `${this.id} ignored ${m.type} from ${m.from} at term ${m.term}: lease not expired`,
          );
          return;
        }
      }
      if (m.type === MessageType.PreVote) {
        // Never change our term because of a pre-vote.
      } else if (m.type === MessageType.PreVoteResp && !m.reject) {
        // The term in a granted pre-vote is the one we will campaign at; we adopt it when we win.
      } else {
        this.logger.info(
          { term: this.term, from: m.from, msgTerm: m.term, type: m.type },
          `${this.id} received ${m.type} with higher term ${m.term} from ${m.from}`,
        );
        const fromLeader = m.type === MessageType.App || m.type === MessageType.Heartbeat || m.type === MessageType.Snap;
        this.becomeFollower(m.term, fromLeader ? m.from : NONE);
      }
    } else if (m.term < this.term) {
      if ((this.checkQuorum || this.preVote) && (m.type === MessageType.Heartbeat || m.type === MessageType.App)) {
        // A stale leader, e.g. one cut off by a partition. With CheckQuorum or
        // PreVote our term may have moved without it hearing; tell it, so it
        // steps down rather than keep a lease nobody honours.
        this.send({ to: m.from, type: MessageType.AppResp });
      } else if (m.type === MessageType.PreVote) {
        // Let a pre-candidate with a stale term learn ours instead of waiting forever.
        this.send({ to: m.from, type: MessageType.PreVoteResp, term: this.term, reject: true });
      } else {
        this.logger.debug({ term: this.term, from: m.from, msgTerm: m.term, type: m.type }, `${this.id} ignored stale ${m.type}`);
      }
      return;
    }

    switch (m.type) {
      case MessageType.Hup:
        this.hup(this.preVote ? CampaignKind.PreElection : CampaignKind.Election);
        return;
      case MessageType.Vote:
      case MessageType.PreVote:
        this.handleVoteRequest(m);
        return;
      case MessageType.Beat:
      case MessageType.Prop:
      case MessageType.TransferLeader:
      case MessageType.CheckQuorum:
      case MessageType.App:
      case MessageType.AppResp:
      case MessageType.VoteResp:
      case MessageType.PreVoteResp:
      case MessageType.Heartbeat:
      case MessageType.HeartbeatResp:
      case MessageType.TimeoutNow:
      case MessageType.ReadIndex:
      case MessageType.ReadIndexResp:
      case MessageType.Snap:
        this.stepFn(this, m);
        return;
    }
  }

  handleVoteRequest(m: Message): void {
    const pre = m.type === MessageType.PreVote;
    const respType = pre ? MessageType.PreVoteResp : MessageType.VoteResp;
    const canVote =
      // Repeated request from the candidate we already voted for (its first answer may be lost).
      this.vote === m.from ||
      // Not voted, and no leader known in this term.
      (this.vote === NONE && this.lead === NONE) ||
      // A pre-vote for a future term promises nothing about this one.
      (pre && m.term > this.term);
    if (canVote && this.raftLog.isUpToDate(m.index, m.logTerm)) {
      this.logger.info(
        { term: this.term, candidate: m.from, msgTerm: m.term, index: m.index, logTerm: m.logTerm },
        `${this.id} cast ${m.type} for ${m.from} at term ${m.term}`,
      );
      // Answer with the request's term: for a pre-vote that is the term the candidate will use.
      this.send({ to: m.from, type: respType, term: m.term });
      if (!pre) {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.logger.info(
        { term: this.term, candidate: m.from, msgTerm: m.term, index: m.index, logTerm: m.logTerm, vote: this.vote },
        `${this.id} rejected ${m.type} from ${m.from} at term ${m.term}`,
      );
      this.send({ to: m.from, type: respType, term: this.term, reject: true });
    }
  }

  hup(kind: CampaignKind): void {
    if (this.role === Role.Leader) {
      this.logger.debug({ term: this.term }, `${this.id} ignoring MsgHup: already leader`);
      return;
    }
    if (!this.promotable()) {
      this.logger.warn({ term: this.term }, `${this.id} is not promotable and cannot campaign`);
      return;
    }
    // No "committed but unapplied conf change" check as etcd needs: here a
    // configuration is in force from the moment its entry is in the log, so
    // promotable() above already judged by the newest one we hold.
    this.logger.info({ term: this.term }, `${this.id} is starting a new election at term ${this.term}`);
    this.campaign(kind);
  }

  campaign(kind: CampaignKind): void {
    let voteType: MessageType;
    let voteTerm: number;
    if (kind === CampaignKind.PreElection) {
      this.becomePreCandidate();
      voteType = MessageType.PreVote;
      // The term we would use; we do not move to it until we win the pre-vote.
      voteTerm = this.term + 1;
    } else {
      this.becomeCandidate();
      voteType = MessageType.Vote;
      voteTerm = this.term;
    }
    if (kind === CampaignKind.PreElection) {
      // A pre-vote persists nothing, so our own counts at once.
      const result = this.poll(this.id, MessageType.PreVoteResp, true);
      if (result === VoteResult.Won) {
        this.campaign(CampaignKind.Election);
        return;
      }
    }
    // In a real election our own vote counts in onHardStateDurable.
    const lastIndex = this.raftLog.lastIndex();
    const lastTerm = this.raftLog.lastTerm();
    const context = kind === CampaignKind.Transfer ? CAMPAIGN_TRANSFER : EMPTY_BYTES;
    for (const id of [...this.trk.voters].sort()) {
      if (id === this.id) continue;
      this.logger.info(
        { term: this.term, to: id, lastIndex, lastTerm },
        `${this.id} sent ${voteType} request to ${id} at term ${voteTerm}`,
      );
      this.send({ to: id, type: voteType, term: voteTerm, index: lastIndex, logTerm: lastTerm, context });
    }
  }

  poll(id: NodeId, type: MessageType, granted: boolean): VoteResult {
    this.logger.info(
      { term: this.term, from: id },
      `${this.id} received ${type} ${granted ? 'grant' : 'rejection'} from ${id} at term ${this.term}`,
    );
    this.trk.recordVote(id, granted);
    const { granted: g, rejected, result } = this.trk.tallyVotes();
    this.logger.info({ term: this.term, granted: g, rejected }, `${this.id} has ${g} votes and ${rejected} rejections`);
    return result;
  }

  handleVoteResult(result: VoteResult): void {
    if (result === VoteResult.Won) {
      if (this.role === Role.PreCandidate) {
        this.campaign(CampaignKind.Election);
      } else {
        this.becomeLeader();
        this.bcastAppend();
      }
    } else if (result === VoteResult.Lost) {
      // A pre-candidate keeps its term; a candidate keeps the term it started.
      this.becomeFollower(this.term, NONE);
    }
  }

  // ---- follower-side handlers -----------------------------------------

  handleAppendEntries(m: Message): void {
    if (m.index < this.raftLog.committed) {
      // Everything up to committed is settled; tell the leader where we are.
      this.send({ to: m.from, type: MessageType.AppResp, index: this.raftLog.committed });
      return;
    }
    if (m.index === 0 && this.lacksBase()) {
      // Entries from the log's start do not say which configuration they
      // start from, and ours is empty: replaying "remove n2, add n2, promote
      // n2" from nothing would make n2 think itself the only voter. Refuse
      // them; the leader answers with its snapshot (Progress.onBaseMissing).
      this.logger.debug({ term: this.term }, `${this.id} has no configuration yet; asked ${m.from} for its snapshot`);
      this.send({ to: m.from, type: MessageType.AppResp, index: 0, reject: true, rejectHint: 0, rejectHintTerm: 0 });
      return;
    }
    const lastNew = this.raftLog.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== undefined) {
      this.send({ to: m.from, type: MessageType.AppResp, index: lastNew });
      return;
    }
    // §5.3 consistency check failed. Rather than let the leader step back one
    // index per round trip, point it at the last entry that could match: the
    // last index <= its probe whose term is <= the probe's term.
    const hintIndex = Math.min(m.index, this.raftLog.lastIndex());
    const hint = this.raftLog.findConflictByTerm(hintIndex, m.logTerm);
    this.logger.debug(
      { term: this.term, index: m.index, logTerm: m.logTerm, hintIndex: hint.index, hintTerm: hint.term },
      `${this.id} rejected MsgApp from ${m.from}`,
    );
    this.send({
      to: m.from,
      type: MessageType.AppResp,
      index: m.index,
      reject: true,
      rejectHint: hint.index,
      rejectHintTerm: hint.term,
    });
  }

  /** An empty log and no configuration at all: a node that joined and has not received the leader's base yet. */
  lacksBase(): boolean {
    const base = this.raftLog.snapshotMetadata();
    return base.index === 0 && this.raftLog.lastIndex() === 0 && base.confState.voters.length === 0 && base.confState.learners.length === 0;
  }

  handleHeartbeat(m: Message): void {
    // The leader sends a commit index no higher than our acknowledged match
    // (sendHeartbeat), so one past our log means we lost entries we
    // acknowledged: fail loudly, as etcd panics, rather than go on voting.
    if (m.commit > this.raftLog.lastIndex()) {
      throw new CorruptLogError(
        `${this.id}: heartbeat from ${m.from} commits ${m.commit}, past last index ${this.raftLog.lastIndex()}: the log lost entries it had acknowledged`,
      );
    }
    this.raftLog.commitTo(m.commit);
    this.send({ to: m.from, type: MessageType.HeartbeatResp, context: m.context });
  }

  handleSnapshot(m: Message): void {
    const s = m.snapshot;
    if (s === undefined) {
      this.logger.warn({ from: m.from }, `${this.id} ignored MsgSnap without a snapshot`);
      return;
    }
    if (this.restore(s)) {
      this.logger.info({ index: s.index, term: s.term }, `${this.id} restored snapshot at index ${s.index}`);
      this.send({ to: m.from, type: MessageType.AppResp, index: this.raftLog.lastIndex() });
    } else {
      this.send({ to: m.from, type: MessageType.AppResp, index: this.raftLog.committed });
    }
  }

  /** Adopts a snapshot from the leader. Returns false when it brings nothing new. */
  restore(s: SnapshotMetadata): boolean {
    // A node that joined with an empty log and no configuration takes even
    // the index-0 bootstrap snapshot: it needs the configuration it carries.
    const joining = this.trk.isEmpty() && this.raftLog.lastIndex() === 0;
    if (s.index < this.raftLog.committed || (s.index === this.raftLog.committed && !joining)) return false;
    // A snapshot whose configuration leaves us out is still committed state:
    // it may predate the change that added us (the entries after it bring
    // that change), or we were removed; either way the log decides.
    if (!isMember(s.confState, this.id)) {
      this.logger.info({ index: s.index }, `${this.id} restoring snapshot at ${s.index} whose configuration leaves it out`);
    }
    if (!joining && this.raftLog.matchTerm(s.index, s.term)) {
      // We already hold the entry at the snapshot's index: just commit up to it.
      this.raftLog.commitTo(s.index);
      return false;
    }
    this.raftLog.restore(s);
    this.confHistory.reset(s.index, s.confState);
    this.applyConfiguration();
    return true;
  }

  // ---- leader-side handlers -------------------------------------------

  handleAppendResponse(m: Message, pr: Progress): void {
    pr.recentActive = true;
    if (m.reject) {
      if (m.index === 0) {
        // Term 0 at index 0 always matches, so only a peer without our base
        // refuses this append (see handleAppendEntries): send the snapshot.
        pr.onBaseMissing();
        this.sendAppend(m.from);
        return;
      }
      let hint = m.rejectHint;
      if (m.rejectHintTerm > 0) {
        // The follower's log holds term rejectHintTerm at rejectHint. Our last
        // entry with a term <= that is the highest index that can match.
        hint = this.raftLog.findConflictByTerm(m.rejectHint, m.rejectHintTerm).index;
      }
      if (pr.onAppendRejected(m.index, hint)) {
        this.logger.debug({ to: m.from, next: pr.next }, `${this.id} backing off ${m.from} to ${pr.next}`);
        this.sendAppend(m.from);
      }
      return;
    }
    if (m.index > this.raftLog.lastIndex()) {
      this.logger.warn({ from: m.from, index: m.index }, `${this.id} ignored ack past its last index`);
      return;
    }
    const wasPaused = pr.isPaused();
    const wasSnapshot = pr.state === ProgressState.Snapshot;
    const heldBase = pr.holdsBase;
    if (!pr.onAppendAccepted(m.index, this.raftLog.firstIndex())) {
      // A snapshot answered without moving match (an index-0 base installed): go on from it now.
      if ((wasSnapshot && pr.state !== ProgressState.Snapshot) || (!heldBase && pr.holdsBase)) this.sendAppend(m.from);
      return;
    }
    if (this.maybeCommit()) {
      this.onCommitAdvanced();
      if (this.role !== Role.Leader) return;
    } else if (wasPaused) {
      // The follower was waiting on this ack; it may now need the commit index or more entries.
      this.sendAppend(m.from);
    }
    while (this.maybeSendAppend(m.from, false)) {
      // Fill the inflight window.
    }
    if (m.from === this.leadTransferee && pr.match === this.raftLog.lastIndex()) {
      this.logger.info({ to: m.from }, `${this.id} sent MsgTimeoutNow to ${m.from} after its log caught up`);
      this.send({ to: m.from, type: MessageType.TimeoutNow });
    }
  }

  handleHeartbeatResponse(m: Message, pr: Progress): void {
    pr.recentActive = true;
    pr.onHeartbeatResponse();
    if (pr.match < this.raftLog.lastIndex() || pr.state === ProgressState.Probe) this.sendAppend(m.from);
    if (m.context.length === 0) return;
    const acks = this.readOnly.recvAck(m.from, m.context);
    const votes = new Map<NodeId, boolean>();
    for (const id of acks) votes.set(id, true);
    if (voteResult(this.trk.voters, votes) !== VoteResult.Won) return;
    for (const rs of this.readOnly.advance(m.context)) this.respondToReadIndex(rs.req, rs.index);
  }

  /**
   * Starts a read-index round (thesis §6.4): remember our commit index with
   * the request, then confirm leadership with a heartbeat round.
   */
  startReadIndex(m: Message): void {
    this.readOnly.addRequest(this.raftLog.committed, m);
    this.readOnly.recvAck(this.id, m.context);
    this.bcastHeartbeatWithCtx(m.context);
  }

  respondToReadIndex(req: Message, index: number): void {
    if (req.from === NONE || req.from === this.id) {
      this.readStates.push({ index, requestCtx: req.context });
      return;
    }
    this.send({ to: req.from, type: MessageType.ReadIndexResp, index, context: req.context });
  }

  releasePendingReadIndexMessages(): void {
    if (this.pendingReadIndexMessages.length === 0 || !this.committedEntryInCurrentTerm()) return;
    const pending = this.pendingReadIndexMessages;
    this.pendingReadIndexMessages = [];
    for (const m of pending) {
      if (this.trk.isSingleton()) this.respondToReadIndex(m, this.raftLog.committed);
      else this.startReadIndex(m);
    }
  }

  /**
   * Throws unless a configuration change may be appended now: one at a time
   * (the previous one applied here), and only once this leader has committed
   * an entry of its term — without that rule a change proposed by a new
   * leader can lose to a concurrent one of the previous term (Ongaro's
   * single-server bug, raft-dev 2015).
   */
  checkConfChangeProposal(entries: readonly Entry[]): void {
    const changes = entries.filter((e) => e.type === EntryType.ConfChange);
    if (changes.length > 1) throw new ConfChangeError('one configuration change at a time');
    if (this.pendingConfIndex > this.raftLog.applied) {
      throw new ProposalDroppedError(
        `a configuration change at index ${this.pendingConfIndex} is not applied yet (applied ${this.raftLog.applied})`,
        this.id,
      );
    }
    if (!this.committedEntryInCurrentTerm()) {
      throw new ProposalDroppedError(`no entry of term ${this.term} committed yet; configuration changes wait for one`, this.id);
    }
    for (const e of changes) {
      const problem = confChangeProblem(this.trk.confState(), decodeConfChange(e.data));
      if (problem !== undefined) throw new ConfChangeError(problem);
    }
  }

  handleTransferLeader(m: Message): void {
    const transferee = m.from;
    const pr = this.trk.progress.get(transferee);
    if (pr === undefined || !this.trk.isVoter(transferee)) {
      this.logger.info({ transferee }, `${this.id} ignored transfer to ${transferee}: not a voter`);
      return;
    }
    if (this.leadTransferee !== NONE) {
      if (this.leadTransferee === transferee) return;
      this.abortLeaderTransfer();
    }
    if (transferee === this.id) return;
    this.logger.info({ term: this.term, transferee }, `${this.id} starts transferring leadership to ${transferee}`);
    // The transfer must complete within one election timeout or it is abandoned.
    this.electionElapsed = 0;
    this.leadTransferee = transferee;
    if (pr.match === this.raftLog.lastIndex()) {
      this.send({ to: transferee, type: MessageType.TimeoutNow });
    } else {
      this.sendAppend(transferee);
    }
  }

  // ---- invariants ------------------------------------------------------

  assertInvariants(): void {
    const l = this.raftLog;
    const fail = (what: string): never => {
      throw new RaftInvariantError(`${this.id}: invariant broken: ${what}`);
    };
    if (!(l.applied <= l.applying)) fail(`applied ${l.applied} <= applying ${l.applying}`);
    if (!(l.applying <= l.committed)) fail(`applying ${l.applying} <= committed ${l.committed}`);
    if (!(l.committed <= l.lastIndex())) fail(`committed ${l.committed} <= lastIndex ${l.lastIndex()}`);
    if (l.unstable.snapshot === undefined && l.applying > l.stableLastIndex()) {
      fail(`applying ${l.applying} <= stable last index ${l.stableLastIndex()}`);
    }
    const u = l.unstable;
    if (!(u.offset <= u.offsetInProgress && u.offsetInProgress <= u.offset + u.entries.length)) {
      fail(`unstable offset ${u.offset} <= in progress ${u.offsetInProgress} <= end ${u.offset + u.entries.length}`);
    }
    u.entries.forEach((e, i) => {
      if (e.index !== u.offset + i) fail(`unstable entry ${i} has index ${e.index}, expected ${u.offset + i}`);
    });
    if (this.#durableHardState.term > this.term) fail(`durable term ${this.#durableHardState.term} <= term ${this.term}`);
    if (this.randomizedElectionTimeout < this.electionTimeout || this.randomizedElectionTimeout >= 2 * this.electionTimeout) {
      fail(`randomized election timeout ${this.randomizedElectionTimeout} in [${this.electionTimeout}, ${2 * this.electionTimeout})`);
    }
    if (this.role !== Role.Leader && this.leadTransferee !== NONE) fail('only a leader transfers leadership');
    if (this.uncommittedBytes < 0 || (this.role !== Role.Leader && this.uncommittedBytes !== 0)) fail(`uncommitted bytes ${this.uncommittedBytes} held only by a leader`);
    const cs = this.confHistory.current();
    const tcs = this.trk.confState();
    if (cs.voters.join() !== tcs.voters.join() || cs.learners.join() !== tcs.learners.join()) {
      fail(`tracker configuration ${JSON.stringify(tcs)} is the log's ${JSON.stringify(cs)}`);
    }
    if ((this.role === Role.Candidate || this.role === Role.PreCandidate) && this.lead !== NONE) fail('a candidate knows no leader');
    if (this.role === Role.Candidate && this.vote !== this.id) fail('a candidate votes for itself');
    if (this.role !== Role.Leader) return;
    if (this.lead !== this.id) fail(`leader's lead is ${this.lead}`);
    if (!this.trk.isVoter(this.id) && l.committed >= this.confHistory.lastChangeIndex()) {
      fail(`leader stays on after its removal at ${this.confHistory.lastChangeIndex()} committed (commit ${l.committed})`);
    }
    const own = this.trk.progress.get(this.id);
    if (own !== undefined && own.match > l.stableLastIndex()) {
      fail(`leader's own match ${own.match} <= its stable last index ${l.stableLastIndex()}`);
    }
    for (const [id, pr] of this.trk.progress) {
      if (!(pr.match < pr.next)) fail(`${id}: match ${pr.match} < next ${pr.next}`);
      if (!(pr.next <= l.lastIndex() + 1)) fail(`${id}: next ${pr.next} <= lastIndex + 1 ${l.lastIndex() + 1}`);
      if (pr.inflights.count() > pr.inflights.size) fail(`${id}: inflights within bound`);
    }
  }
}

// ---- role step functions ------------------------------------------------

function stepLeader(r: Raft, m: Message): void {
  switch (m.type) {
    case MessageType.Beat:
      r.bcastHeartbeat();
      return;
    case MessageType.CheckQuorum:
      if (!r.trk.quorumActive(r.id)) {
        r.logger.warn({ term: r.term }, `${r.id} stepped down to follower since quorum is not active`);
        r.becomeFollower(r.term, NONE);
        return;
      }
      // Each check looks at one election timeout's worth of contact.
      for (const [id, pr] of r.trk.progress) if (id !== r.id) pr.recentActive = false;
      return;
    case MessageType.Prop:
      if (!r.trk.isVoter(r.id)) throw new ProposalDroppedError('leader is being removed from the configuration', NONE);
      if (r.leadTransferee !== NONE) {
        throw new ProposalDroppedError(`leadership transfer to ${r.leadTransferee} in progress`, r.id);
      }
      if (m.entries.some((e) => e.type === EntryType.ConfChange)) r.checkConfChangeProposal(m.entries);
      r.increaseUncommittedBytes(m.entries);
      r.appendEntries(m.entries);
      if (m.entries.some((e) => e.type === EntryType.ConfChange)) r.pendingConfIndex = r.raftLog.lastIndex();
      r.bcastAppend();
      return;
    case MessageType.ReadIndex:
      if (!r.committedEntryInCurrentTerm()) {
        // Until an entry of our term commits, our commit index may lag the
        // previous leader's (thesis §6.4), so the read would be stale. This
        // holds for a one-voter configuration too: it may have shrunk from a
        // larger one whose leader committed entries we hold uncommitted.
        r.pendingReadIndexMessages.push(m);
        return;
      }
      if (r.trk.isSingleton()) {
        // No one else could have been elected: our commit index is current.
        r.respondToReadIndex(m, r.raftLog.committed);
        return;
      }
      r.startReadIndex(m);
      return;
    case MessageType.TransferLeader:
      r.handleTransferLeader(m);
      return;
    case MessageType.AppResp:
    case MessageType.HeartbeatResp: {
      const pr = r.trk.progress.get(m.from);
      if (pr === undefined) {
        r.logger.debug({ from: m.from }, `${r.id} no progress for ${m.from}`);
        return;
      }
      if (m.type === MessageType.AppResp) r.handleAppendResponse(m, pr);
      else r.handleHeartbeatResponse(m, pr);
      return;
    }
    case MessageType.Hup:
    case MessageType.App:
    case MessageType.Vote:
    case MessageType.VoteResp:
    case MessageType.PreVote:
    case MessageType.PreVoteResp:
    case MessageType.Heartbeat:
    case MessageType.TimeoutNow:
    case MessageType.ReadIndexResp:
    case MessageType.Snap:
      // Same-term App/Heartbeat/Snap cannot come from another leader (Election
      // Safety); the rest are late answers to a finished election.
      r.logger.debug({ from: m.from, type: m.type }, `${r.id} leader ignored ${m.type}`);
      return;
  }
}

function stepCandidate(r: Raft, m: Message): void {
  // Only answers to the current kind of election count; a pre-candidate ignores
  // late real votes and vice versa.
  const myVoteRespType = r.role === Role.PreCandidate ? MessageType.PreVoteResp : MessageType.VoteResp;
  switch (m.type) {
    case MessageType.Prop:
      throw new ProposalDroppedError('no leader (election in progress)', NONE);
    case MessageType.ReadIndex:
      if (m.term === 0) throw new ProposalDroppedError('no leader (election in progress)', NONE);
      return;
    case MessageType.App:
      r.becomeFollower(m.term, m.from);
      r.handleAppendEntries(m);
      return;
    case MessageType.Heartbeat:
      r.becomeFollower(m.term, m.from);
      r.handleHeartbeat(m);
      return;
    case MessageType.Snap:
      r.becomeFollower(m.term, m.from);
      r.handleSnapshot(m);
      return;
    case MessageType.VoteResp:
    case MessageType.PreVoteResp:
      if (m.type !== myVoteRespType) return;
      r.handleVoteResult(r.poll(m.from, m.type, !m.reject));
      return;
    case MessageType.Hup:
    case MessageType.Beat:
    case MessageType.TransferLeader:
    case MessageType.CheckQuorum:
    case MessageType.AppResp:
    case MessageType.Vote:
    case MessageType.PreVote:
    case MessageType.HeartbeatResp:
    case MessageType.TimeoutNow:
    case MessageType.ReadIndexResp:
      r.logger.debug({ from: m.from, type: m.type }, `${r.id} ${r.role} ignored ${m.type}`);
      return;
  }
}

function stepFollower(r: Raft, m: Message): void {
  switch (m.type) {
    case MessageType.Prop:
      // No forwarding: the driver forwards writes itself, using the hint.
      throw new ProposalDroppedError(r.lead === NONE ? 'no leader' : `not leader (leader is ${r.lead})`, r.lead);
    case MessageType.App:
      r.electionElapsed = 0;
      r.lead = m.from;
      r.handleAppendEntries(m);
      return;
    case MessageType.Heartbeat:
      r.electionElapsed = 0;
      r.lead = m.from;
      r.handleHeartbeat(m);
      return;
    case MessageType.Snap:
      r.electionElapsed = 0;
      r.lead = m.from;
      r.handleSnapshot(m);
      return;
    case MessageType.TimeoutNow:
      r.logger.info({ term: r.term, from: m.from }, `${r.id} received MsgTimeoutNow from ${m.from}: campaigning to take leadership`);
      // Skip pre-vote: the leader asked for this, and the vote overrides leases.
      r.hup(CampaignKind.Transfer);
      return;
    case MessageType.ReadIndex:
      if (m.term !== 0) return; // another follower's request reached us after leadership moved
      if (r.lead === NONE) throw new ProposalDroppedError('no leader to serve the read', NONE);
      r.send({ to: r.lead, type: MessageType.ReadIndex, context: m.context });
      return;
    case MessageType.ReadIndexResp:
      r.readStates.push({ index: m.index, requestCtx: m.context });
      return;
    case MessageType.TransferLeader:
      // Local message types never cross the wire, so a follower cannot forward it.
      r.logger.info({ lead: r.lead, transferee: m.from }, `${r.id} is not the leader; ignoring leadership transfer`);
      return;
    case MessageType.Hup:
    case MessageType.Beat:
    case MessageType.CheckQuorum:
    case MessageType.AppResp:
    case MessageType.Vote:
    case MessageType.VoteResp:
    case MessageType.PreVote:
    case MessageType.PreVoteResp:
    case MessageType.HeartbeatResp:
      r.logger.debug({ from: m.from, type: m.type }, `${r.id} follower ignored ${m.type}`);
      return;
  }
}

// ---- role tick functions ------------------------------------------------

function tickElection(r: Raft): void {
  r.electionElapsed++;
  if (r.promotable() && r.pastElectionTimeout()) {
    r.electionElapsed = 0;
    r.step(message({ type: MessageType.Hup, from: r.id, to: r.id }));
  }
}

function tickHeartbeat(r: Raft): void {
  r.heartbeatElapsed++;
  r.electionElapsed++;
  if (r.electionElapsed >= r.electionTimeout) {
    r.electionElapsed = 0;
    if (r.checkQuorum) {
      r.step(message({ type: MessageType.CheckQuorum, from: r.id, to: r.id }));
      if (r.role !== Role.Leader) return;
    }
    if (r.leadTransferee !== NONE) {
      r.logger.info({ transferee: r.leadTransferee }, `${r.id} aborted leadership transfer to ${r.leadTransferee}: timed out`);
      r.abortLeaderTransfer();
    }
  }
  if (r.heartbeatElapsed >= r.heartbeatTimeout) {
    r.heartbeatElapsed = 0;
    r.step(message({ type: MessageType.Beat, from: r.id, to: r.id }));
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
