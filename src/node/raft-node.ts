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
import { RawNode, MemoryStorage, ProposalDroppedError } from '../raft';
import { NONE, Role, mayPrecedeSync, type Message, type NodeId, type Ready, type Status } from '../raft/types';
import type { RaftLogger } from '../raft/logger';
import type { RaftStore } from '../storage/raft-store';
import { checkIdentity } from '../storage/identity';
import type { KvStateMachine } from '../kv/state-machine';
import { encodeResult } from '../kv/command';
import type { Transport } from '../transport/transport';
import { NoLeaderError, NotAttemptedError, ShutdownError, errorMessage } from '../errors';
import { ProposalRegistry, type AppliedEntry } from './proposal-registry';
import { ReadIndexQueue } from './read-index-queue';
import { delay, msUntil } from './deadline';
import type { NodeEvents } from './node-events';

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
  readonly logger: RaftLogger & { error(obj: object, msg: string): void };
  readonly events?: NodeEvents;
  /** Randomness for election timeouts; Math.random unless a test seeds it. */
  readonly random?: () => number;
}

/** Most entries in one AppendEntries; bounds message size with the 1 MiB value limit. */
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

  private constructor(opts: RaftNodeOptions, log: MemoryStorage, applied: number) {
    this.#opts = opts;
    this.#log = log;
    this.#applied = applied;
    // A lost read-index request is re-issued after about one election timeout.
    this.#reads = new ReadIndexQueue(Math.max(2, opts.electionTicks));
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
    let snapshot = persisted.snapshot;
    if (snapshot === undefined) {
      // Membership lives in the log: the flags only seed this bootstrap snapshot.
      snapshot = { index: 0, term: 0, confState: { voters: [...opts.initialPeers.keys()].sort(), learners: [] } };
      await opts.store.save({ entries: [], snapshot }, true);
      opts.logger.info({ voters: snapshot.confState.voters }, 'bootstrapped a new cluster configuration');
    }
    const log = MemoryStorage.fromPersisted({ snapshot, hardState: persisted.hardState, entries: persisted.entries });
    const applied = await opts.stateMachine.appliedIndex();
    const node = new RaftNode(opts, log, applied);
    opts.transport.setPeers(opts.initialPeers);
    node.#ticker = setInterval(() => node.#tick(), opts.tickMs);
    node.#ticker.unref();
    node.#schedule();
    return node;
  }

  get id(): NodeId {
    return this.#opts.id;
  }

  /** Peer messages from the transport. */
  receive(messages: readonly Message[]): void {
    if (this.#closed) return;
    for (const m of messages) {
      try {
        this.#raw.step(m);
      } catch (err) {
        this.#opts.logger.warn({ err: errorMessage(err), type: m.type, from: m.from }, 'dropped a peer message the core rejected');
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
    let lastError: Error = new NoLeaderError();
    while (msUntil(deadline) > 0) {
      this.#assertOpen();
      const lead = this.#lead;
      try {
        if (lead === this.#opts.id) return await this.proposeAsLeader(command, deadline);
        if (lead !== NONE) return await this.#opts.transport.propose(lead, command, deadline);
        await this.#waitForLeader(deadline);
        continue;
      } catch (err) {
        // Not attempted anywhere (no leader, a leader stepping down or
        // shutting down): safe to try again. Our own shutdown is caught by
        // #assertOpen at the top of the loop.
        if (!(err instanceof NotAttemptedError)) throw err;
        lastError = err;
      }
      // Not attempted (leadership moving): give the cluster a tick to settle.
      await delay(this.#opts.tickMs);
    }
    throw lastError;
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
    await this.#handOffLeadership();
    this.#closed = true;
    if (this.#ticker) clearInterval(this.#ticker);
    await this.#draining;
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
    if (this.#fatal) throw new NotAttemptedError(`the node stopped after a storage failure: ${this.#fatal.message}`);
    if (this.#closed || this.#closing) throw new ShutdownError();
  }

  #tick(): void {
    if (this.#closed) return;
    this.#raw.tick();
    this.#reads.onTick((ctx) => this.#issueReadIndex(ctx));
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
      if (this.#draining === undefined) this.#draining = this.#drain().finally(() => (this.#draining = undefined));
    });
  }

  async #drain(): Promise<void> {
    try {
      for (;;) {
        if (this.#reads.hasUnsent()) this.#reads.flush((ctx) => this.#issueReadIndex(ctx));
        if (!this.#raw.hasReady()) return;
        const rd = this.#raw.ready();
        if (isEmptyReady(rd)) this.#opts.logger.warn({}, 'the core produced an empty Ready');
        await this.#handleReady(rd);
        this.#raw.advance(rd);
        // A Ready with nothing to persist or apply resolves on microtasks
        // alone; yield so timers and sockets are never starved.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      // A failed sync leaves us unable to promise durability: stop taking part.
      this.#fatal = err instanceof Error ? err : new Error(String(err));
      if (this.#ticker) clearInterval(this.#ticker);
      this.#opts.logger.error({ err: this.#fatal.message }, 'storage failure: this node stops taking part in consensus');
      this.#opts.events?.onFatal?.(this.#fatal);
    }
  }

  async #handleReady(rd: Ready): Promise<void> {
    if (rd.softState) this.#onSoftState(rd.softState.lead, rd.softState.role);
    const early: Message[] = [];
    const late: Message[] = [];
    for (const m of rd.messages) (mayPrecedeSync(m) ? early : late).push(m);
    if (early.length > 0) this.#opts.transport.send(early);

    if (rd.entries.length > 0 || rd.hardState !== undefined) {
      const started = performance.now();
      await this.#opts.store.save(rd.hardState === undefined ? { entries: rd.entries } : { hardState: rd.hardState, entries: rd.entries }, rd.mustSync);
      this.#opts.events?.onPersisted?.(rd.entries.length, performance.now() - started, rd.mustSync, payloadBytes(rd.entries));
      if (rd.entries.length > 0) this.#log.append(rd.entries);
      if (rd.hardState !== undefined) this.#log.setHardState(rd.hardState);
    }
    if (late.length > 0) this.#opts.transport.send(late);

    if (rd.committedEntries.length > 0) {
      const results = await this.#opts.stateMachine.apply(rd.committedEntries);
      const last = rd.committedEntries[rd.committedEntries.length - 1];
      if (last !== undefined) this.#applied = Math.max(this.#applied, last.index);
      for (const r of results) {
        const result = encodeResult(r.result ?? { found: false });
        this.#proposals.applied(r.error ? { index: r.index, term: r.term, result, error: r.error } : { index: r.index, term: r.term, result });
      }
      this.#opts.events?.onApplied?.(this.#applied);
    }
    for (const rs of rd.readStates) this.#reads.onReadState(rs.requestCtx, rs.index, this.#applied);
    this.#reads.onApplied(this.#applied);
  }

  #onSoftState(lead: NodeId, role: Role): void {
    const leaderChanged = lead !== this.#lead;
    const roleChanged = role !== this.#role;
    this.#lead = lead;
    this.#role = role;
    if (roleChanged) this.#opts.events?.onRoleChange?.(role, this.#raw.status().term);
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
