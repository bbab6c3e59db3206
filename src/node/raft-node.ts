/**
 * RaftNode drives the pure core against real storage, network and state
 * machine: the only place where they meet (docs/architecture.md). One loop,
 * no reentrancy; each Ready is handled top to bottom exactly as its
 * contract says:
 *
 *   1. send the leader's replication messages (they may precede the sync,
 *      Raft thesis §10.2.1; the core counts our own copy only after advance);
 *   2. persist entries and hard state in one synced batch;
 *   3. send everything else (acks and votes only after the sync);
 *   4. hand committed entries to the apply queue (apply-queue.ts), which
 *      applies them (data and applied index in one batch) while the loop
 *      goes on — waiting only for membership changes and before a snapshot;
 *   5. advance.
 *
 * Everything that arrives while a Ready is in flight (proposals, peer
 * messages, ticks) is stepped into the core and leaves in the next Ready: that
 * is the batching — one sync and one AppendEntries per peer per turn.
 *
 * The Ready loop, proposals and reads live here; the other concerns are
 * collaborators sharing a NodeContext: routing to the leader
 * (leader-routing.ts), leadership hand-off (leadership-handoff.ts),
 * membership and the address book (membership-book.ts), snapshot sending
 * and compaction (snapshot-sender.ts), snapshot receiving
 * (snapshot-receiver.ts).
 */
import {
  RawNode,
  MemoryStorage,
  ProposalDroppedError,
  ConfChangeError,
  CorruptLogError,
  MalformedMessageError,
  RaftInvariantError,
  UncommittedLimitError,
  encodeConfChange,
} from '../raft';
import { ConfChangeType, EntryType, MessageType, NONE, Role, mayPrecedeSync, type ConfChange, type Entry, type Message, type NodeId, type Ready, type SnapshotMetadata, type Status } from '../raft/types';
import { checkIdentity } from '../storage/identity';
import { assertLogHoldsCommit } from './lost-log-check';
import { ClientAddressRecorder } from './client-address-recorder';
import type { MemberContext } from '../codec/member-codec';
import { encodeResult } from '../kv/command';
import { FailedPreconditionError, NotAttemptedError, OverloadedError, ShutdownError, errorMessage } from '../errors';
import { ProposalRegistry, type AppliedEntry } from './proposal-registry';
import { ReadIndexQueue } from './read-index-queue';
import { StageTrace } from './stage-trace';
import type { SnapshotHeader, SnapshotItem } from '../codec/snapshot-codec';
import type { NodeContext } from './node-context';
import type { RaftNodeOptions } from './node-options';
import { LeaderRouting } from './leader-routing';
import { handOffLeadership, transferLeadership } from './leadership-handoff';
import { CAUGHT_UP_DISTANCE, MembershipBook, isMemberOf } from './membership-book';
import { assertLearnerCaughtUp } from './learner-promotion';
import { SnapshotSender } from './snapshot-sender';
import { SnapshotReceiver, type StagedSnapshot } from './snapshot-receiver';
import { ApplyQueue } from './apply-queue';

export type { RaftNodeOptions } from './node-options';
export { CAUGHT_UP_DISTANCE } from './membership-book';

/** Most entries in one AppendEntries; limits.maxAppendBytes bounds its size. */
const MAX_ENTRIES_PER_MESSAGE = 64;
/** AppendEntries in flight per follower before the leader waits for acks. */
const MAX_INFLIGHT_MESSAGES = 256;

export class RaftNode {
  readonly #opts: RaftNodeOptions;
  readonly #raw: RawNode;
  readonly #log: MemoryStorage;
  readonly #proposals = new ProposalRegistry();
  readonly #reads: ReadIndexQueue;
  readonly #ctx: NodeContext;
  readonly #routing: LeaderRouting;
  readonly #book: MembershipBook;
  readonly #sender: SnapshotSender;
  readonly #receiver: SnapshotReceiver;
  readonly #applier: ApplyQueue;
  readonly #trace: StageTrace | undefined;
  /** What the state machine has applied (the core's own applied index runs ahead: it counts entries handed over). */
  #applied: number;
  #ticker: NodeJS.Timeout | undefined;
  #scheduled = false;
  #draining: Promise<void> | undefined;
  #closed = false;
  #closing = false;
  #fatal: Error | undefined;
  #lead: NodeId = NONE;
  #role: Role = Role.Follower;
  /** This node applied its own removal: it no longer takes part or serves. */
  #removed = false;
  /** See catchingUpAfterJoin. */
  #caughtUpAfterJoin = false;
  /** Records this node's client address in the address book; stopped on close. */
  #recorder: ClientAddressRecorder | undefined;

  private constructor(opts: RaftNodeOptions, log: MemoryStorage, applied: number, members: Map<NodeId, MemberContext>) {
    this.#opts = opts;
    this.#log = log;
    this.#applied = applied;
    // A lost read-index request is re-issued after half an election timeout
    // (500 ms by default, etcd's retry): every read of this node waits behind it.
    this.#trace = opts.traceStages === undefined ? undefined : new StageTrace(opts.traceStages);
    this.#reads = new ReadIndexQueue(Math.max(2, Math.ceil(opts.electionTicks / 2)), opts.random ?? Math.random, this.#trace);
    this.#raw = new RawNode({
      id: opts.id,
      storage: log,
      electionTick: opts.electionTicks,
      heartbeatTick: opts.heartbeatTicks,
      random: opts.random ?? Math.random,
      preVote: true,
      checkQuorum: true,
      applied,
      maxEntriesPerMessage: MAX_ENTRIES_PER_MESSAGE,
      maxInflightMessages: MAX_INFLIGHT_MESSAGES,
      ...(opts.limits === undefined ? {} : { limits: opts.limits }),
      logger: opts.logger,
    });
    this.#ctx = {
      opts,
      raw: this.#raw,
      log,
      schedule: () => this.#schedule(),
      assertOpen: () => this.#assertOpen(),
      stopped: () => this.#closed || this.#fatal !== undefined,
      leader: () => this.#lead,
      applied: () => this.#applied,
    };
    this.#routing = new LeaderRouting(this.#ctx);
    this.#book = new MembershipBook(this.#ctx, members, {
      removedSelf: () => this.#shutDownAfterRemoval(),
      propose: (cc, deadline) => this.proposeConfChangeAsLeader(cc, deadline),
    });
    this.#sender = new SnapshotSender(this.#ctx);
    this.#applier = new ApplyQueue((entries) => this.#apply(entries));
    this.#receiver = new SnapshotReceiver(this.#ctx, (meta, header) => {
      this.#applied = Math.max(this.#applied, meta.index);
      this.#book.replace(header.members);
    });
  }

  /** Opens the node from its data: bootstraps an empty data dir from initialPeers, else resumes. */
  static async start(opts: RaftNodeOptions): Promise<RaftNode> {
    const expected = { clusterId: opts.clusterId, nodeId: opts.id };
    const identity = await opts.store.identity();
    checkIdentity(opts.store.dataDir, identity, expected);
    if (identity === undefined) await opts.store.saveIdentity(expected);
    const persisted = await opts.store.load();
    const membership = await opts.store.loadMembership();
    const members = new Map(membership.members);
    let snapshot = persisted.snapshot;
    if (snapshot === undefined && (opts.join === true || opts.initialPeers.size === 0)) {
      // Joining: no configuration until the leader's snapshot arrives (docs/membership.md).
      snapshot = { index: 0, term: 0, confState: { voters: [], learners: [] } };
      opts.logger.info({ members: [...members.keys()] }, 'starting empty to join an existing cluster; waiting for the leader');
    } else if (snapshot === undefined) {
      // Membership lives in the log: the flags only seed this bootstrap snapshot and address book.
      snapshot = { index: 0, term: 0, confState: { voters: [...opts.initialPeers.keys()].sort(), learners: [] } };
      // Client addresses empty, ours too: the book must be alike on every node.
      // Each member records its own through the log (client-address-recorder.ts).
      for (const [id, peerAddress] of opts.initialPeers) members.set(id, { peerAddress, clientAddress: '', autoPromote: false });
      await opts.store.save({ entries: [], snapshot, members }, true);
      opts.logger.info({ voters: snapshot.confState.voters }, 'bootstrapped a new cluster configuration');
    } else if (members.size === 0) {
      // Data written before the address book existed: --peers is all we have.
      for (const [id, peerAddress] of opts.initialPeers) members.set(id, { peerAddress, clientAddress: '', autoPromote: false });
    }
    assertLogHoldsCommit(opts.store.dataDir, persisted.hardState.commit, snapshot.index, persisted.entries);
    const log = MemoryStorage.fromPersisted({ snapshot, hardState: persisted.hardState, entries: persisted.entries });
    const applied = await opts.stateMachine.appliedIndex();
    const node = new RaftNode(opts, log, applied, members);
    opts.transport.setPeers(node.#book.peerAddresses());
    if (node.#removedBeforeRestart(membership.removedSelfAt)) return node;
    node.#ticker = setInterval(() => node.#tick(), opts.tickMs);
    node.#ticker.unref();
    node.#schedule();
    if (opts.clientAddress !== undefined && opts.clientAddress !== '') {
      node.#recorder = new ClientAddressRecorder({ node, clientAddress: opts.clientAddress, logger: opts.logger });
    }
    return node;
  }

  get id(): NodeId {
    return this.#opts.id;
  }

  /** Peer messages from the transport. */
  receive(messages: readonly Message[]): void {
    if (this.#closed || this.#fatal) return;
    for (const m of messages) {
      if (m.type === MessageType.Snap && (m.snapshot?.index ?? 0) > 0) {
        // Past index 0 a snapshot comes with its data, through installSnapshot only.
        this.#opts.logger.warn({ from: m.from, index: m.snapshot?.index }, 'dropped a snapshot message that came without its data');
        continue;
      }
      if ((m.type === MessageType.Vote || m.type === MessageType.PreVote) && this.catchingUpAfterJoin) {
        // A joining node (or one replacing its lost disk) holds only part of
        // the log: a vote from it could elect a leader lacking committed
        // entries. It votes once past the entry that added it.
        this.#opts.logger.debug({ from: m.from, type: m.type, term: m.term }, 'ignored a vote request: this node is still catching up after joining');
        continue;
      }
      try {
        this.#raw.step(m);
      } catch (err) {
        // A malformed message says nothing about us; any other core error means our own state is broken.
        if (!(err instanceof MalformedMessageError)) {
          this.#stopFatally(err);
          return;
        }
        this.#opts.logger.warn({ err: errorMessage(err), type: m.type, from: m.from }, 'dropped a malformed peer message');
      }
    }
    this.#trace?.workArrived();
    this.#schedule();
  }

  /**
   * Replicates a command through the leader, wherever it is, and resolves with
   * the result of applying exactly this entry. Retries only while the command
   * was provably not attempted.
   */
  async propose(command: Uint8Array, deadline: Date): Promise<AppliedEntry> {
    return this.#routing.through(
      deadline,
      () => this.proposeAsLeader(command, deadline),
      (lead) => this.#opts.transport.propose(lead, command, deadline),
    );
  }

  /**
   * Runs a leader-only request where the leader is: `here` when this node
   * leads, else `forward` to the leader (lease keep-alives and time-to-live
   * reads, which only the leader's clock can answer). Retries like propose.
   */
  async onLeader<T>(deadline: Date, here: () => Promise<T>, forward: (lead: NodeId) => Promise<T>): Promise<T> {
    return this.#routing.through(deadline, here, forward);
  }

  /** Proposes on this node, which must be the leader; the RaftService Propose handler calls this for followers. */
  async proposeAsLeader(command: Uint8Array, deadline: Date): Promise<AppliedEntry> {
    this.#assertOpen();
    let proposed: { index: number; term: number };
    try {
      proposed = this.#raw.propose(command);
    } catch (err) {
      if (err instanceof ProposalDroppedError) {
        const dropped: ProposalDroppedError = err;
        this.#opts.events?.onProposalSettled?.(dropped);
        throw new NotAttemptedError(dropped.leader === NONE ? 'this node is not the leader and knows no leader' : `this node is not the leader (leader is ${dropped.leader})`, dropped.leader);
      }
      if (err instanceof UncommittedLimitError) throw this.#overloaded(err);
      throw err;
    }
    this.#trace?.proposed(proposed.index);
    this.#trace?.workArrived();
    this.#schedule();
    return this.#proposals.wait(proposed.index, proposed.term, deadline).then(
      (entry) => {
        this.#opts.events?.onProposalSettled?.(undefined);
        return entry;
      },
      (err: Error) => {
        this.#opts.events?.onProposalSettled?.(err);
        throw err;
      },
    );
  }

  /** The core refused a proposal at --max-uncommitted-bytes: RESOURCE_EXHAUSTED, not applied. */
  #overloaded(err: UncommittedLimitError): OverloadedError {
    const refused = new OverloadedError(`the leader holds ${err.uncommittedBytes} uncommitted bytes, at --max-uncommitted-bytes ${err.limit}`, { cause: err });
    this.#opts.events?.onProposalSettled?.(refused);
    return refused;
  }

  /** Proposals made here as leader and still waiting to be applied (for metrics). */
  get pendingProposals(): number {
    return this.#proposals.size;
  }

  /** Resolves once this node's state machine reflects every write committed before the call. */
  async linearizableBarrier(deadline: Date): Promise<void> {
    this.#assertOpen();
    const started = performance.now();
    const done = this.#reads.wait(deadline);
    this.#trace?.workArrived();
    this.#schedule();
    try {
      await done;
    } catch (err) {
      this.#opts.events?.onReadIndex?.(performance.now() - started, false);
      throw err;
    }
    this.#opts.events?.onReadIndex?.(performance.now() - started, true);
  }

  status(): Status & { readonly applied: number } {
    return { ...this.#raw.status(), applied: this.#applied };
  }

  get leader(): NodeId {
    return this.#lead;
  }

  get appliedIndex(): number {
    return this.#applied;
  }

  /** Stops proposing, finishes the Ready in flight, fails waiters. Idempotent. The caller closes transport and store after. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#recorder?.stop();
    if (!this.#fatal) await handOffLeadership(this.#ctx);
    this.#closed = true;
    if (this.#ticker) clearInterval(this.#ticker);
    await this.#draining;
    await this.#applier.idle();
    this.#sender.abortAll('this node is shutting down');
    this.#receiver.failStaged();
    this.#proposals.failAll();
    this.#reads.failAll(new ShutdownError());
    this.#routing.wakeAll();
  }

  #assertOpen(): void {
    if (this.#removed) throw new NotAttemptedError('this node was removed from the cluster and no longer serves requests; send them to a member');
    if (this.#fatal) throw new NotAttemptedError(`the node stopped after a fatal error: ${this.#fatal.message}`);
    if (this.#closed || this.#closing) throw new ShutdownError();
  }

  #tick(): void {
    if (this.#closed || this.#fatal) return;
    try {
      // A joining node never times out into a campaign (see receive).
      if (!this.catchingUpAfterJoin) this.#raw.tick();
      this.#reads.onTick((ctx) => this.#issueReadIndex(ctx));
    } catch (err) {
      // Only a broken core throws here; stop like any core error rather than crash in a timer.
      this.#stopFatally(err);
      return;
    }
    this.#book.maybeAutoPromote(this.#closing);
    this.#schedule();
  }

  #issueReadIndex(ctx: Uint8Array): boolean {
    try {
      this.#raw.readIndex(ctx);
      return true;
    } catch (err) {
      if (err instanceof ProposalDroppedError) return false;
      throw err;
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#closed || this.#fatal) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // A Ready that failed to persist may have stopped the node since this
      // was scheduled: the next Ready could carry an ack for entries that
      // Ready never made durable, so nothing more runs.
      if (this.#fatal || this.#closed) return;
      if (this.#draining === undefined) this.#draining = this.#drain().finally(() => (this.#draining = undefined));
    });
  }

  async #drain(): Promise<void> {
    // A staged snapshot was stepped into the core before ready() is called
    // below, so that Ready carries it if the core adopted it.
    let staged: StagedSnapshot | undefined;
    try {
      for (;;) {
        // Stopped meanwhile (a failed apply, a core error): nothing more leaves this node.
        if (this.#fatal) return;
        if (this.#reads.hasUnsent()) this.#reads.flush((ctx) => this.#issueReadIndex(ctx));
        staged = this.#receiver.takeStaged();
        if (!this.#raw.hasReady()) {
          staged?.settle(false);
          return;
        }
        const rd = this.#raw.ready();
        if (isEmptyReady(rd)) this.#opts.logger.warn({}, 'the core produced an empty Ready');
        const installed = await this.#handleReady(rd, staged);
        this.#raw.advance(rd);
        staged?.settle(installed);
        staged = undefined;
        // A Ready with nothing to persist or apply resolves on microtasks
        // alone; yield so timers and sockets are never starved.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      // A failed sync leaves us unable to promise durability: stop taking part.
      this.#stopFatally(err);
      if (this.#fatal) staged?.fail(this.#fatal);
    }
  }

  /**
   * A storage failure or a core error (CorruptLogError, RaftInvariantError):
   * this node can no longer promise what it acknowledged, so it stops taking
   * part for good — no ticks, no votes, no reads, no writes — and says so once.
   */
  #stopFatally(err: unknown): void {
    if (this.#fatal) return;
    this.#fatal = err instanceof Error ? err : new Error(String(err));
    if (this.#ticker) clearInterval(this.#ticker);
    const what = err instanceof CorruptLogError ? 'the log lost entries this node acknowledged' : err instanceof RaftInvariantError ? 'the Raft core failed' : 'storage failure';
    this.#opts.logger.error({ err: this.#fatal.message, kind: this.#fatal.name }, `${what}: this node stops taking part in consensus`);
    try {
      this.#opts.events?.onFatal?.(this.#fatal);
    } catch (hookErr) {
      // A failing hook must not undo the stop (the apply queue and close() rely on it returning).
      this.#opts.logger.error({ err: errorMessage(hookErr) }, 'the fatal-error hook failed');
    }
  }

  /** Handles one Ready; resolves whether it installed the staged snapshot's data. */
  async #handleReady(rd: Ready, staged: StagedSnapshot | undefined): Promise<boolean> {
    this.#trace?.readyStarted(rd.entries);
    if (rd.softState) this.#onSoftState(rd.softState.lead, rd.softState.role);
    const early: Message[] = [];
    const late: Message[] = [];
    for (const m of rd.messages) (mayPrecedeSync(m) ? early : late).push(m);
    if (early.length > 0) this.#sender.sendEarly(early);

    let installed = false;
    if (rd.snapshot !== undefined) {
      // A snapshot replaces the applied state: every batch handed over before it goes first.
      await this.#applier.idle();
      installed = await this.#receiver.install(rd.snapshot, staged);
    }
    if (rd.entries.length > 0 || rd.hardState !== undefined) {
      // Saved even when only the commit index moved (unsynced, then): the
      // entries applied below must never be ahead of the commit index on disk.
      const started = performance.now();
      await this.#opts.store.save(rd.hardState === undefined ? { entries: rd.entries } : { hardState: rd.hardState, entries: rd.entries }, rd.mustSync);
      const persistMs = performance.now() - started;
      this.#opts.events?.onPersisted?.(rd.entries.length, persistMs, rd.mustSync, payloadBytes(rd.entries));
      this.#trace?.persisted(rd.entries, persistMs);
      if (rd.entries.length > 0) this.#log.append(rd.entries);
      if (rd.hardState !== undefined) this.#log.setHardState(rd.hardState);
    }
    if (late.length > 0) {
      this.#opts.transport.send(late);
      this.#trace?.lateMessagesSent();
    }

    if (rd.committedEntries.length > 0) {
      this.#trace?.committed(rd.committedEntries);
      const applied = this.#applier.enqueue(rd.committedEntries);
      // Membership changes are followed (address book, transport, our own
      // removal) before the loop goes on, as etcd waits for them too.
      if (rd.committedEntries.some((e) => e.type === EntryType.ConfChange)) await applied;
      else await this.#applier.room();
    }
    for (const rs of rd.readStates) this.#reads.onReadState(rs.requestCtx, rs.index, this.#applied);
    this.#reads.onApplied(this.#applied);
    return installed;
  }

  /**
   * Applies one batch of committed entries (the apply queue's worker): the
   * data and applied index in one batch, then the membership book, the
   * proposals waiting here, reads waiting for this index, compaction. A
   * failure stops the node like a failed sync.
   */
  async #apply(entries: readonly Entry[]): Promise<void> {
    if (this.#fatal) return;
    const startedAt = this.#trace?.applyStarted(entries) ?? 0;
    try {
      const results = await this.#opts.stateMachine.apply(
        entries,
        (e) => this.#book.applyConfChangeEntry(e),
        (e, nodeId, clientAddress, peerAddress) => this.#book.applyMemberUpdate(e, nodeId, clientAddress, peerAddress),
      );
      this.#book.onBatchWritten();
      // A member removed by this batch gets no more of a snapshot stream.
      if (entries.some((e) => e.type === EntryType.ConfChange)) this.#sender.abortLeavers(this.#raw.status().confState);
      const last = entries[entries.length - 1];
      if (last !== undefined) this.#applied = Math.max(this.#applied, last.index);
      this.#trace?.applied(entries, startedAt);
      for (const r of results) {
        // Most entries were proposed elsewhere (every follower applies them
        // all): encode a result only for an entry someone here waits on.
        if (!this.#proposals.has(r.index)) continue;
        const result = encodeResult(r.result ?? { found: false, revision: this.#opts.stateMachine.revision() });
        this.#proposals.applied(r.error ? { index: r.index, term: r.term, result, error: r.error } : { index: r.index, term: r.term, result });
      }
      this.#opts.events?.onApplied?.(this.#applied);
      this.#sender.maybeCompact();
      this.#reads.onApplied(this.#applied);
    } catch (err) {
      this.#stopFatally(err);
    }
  }

  #onSoftState(lead: NodeId, role: Role): void {
    const leaderChanged = lead !== this.#lead;
    const roleChanged = role !== this.#role;
    this.#lead = lead;
    this.#role = role;
    if (roleChanged) this.#opts.events?.onRoleChange?.(role, this.#raw.status().term);
    // A deposed leader's snapshot would reach a follower that now answers to another leader.
    if (roleChanged && role !== Role.Leader) this.#sender.abortAll('this node stopped leading');
    if (leaderChanged) {
      this.#opts.events?.onLeaderChange?.(lead, this.#raw.status().term);
      if (lead !== NONE) {
        this.#routing.leaderKnown();
        this.#reads.leaderChanged((ctx) => this.#issueReadIndex(ctx));
      }
    }
  }

  get role(): Role {
    return this.#role;
  }

  // ---- membership: conf changes, address book, snapshots, removal ----

  /** The address book as of the applied index (id → addresses). */
  members(): ReadonlyMap<NodeId, MemberContext> {
    return this.#book.members;
  }

  /** Throws the error a request gets when this node does not serve (removed, closed, failed). */
  assertServing(): void {
    this.#assertOpen();
  }

  /**
   * A node that joined (or replaces its lost disk) and has not yet applied
   * the entry that added it: it has no configuration yet, or replays history
   * in which its id may be a voter while its log lacks committed entries. It
   * neither campaigns nor votes until then (docs/membership.md).
   */
  get catchingUpAfterJoin(): boolean {
    if (this.#caughtUpAfterJoin) return false;
    if (this.#applied < (this.#opts.ignoreOwnRemovalBelow ?? 0)) return true;
    const cs = this.#raw.status().confState;
    if (cs.voters.length === 0 && cs.learners.length === 0) return true;
    // Once past, for good (checked every tick, so remembered).
    this.#caughtUpAfterJoin = true;
    return false;
  }

  /**
   * The entry at `index` as this node has it durably stored, or undefined
   * when it is compacted or past the end (diagnostics; the simulator checks
   * log matching and leader completeness with it).
   */
  storedEntry(index: number): Entry | undefined {
    if (index < this.#log.firstIndex() || index > this.#log.lastIndex()) return undefined;
    return this.#log.entries(index, index + 1)[0];
  }

  /** Where the log begins: the snapshot's index, term and configuration. */
  get logBase(): SnapshotMetadata {
    return this.#log.snapshotMetadata();
  }

  /** Whether this node applied its own removal from the cluster. */
  get removed(): boolean {
    return this.#removed;
  }

  /** The transport failed to send to `peer` (GrpcTransport onUnreachable): the core probes it instead of streaming. */
  reportUnreachable(peer: NodeId): void {
    if (!this.#closed && !this.#fatal) this.#raw.reportUnreachable(peer);
  }

  /** Index of the entry in this node's log that last added `id` (the log's base when earlier); undefined for a non-member. */
  memberSince(id: NodeId): number | undefined {
    return this.#raw.memberSince(id);
  }

  /** DNS discovery found new addresses for (initial) peers: they override the address book's. */
  setDiscoveredAddresses(peers: ReadonlyMap<NodeId, string>): void {
    this.#book.setDiscovered(peers);
  }

  /**
   * Proposes a membership change through the leader, wherever it is, and
   * resolves once it is applied there. Retries while it was provably not
   * attempted (no leader, or another change still being applied).
   */
  async proposeConfChange(cc: ConfChange, deadline: Date): Promise<{ index: number; term: number }> {
    return this.#routing.through(
      deadline,
      () => this.proposeConfChangeAsLeader(cc, deadline),
      (lead) => this.#opts.transport.proposeConfChange(lead, encodeConfChange(cc), deadline),
    );
  }

  /** Proposes a membership change on this node, which must be the leader; the RaftService Propose handler calls this for followers. */
  async proposeConfChangeAsLeader(cc: ConfChange, deadline: Date): Promise<AppliedEntry> {
    this.#assertOpen();
    let proposed: { index: number; term: number };
    if (cc.type === ConfChangeType.PromoteLearner) assertLearnerCaughtUp(this.#raw.status(), cc.nodeId, CAUGHT_UP_DISTANCE);
    try {
      proposed = this.#raw.proposeConfChange(cc);
    } catch (err) {
      if (err instanceof ProposalDroppedError) throw new NotAttemptedError(`membership change not proposed: ${err.message}`, err.leader === this.#opts.id ? '' : err.leader);
      if (err instanceof ConfChangeError) throw new FailedPreconditionError(`membership change refused: ${err.message}`);
      if (err instanceof UncommittedLimitError) throw this.#overloaded(err);
      throw err;
    }
    this.#opts.logger.info({ type: cc.type, nodeId: cc.nodeId, index: proposed.index }, `proposed ${cc.type} ${cc.nodeId}`);
    this.#schedule();
    return this.#proposals.wait(proposed.index, proposed.term, deadline);
  }

  /**
   * Leader only: hands leadership to the voter `to` and resolves once it
   * leads. Any other node refuses with FailedPreconditionError naming the
   * leader (see docs/operations.md for why it does not forward).
   */
  async transferLeadership(to: NodeId, deadline: Date): Promise<NodeId> {
    return transferLeadership(this.#ctx, to, deadline);
  }

  /**
   * A removed node stops taking part (it could only disrupt the cluster) but
   * the process keeps running: /healthz answers, /readyz and client requests
   * say it is not a member. The operator stops it.
   */
  #shutDownAfterRemoval(): void {
    if (this.#removed) return;
    this.#removed = true;
    this.#opts.logger.warn({}, `node ${this.#opts.id} was removed from the cluster: it stops taking part in consensus and serves no requests`);
    // close() waits for the Ready in flight, which is the one applying the removal.
    setImmediate(() => void this.close());
  }

  /** After a restart: the stored state says this node's removal was applied. */
  #removedBeforeRestart(removedSelfAt: number | undefined): boolean {
    const id = this.#opts.id;
    // Decided from the record this node wrote when it applied its own removal
    // (MembershipChange.self), never from its absence in a configuration: a
    // joiner that restarts before the entry adding it arrives is absent too
    // (found by the driver simulator, seed 8000071).
    if (removedSelfAt === undefined || removedSelfAt < (this.#opts.ignoreOwnRemovalBelow ?? 0)) return false;
    // A later entry in our log adds us back: it will be applied.
    if (isMemberOf(this.#raw.status().confState, id)) return false;
    this.#removed = true;
    this.#closed = true;
    this.#opts.logger.warn({ removedAt: removedSelfAt }, `node ${id} was removed from the cluster before this restart: it does not take part`);
    return true;
  }

  /**
   * Follower: a snapshot stream from the leader (snapshot-receiver.ts). The
   * core decides whether it is wanted; its data is installed only when a
   * Ready hands it back (docs/snapshots.md, "What the follower does").
   */
  installSnapshot(header: SnapshotHeader, chunks: AsyncIterable<readonly SnapshotItem[]>): Promise<{ term: number }> {
    return this.#receiver.receive(header, chunks);
  }

  /** The most snapshot bytes a transfer to this node has held in memory at once (the rest is staged on disk). */
  snapshotPeakBufferedBytes(): number {
    return this.#receiver.peakBufferedBytes();
  }
}

function payloadBytes(entries: Ready['entries']): number {
  let n = 0;
  for (const e of entries) n += e.data.length;
  return n;
}

function isEmptyReady(rd: Ready): boolean {
  return (
    rd.softState === undefined &&
    rd.hardState === undefined &&
    rd.entries.length === 0 &&
    rd.committedEntries.length === 0 &&
    rd.messages.length === 0 &&
    rd.readStates.length === 0 &&
    rd.snapshot === undefined
  );
}
