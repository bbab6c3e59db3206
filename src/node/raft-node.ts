/**
 * RaftNode drives the pure core against real storage, network and state
 * machine: the only place where they meet (DESIGN.md §2). One loop, no
 * reentrancy; each Ready is handled top to bottom exactly as its contract says:
 *
 *   1. send the leader's replication messages (they may precede the sync,
 *      Raft thesis §10.2.1; the core counts our own copy only after advance);
 *   2. persist entries and hard state in one synced batch;
 *   3. send everything else (acks and votes only after the sync);
 *   4. apply committed entries (data and applied index in one batch);
 *   5. advance.
 *
 * Everything that arrives while a Ready is in flight (proposals, peer
 * messages, ticks) is stepped into the core and leaves in the next Ready: that
 * is the batching — one sync and one AppendEntries per peer per turn.
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
  decodeConfChange,
  encodeConfChange,
} from '../raft';
import {
  ConfChangeType,
  MessageType,
  NONE,
  Role,
  mayPrecedeSync,
  message,
  type ConfChange,
  type ConfState,
  type Entry,
  type Message,
  type NodeId,
  type Ready,
  type SnapshotMetadata,
  type Status,
} from '../raft/types';
import type { Logger } from '../logger';
import type { RaftStore } from '../storage/raft-store';
import { checkIdentity } from '../storage/identity';
import { assertLogHoldsCommit } from './lost-log-check';
import type { KvStateMachine, MembershipChange } from '../kv/state-machine';
import { assertLearnerCaughtUp } from './learner-promotion';
import { ClientAddressRecorder } from './client-address-recorder';
import { decodeMemberContext, type MemberContext } from '../codec/member-codec';
import { encodeResult } from '../kv/command';
import type { RaftByteLimits } from '../raft/config';
import type { Transport } from '../transport/transport';
import { FailedPreconditionError, NoLeaderError, NotAttemptedError, OverloadedError, ShutdownError, TimeoutError, errorMessage } from '../errors';
import { ProposalRegistry, type AppliedEntry } from './proposal-registry';
import { ReadIndexQueue } from './read-index-queue';
import { delay, msUntil } from './deadline';
import type { NodeEvents } from './node-events';
import { chunkItems, snapshotItemBytes, type SnapshotHeader, type SnapshotItem } from '../codec/snapshot-codec';

export interface RaftNodeOptions {
  readonly id: NodeId;
  readonly clusterId: string;
  /** Initial voters (id → peer address), used only to bootstrap an empty data dir. */
  readonly initialPeers: ReadonlyMap<NodeId, string>;
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly store: RaftStore;
  readonly stateMachine: KvStateMachine;
  readonly transport: Transport;
  readonly logger: Logger;
  readonly events?: NodeEvents;
  /** Randomness for election timeouts; Math.random unless a test seeds it. */
  readonly random?: () => number;
  /**
   * Join an existing cluster: with no stored log, start empty (no bootstrap)
   * and wait for the leader's snapshot (docs/membership.md). Also implied by
   * an empty initialPeers.
   */
  readonly join?: boolean;
  /**
   * A node that joined under an id removed earlier: removals of its id at log
   * indexes below this belong to that earlier member and are ignored.
   */
  readonly ignoreOwnRemovalBelow?: number;
  /** This node's advertised client address, recorded in the replicated address book once a leader is known (client-address-recorder.ts). */
  readonly clientAddress?: string;
  /** Compact the log once this many entries were applied past the last snapshot. Default 10000. */
  readonly snapshotEntries?: number;
  /** Byte bounds on the core's queues (--max-append-bytes and friends); unbounded when unset. */
  readonly limits?: RaftByteLimits;
}

const DEFAULT_SNAPSHOT_ENTRIES = 10_000;
/** Entries kept below the applied index at compaction, so a slightly-behind follower catches up from the log. */
const MAX_SNAPSHOT_TAIL_ENTRIES = 1_000;
/** A snapshot stream must finish within this long, or the leader gives up and retries later. */
const SNAPSHOT_STREAM_TIMEOUT_MS = 10 * 60_000;
/** A follower stages a received snapshot in memory; one larger than this is refused. */
const MAX_STAGED_SNAPSHOT_BYTES = 1024 * 1024 * 1024;

/** A learner is caught up (ListMembers, auto-promotion) when its match index is within this many entries of the commit index. */
export const CAUGHT_UP_DISTANCE = 100;
/** Auto-promotion is checked every this many ticks. */
const AUTO_PROMOTE_EVERY_TICKS = 5;

/** A membership change applied in the current Ready, for the driver to act on once its batch is written. */
/** A snapshot received from the leader, staged until the core adopts or declines it. */
interface StagedSnapshot {
  readonly header: SnapshotHeader;
  readonly items: readonly SnapshotItem[];
  readonly bytes: number;
  readonly started: number;
  /** Resolves installSnapshot: true when installed, false when the core declined it. */
  readonly settle: (installed: boolean) => void;
  readonly fail: (err: Error) => void;
}

type AppliedMembershipChange =
  | (MembershipChange & { readonly type: ConfChangeType; readonly index: number })
  /** A member-update command: the member's record with its client address recorded. */
  | { readonly type: 'client-address'; readonly nodeId: NodeId; readonly member: MemberContext; readonly index: number };

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
  #applied: number;
  #ticker: NodeJS.Timeout | undefined;
  #scheduled = false;
  #draining: Promise<void> | undefined;
  #closed = false;
  #closing = false;
  #fatal: Error | undefined;
  #lead: NodeId = NONE;
  #role: Role = Role.Follower;
  readonly #leaderWaiters = new Set<() => void>();
  // ---- membership (see the "membership" section below) ----
  /** The address book as of the applied index. */
  readonly #members: Map<NodeId, MemberContext>;
  /** Addresses found by DNS discovery; they override the book's peer addresses. */
  #discovered: ReadonlyMap<NodeId, string> = new Map();
  /** ConfChange entries applied in the Ready being handled. */
  #appliedChanges: AppliedMembershipChange[] = [];
  /** This node applied its own removal: it no longer takes part or serves. */
  #removed = false;
  #promoting = false;
  #ticks = 0;
  /** See catchingUpAfterJoin. */
  #caughtUpAfterJoin = false;
  /** Records this node's client address in the address book; stopped on close. */
  #recorder: ClientAddressRecorder | undefined;
  // ---- snapshots (see the "snapshots" section below) ----
  readonly #snapshotEntries: number;
  /** Snapshot streams to followers, by peer; aborted when this node stops leading. */
  readonly #streams = new Map<NodeId, AbortController>();
  #installing = false;
  /** A received snapshot stepped into the core; the next Ready decides its fate (installSnapshot). */
  #stagedSnapshot: StagedSnapshot | undefined;

  private constructor(opts: RaftNodeOptions, log: MemoryStorage, applied: number, members: Map<NodeId, MemberContext>) {
    this.#opts = opts;
    this.#members = members;
    this.#log = log;
    this.#applied = applied;
    this.#snapshotEntries = opts.snapshotEntries ?? DEFAULT_SNAPSHOT_ENTRIES;
    // A lost read-index request is re-issued after about one election timeout.
    this.#reads = new ReadIndexQueue(Math.max(2, opts.electionTicks), opts.random ?? Math.random);
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
    opts.transport.setPeers(node.#peerAddresses());
    if (node.#removedBeforeRestart(membership.confState)) return node;
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
    this.#schedule();
  }

  /**
   * Replicates a command through the leader, wherever it is, and resolves with
   * the result of applying exactly this entry. Retries only while the command
   * was provably not attempted.
   */
  async propose(command: Uint8Array, deadline: Date): Promise<AppliedEntry> {
    return this.#throughLeader(
      deadline,
      () => this.proposeAsLeader(command, deadline),
      (lead) => this.#opts.transport.propose(lead, command, deadline),
    );
  }

  /**
   * Runs `onLeader` here when this node leads, else `forward` to the leader,
   * waiting for one when none is known. Retries only while the request was
   * provably not attempted (no leader, a leader stepping down or shutting
   * down, another membership change in flight); our own shutdown is caught by
   * #assertOpen at the top of the loop.
   */
  async #throughLeader<T>(deadline: Date, onLeader: () => Promise<T>, forward: (lead: NodeId) => Promise<T>): Promise<T> {
    let lastError: Error = new NoLeaderError();
    while (msUntil(deadline) > 0) {
      this.#assertOpen();
      const lead = this.#lead;
      try {
        if (lead === this.#opts.id) return await onLeader();
        if (lead !== NONE) return await forward(lead);
        await this.#waitForLeader(deadline);
        continue;
      } catch (err) {
        if (!(err instanceof NotAttemptedError)) throw err;
        lastError = err;
      }
      // Not attempted (leadership moving): give the cluster a tick to settle.
      await delay(this.#opts.tickMs);
    }
    throw lastError;
  }

  /**
   * Runs a leader-only request where the leader is: `here` when this node
   * leads, else `forward` to the leader (lease keep-alives and time-to-live
   * reads, which only the leader's clock can answer). Retries like propose.
   */
  async onLeader<T>(deadline: Date, here: () => Promise<T>, forward: (lead: NodeId) => Promise<T>): Promise<T> {
    return this.#throughLeader(deadline, here, forward);
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
    await this.#handOffLeadership();
    this.#closed = true;
    if (this.#ticker) clearInterval(this.#ticker);
    await this.#draining;
    this.#abortStreams('this node is shutting down');
    this.#stagedSnapshot?.fail(new ShutdownError());
    this.#stagedSnapshot = undefined;
    this.#proposals.failAll();
    this.#reads.failAll(new ShutdownError());
    for (const wake of this.#leaderWaiters) wake();
  }

  /**
   * A leader that stops hands leadership to the most caught-up voter first
   * (TimeoutNow), so a rolling restart costs no election timeout. Bounded by
   * one election timeout; on failure the cluster simply elects as usual.
   */
  async #handOffLeadership(): Promise<void> {
    if (this.#fatal || this.#lead !== this.#opts.id) return;
    const s = this.#raw.status();
    let target: NodeId = NONE;
    let best = -1;
    for (const id of s.confState.voters) {
      const match = s.progress.get(id)?.match ?? -1;
      if (id !== this.#opts.id && match > best) {
        best = match;
        target = id;
      }
    }
    if (target === NONE) return;
    const started = Date.now();
    this.#raw.transferLeadership(target);
    this.#schedule();
    const timeoutMs = this.#opts.tickMs * this.#opts.electionTicks * 2;
    // The transferee's campaign first makes us a follower with no known
    // leader; wait until some other node is known to lead.
    const settled = (): boolean => this.#lead !== this.#opts.id && this.#lead !== NONE;
    while (!settled() && Date.now() - started < timeoutMs) await delay(this.#opts.tickMs / 2);
    this.#opts.logger.info(
      { target, match: best, ms: Date.now() - started },
      settled() ? `handed leadership to ${this.#lead} before stopping` : `leadership did not pass to ${target}; stopping anyway`,
    );
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
    this.#maybeAutoPromote();
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
        if (this.#reads.hasUnsent()) this.#reads.flush((ctx) => this.#issueReadIndex(ctx));
        staged = this.#stagedSnapshot;
        this.#stagedSnapshot = undefined;
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
    this.#opts.events?.onFatal?.(this.#fatal);
  }

  /** Handles one Ready; resolves whether it installed the staged snapshot's data. */
  async #handleReady(rd: Ready, staged: StagedSnapshot | undefined): Promise<boolean> {
    if (rd.softState) this.#onSoftState(rd.softState.lead, rd.softState.role);
    const early: Message[] = [];
    const late: Message[] = [];
    for (const m of rd.messages) (mayPrecedeSync(m) ? early : late).push(m);
    if (early.length > 0) this.#sendEarly(early);

    const installed = rd.snapshot !== undefined && (await this.#installSnapshot(rd.snapshot, staged));
    if (rd.entries.length > 0 || rd.hardState !== undefined) {
      const started = performance.now();
      await this.#opts.store.save(rd.hardState === undefined ? { entries: rd.entries } : { hardState: rd.hardState, entries: rd.entries }, rd.mustSync);
      this.#opts.events?.onPersisted?.(rd.entries.length, performance.now() - started, rd.mustSync, payloadBytes(rd.entries));
      if (rd.entries.length > 0) this.#log.append(rd.entries);
      if (rd.hardState !== undefined) this.#log.setHardState(rd.hardState);
    }
    if (late.length > 0) this.#opts.transport.send(late);

    if (rd.committedEntries.length > 0) {
      const results = await this.#opts.stateMachine.apply(
        rd.committedEntries,
        (e) => this.#applyConfChangeEntry(e),
        (e, nodeId, clientAddress) => this.#applyMemberUpdate(e, nodeId, clientAddress),
      );
      this.#onMembershipApplied();
      const last = rd.committedEntries[rd.committedEntries.length - 1];
      if (last !== undefined) this.#applied = Math.max(this.#applied, last.index);
      for (const r of results) {
        // Most entries were proposed elsewhere (every follower applies them
        // all): encode a result only for an entry someone here waits on.
        if (!this.#proposals.has(r.index)) continue;
        const result = encodeResult(r.result ?? { found: false, revision: this.#opts.stateMachine.revision() });
        this.#proposals.applied(r.error ? { index: r.index, term: r.term, result, error: r.error } : { index: r.index, term: r.term, result });
      }
      this.#opts.events?.onApplied?.(this.#applied);
      this.#maybeCompact();
    }
    for (const rs of rd.readStates) this.#reads.onReadState(rs.requestCtx, rs.index, this.#applied);
    this.#reads.onApplied(this.#applied);
    return installed;
  }

  #onSoftState(lead: NodeId, role: Role): void {
    const leaderChanged = lead !== this.#lead;
    const roleChanged = role !== this.#role;
    this.#lead = lead;
    this.#role = role;
    if (roleChanged) this.#opts.events?.onRoleChange?.(role, this.#raw.status().term);
    // A deposed leader's snapshot would reach a follower that now answers to another leader.
    if (roleChanged && role !== Role.Leader) this.#abortStreams('this node stopped leading');
    if (leaderChanged) {
      this.#opts.events?.onLeaderChange?.(lead, this.#raw.status().term);
      if (lead !== NONE) {
        for (const wake of this.#leaderWaiters) wake();
        this.#leaderWaiters.clear();
      }
    }
  }

  get role(): Role {
    return this.#role;
  }

  // ---- membership: conf changes, address book, snapshots, removal ----

  /** The address book as of the applied index (id → addresses). */
  members(): ReadonlyMap<NodeId, MemberContext> {
    return this.#members;
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
    this.#discovered = peers;
    if (!this.#closed) this.#opts.transport.setPeers(this.#peerAddresses());
  }

  /**
   * Proposes a membership change through the leader, wherever it is, and
   * resolves once it is applied there. Retries while it was provably not
   * attempted (no leader, or another change still being applied).
   */
  async proposeConfChange(cc: ConfChange, deadline: Date): Promise<{ index: number; term: number }> {
    return this.#throughLeader(
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
    this.#assertOpen();
    const lead = this.#lead;
    if (lead === NONE) throw new NoLeaderError();
    if (lead !== this.#opts.id) {
      if (lead === to) return to;
      throw new FailedPreconditionError(`node ${this.#opts.id} is not the leader; send the transfer to the leader ${lead}`, lead);
    }
    if (to === this.#opts.id) return to;
    if (!this.#raw.status().confState.voters.includes(to)) throw new FailedPreconditionError(`${to} is not a voter, so it cannot lead`);
    this.#raw.transferLeadership(to);
    this.#schedule();
    while (this.#lead !== to) {
      if (msUntil(deadline) === 0) {
        throw new TimeoutError(`leadership did not pass to ${to} before the deadline (leader is ${this.#lead || 'unknown'}); it may still pass`);
      }
      this.#assertOpen();
      await delay(this.#opts.tickMs);
    }
    return to;
  }

  #peerAddresses(): Map<NodeId, string> {
    const out = new Map<NodeId, string>();
    for (const [id, m] of this.#members) out.set(id, m.peerAddress);
    for (const [id, address] of this.#discovered) out.set(id, address);
    return out;
  }

  /** Called by the state machine, in log order, for each ConfChange entry it applies. */
  #applyConfChangeEntry(entry: Entry): MembershipChange {
    const cc = decodeConfChange(entry.data);
    const confState = this.#raw.applyConfChange(cc);
    let member: MemberContext | null | undefined;
    if (cc.type === ConfChangeType.RemoveNode) member = null;
    else if (cc.type === ConfChangeType.AddLearner || cc.type === ConfChangeType.AddVoter) member = this.#memberContextOf(cc, entry.index);
    const change = { confState, nodeId: cc.nodeId, member };
    this.#appliedChanges.push({ ...change, type: cc.type, index: entry.index });
    return change;
  }

  /**
   * Called by the state machine for each member-update command it applies:
   * the member's record (as the book stands after this batch's earlier
   * entries) with the client address recorded; undefined for a non-member.
   */
  #applyMemberUpdate(entry: Entry, nodeId: NodeId, clientAddress: string): MemberContext | undefined {
    let current: MemberContext | null | undefined = this.#members.get(nodeId);
    for (const c of this.#appliedChanges) if (c.nodeId === nodeId && c.member !== undefined) current = c.member;
    if (current === undefined || current === null) return undefined;
    const member = { ...current, clientAddress };
    this.#appliedChanges.push({ type: 'client-address', nodeId, member, index: entry.index });
    return member;
  }

  #memberContextOf(cc: ConfChange, index: number): MemberContext | undefined {
    if (cc.context === undefined) {
      this.#opts.logger.warn({ nodeId: cc.nodeId, index }, 'membership change carries no addresses; the member stays unreachable');
      return undefined;
    }
    try {
      return decodeMemberContext(cc.context);
    } catch (err) {
      this.#opts.logger.warn({ nodeId: cc.nodeId, index, err: errorMessage(err) }, 'membership change carries a malformed address record');
      return undefined;
    }
  }

  /** The batch with the Ready's ConfChange entries is written: follow it in memory and on the network. */
  #onMembershipApplied(): void {
    const changes = this.#appliedChanges;
    if (changes.length === 0) return;
    this.#appliedChanges = [];
    let removedSelf = false;
    for (const c of changes) {
      if (c.member === null) this.#members.delete(c.nodeId);
      else if (c.member !== undefined) this.#members.set(c.nodeId, c.member);
      if (c.type === 'client-address') {
        this.#opts.logger.debug({ nodeId: c.nodeId, clientAddress: c.member.clientAddress, index: c.index }, `recorded the client address of ${c.nodeId}`);
        continue;
      }
      if (c.type === ConfChangeType.RemoveNode && c.nodeId === this.#opts.id) {
        if (c.index >= (this.#opts.ignoreOwnRemovalBelow ?? 0)) removedSelf = true;
        else this.#opts.logger.info({ index: c.index }, 'replayed the removal of an earlier member with this id; this node was added again later');
      }
      this.#opts.logger.info(
        { type: c.type, nodeId: c.nodeId, index: c.index, voters: c.confState.voters, learners: c.confState.learners },
        `applied membership change ${c.type} ${c.nodeId}`,
      );
    }
    this.#opts.transport.setPeers(this.#peerAddresses());
    // Our removal is final only if no later entry in our log adds us back.
    if (removedSelf && !isMemberOf(this.#raw.status().confState, this.#opts.id)) this.#shutDownAfterRemoval();
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
  #removedBeforeRestart(applied: ConfState | undefined): boolean {
    const id = this.#opts.id;
    if (applied === undefined || isMemberOf(applied, id) || this.#members.has(id) || isMemberOf(this.#raw.status().confState, id)) return false;
    // Still replaying the log up to our own re-addition.
    if (this.#applied < (this.#opts.ignoreOwnRemovalBelow ?? 0)) return false;
    this.#removed = true;
    this.#closed = true;
    this.#opts.logger.warn({}, `node ${id} was removed from the cluster before this restart: it does not take part`);
    return true;
  }

  /** Leader: promotes one caught-up auto-promote learner at a time. */
  #maybeAutoPromote(): void {
    this.#ticks += 1;
    if (this.#promoting || this.#ticks % AUTO_PROMOTE_EVERY_TICKS !== 0 || this.#lead !== this.#opts.id || this.#closing) return;
    const s = this.#raw.status();
    const candidate = s.confState.learners.find((id) => {
      const match = s.progress.get(id)?.match ?? 0;
      return this.#members.get(id)?.autoPromote === true && match > 0 && match + CAUGHT_UP_DISTANCE >= s.commit;
    });
    if (candidate === undefined) return;
    this.#promoting = true;
    const deadline = new Date(Date.now() + this.#opts.tickMs * this.#opts.electionTicks * 4);
    this.proposeConfChangeAsLeader({ type: ConfChangeType.PromoteLearner, nodeId: candidate }, deadline).then(
      () => this.#opts.logger.info({ nodeId: candidate }, `promoted caught-up learner ${candidate} to voter`),
      (err: unknown) => this.#opts.logger.debug({ nodeId: candidate, err: errorMessage(err) }, `auto-promotion of ${candidate} not done yet`),
    ).finally(() => (this.#promoting = false));
  }

  // ---- snapshots: compaction, streaming to followers, installing ----

  /**
   * Sends the leader's early messages. A MsgSnap carries metadata only: the
   * index-0 bootstrap snapshot a joining node needs has no data, so it is
   * done once sent; past index 0 the state is streamed (#streamSnapshot).
   */
  #sendEarly(messages: readonly Message[]): void {
    this.#opts.transport.send(messages.filter((m) => m.type !== MessageType.Snap || (m.snapshot?.index ?? 0) === 0));
    for (const m of messages) {
      if (m.type !== MessageType.Snap) continue;
      if ((m.snapshot?.index ?? 0) === 0) this.#raw.reportSnapshot(m.to, 'finish');
      else if (!this.#streams.has(m.to)) void this.#streamSnapshot(m.to, m.term);
    }
  }

  /**
   * The applied state in the database IS the snapshot: once applied runs
   * snapshotEntries past the log's beginning, drop the log up to
   * applied − tail (the tail lets a follower slightly behind catch up from
   * the log rather than by snapshot). The configuration recorded is the one
   * in force at that index, as docs/membership.md requires.
   */
  #maybeCompact(): void {
    const tail = Math.min(MAX_SNAPSHOT_TAIL_ENTRIES, this.#snapshotEntries);
    // Only what the core has seen applied (advance): it may still read the entries of the Ready in flight.
    const through = Math.min(this.#applied, this.#raw.status().applied) - tail;
    const first = this.#log.firstIndex();
    if (through - (first - 1) < this.#snapshotEntries || through > this.#log.lastIndex()) return;
    const started = performance.now();
    const confState = this.#raw.confStateAt(through);
    this.#log.compact(through, confState);
    this.#opts.store.compact(through, confState).then(
      () => {
        const ms = performance.now() - started;
        this.#opts.logger.info({ index: through, applied: this.#applied, firstIndex: through + 1, durationMs: Math.round(ms) }, 'snapshot taken');
        this.#opts.events?.onSnapshot?.('taken', through, ms);
      },
      (err: unknown) => this.#opts.logger.warn({ index: through, err: errorMessage(err) }, 'log compaction failed; the log keeps its entries'),
    );
  }

  /**
   * Leader: streams the applied state to `to`, whose next entry is
   * compacted. The metadata sent is the applied index as of the consistent
   * database read, not the core's (older) snapshot index: the data must
   * match its metadata, and the core only needs the follower to end at or
   * past the snapshot it asked for, which applied >= snapshot index ensures.
   */
  async #streamSnapshot(to: NodeId, term: number): Promise<void> {
    const abort = new AbortController();
    this.#streams.set(to, abort);
    const started = performance.now();
    let outcome: 'finish' | 'failure' = 'failure';
    try {
      if (this.#opts.transport.installSnapshot === undefined) throw new Error('this transport cannot stream snapshots');
      const read = await this.#opts.store.openSnapshotRead();
      try {
        abort.signal.throwIfAborted();
        const header: SnapshotHeader = { clusterId: this.#opts.clusterId, from: this.#opts.id, to, term, metadata: read.metadata, members: read.members, revision: read.revision };
        this.#opts.logger.info({ to, index: read.metadata.index }, `sending a snapshot to ${to}`);
        await this.#opts.transport.installSnapshot(to, header, untilAborted(chunkItems(read.items), abort.signal), new Date(Date.now() + SNAPSHOT_STREAM_TIMEOUT_MS));
        outcome = 'finish';
        this.#opts.logger.info({ to, index: read.metadata.index, durationMs: Math.round(performance.now() - started) }, `sent a snapshot to ${to}`);
      } finally {
        await read.close();
      }
    } catch (err) {
      this.#opts.logger.warn({ to, err: errorMessage(abort.signal.aborted ? abort.signal.reason : err) }, `snapshot to ${to} stopped; a leader retries later`);
    } finally {
      if (this.#streams.get(to) === abort) this.#streams.delete(to);
      if (!this.#closed && !abort.signal.aborted) {
        this.#raw.reportSnapshot(to, outcome);
        this.#schedule();
      }
    }
  }

  /** Stops every outgoing snapshot stream (the receiver sees the stream fail and keeps its state). */
  #abortStreams(reason: string): void {
    for (const abort of this.#streams.values()) abort.abort(new Error(reason));
    this.#streams.clear();
  }

  /**
   * Follower: a snapshot stream from the leader. Stages the data, then steps
   * the MsgSnap into the core and lets the core decide: only when a Ready
   * hands the snapshot back (the core adopted it) is the staged data
   * installed, in #installSnapshot. A snapshot the core declines (stale, or
   * at an index whose entry this log already holds) is dropped and the log
   * is left as it is — installing its data regardless once deleted entries
   * this node had acknowledged (docs/snapshots.md, "What the follower does").
   *
   * Only the leader this node knows may send one: a sender from an older
   * term, or another node than the known leader of this term, is refused
   * before and after the transfer.
   */
  async installSnapshot(header: SnapshotHeader, chunks: AsyncIterable<readonly SnapshotItem[]>): Promise<{ term: number }> {
    this.#assertOpen();
    if (this.#installing) throw new NotAttemptedError('a snapshot is already being installed');
    this.#installing = true;
    try {
      this.#checkSnapshotSender(header);
      const started = performance.now();
      const items: SnapshotItem[] = [];
      let bytes = 0;
      for await (const batch of chunks) {
        for (const item of batch) {
          bytes += snapshotItemBytes(item);
          items.push(item);
        }
        if (bytes > MAX_STAGED_SNAPSHOT_BYTES) throw new FailedPreconditionError(`snapshot exceeds the ${MAX_STAGED_SNAPSHOT_BYTES} bytes a follower stages`);
      }
      this.#assertOpen();
      // The term may have moved on while the data streamed in.
      this.#checkSnapshotSender(header);
      const meta = header.metadata;
      const decided = new Promise<boolean>((resolve, reject) => {
        this.#stagedSnapshot = { header, items, bytes, started, settle: resolve, fail: reject };
      });
      try {
        this.#raw.step(message({ type: MessageType.Snap, from: header.from, to: this.#opts.id, term: header.term, snapshot: meta }));
      } catch (err) {
        this.#stagedSnapshot = undefined;
        throw err;
      }
      this.#schedule();
      const installed = await decided;
      if (!installed) this.#opts.logger.info({ from: header.from, index: meta.index, term: meta.term }, 'the core declined a snapshot it does not need; its data was dropped');
      return { term: this.#raw.status().term };
    } finally {
      this.#installing = false;
    }
  }

  /** Refuses a snapshot from a stale leader or from anyone but this term's known leader. */
  #checkSnapshotSender(header: SnapshotHeader): void {
    const { term, lead } = this.#raw.status();
    if (header.term < term) {
      throw new FailedPreconditionError(`refused a snapshot from ${header.from} in term ${header.term}: this node is in term ${term}, so the sender no longer leads`);
    }
    if (header.term === term && lead !== NONE && lead !== header.from) {
      throw new FailedPreconditionError(`refused a snapshot from ${header.from} in term ${term}: the leader of that term is ${lead}`);
    }
  }

  /**
   * The core adopted a snapshot: the log now begins after it. Past index 0
   * its data is the one staged by installSnapshot (the only way a MsgSnap
   * past index 0 reaches the core), installed now in one synced batch with
   * the applied index, configuration and address book.
   */
  async #installSnapshot(meta: SnapshotMetadata, staged: StagedSnapshot | undefined): Promise<boolean> {
    if (meta.index === 0) {
      await this.#opts.store.save({ entries: [], snapshot: meta }, true);
      this.#log.applySnapshot(meta);
      this.#opts.logger.info({ voters: meta.confState.voters, learners: meta.confState.learners }, 'installed the bootstrap configuration from the leader');
      return false;
    }
    const data = staged?.header.metadata;
    if (staged === undefined || data === undefined || data.index !== meta.index || data.term !== meta.term) {
      throw new Error(`the core adopted a snapshot at ${meta.index}/${meta.term} whose data was not received`);
    }
    const { header, items } = staged;
    await this.#opts.stateMachine.restore(meta.index, () => this.#opts.store.installSnapshot({ metadata: meta, members: header.members, revision: header.revision ?? 0, items }));
    this.#log.applySnapshot(meta);
    this.#applied = Math.max(this.#applied, meta.index);
    this.#members.clear();
    for (const [id, m] of header.members) this.#members.set(id, m);
    this.#opts.transport.setPeers(this.#peerAddresses());
    const ms = performance.now() - staged.started;
    this.#opts.logger.info({ from: header.from, index: meta.index, term: meta.term, items: items.length, bytes: staged.bytes, durationMs: Math.round(ms) }, 'installed snapshot');
    this.#opts.events?.onSnapshot?.('installed', meta.index, ms);
    return true;
  }

  /** Waits until some leader is known, or the deadline or one election timeout passes. */
  async #waitForLeader(deadline: Date): Promise<void> {
    const electionMs = this.#opts.tickMs * this.#opts.electionTicks * 2;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#leaderWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(msUntil(deadline), electionMs));
      timer.unref();
      this.#leaderWaiters.add(done);
    });
    if (this.#lead === NONE && !this.#closed) throw new NoLeaderError();
  }
}

/** Passes `source` through until `signal` aborts, then throws its reason (which cancels the stream that reads it). */
async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  for await (const item of source) {
    signal.throwIfAborted();
    yield item;
  }
}

function isMemberOf(cs: ConfState, id: NodeId): boolean {
  return cs.voters.includes(id) || cs.learners.includes(id);
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
