import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { RaftStore } from '../../../src/storage/raft-store';
import { KvStateMachine } from '../../../src/kv/state-machine';
import { decodeResult, encodeCommand } from '../../../src/kv/command';
import { InmemHub, type InmemTransport } from '../../../src/transport/inmem-transport';
import { decodeConfChange } from '../../../src/raft';
import { ConfChangeType, EntryType, Role, type Entry, type NodeId } from '../../../src/raft/types';
import { encodeMemberContext } from '../../../src/codec/member-codec';
import { LostLogError, OutcomeUnknownError, TimeoutError, errorMessage } from '../../../src/errors';
import { CorruptLogError } from '../../../src/raft';
import { Prng } from '../support/prng';
import type { Trace } from '../support/trace';
import { SafetyViolation, ViolationKind } from '../support/violation';
import { SimDisk, type DiskFaults } from './sim-disk';
import { SimLeases, type NodeLeases } from './driver-leases';
import { LogChecker, type LiveNode } from './log-checker';

/** How a scenario's cluster is built: the production driver's knobs and the faults in force. */
export interface DriverClusterOptions {
  readonly seed: number;
  readonly nodes: readonly NodeId[];
  readonly tickMs: number;
  readonly electionTicks: number;
  /** Log compaction threshold per node (small values make followers catch up by snapshot). */
  readonly snapshotEntries: (id: NodeId) => number;
  readonly trace: Trace;
  /** Run the lease keeper and router on every node, and check lease expiry (the lease family). */
  readonly leases?: boolean;
}

/** One machine: its disk outlives every incarnation of the node on it. */
interface Machine {
  readonly id: NodeId;
  readonly disk: SimDisk;
  incarnation: number;
  up: Incarnation | undefined;
  /** The highest committed entry this node's log held (synced) when it last went down. */
  heldThrough: number;
  /** Added after the cluster formed: it starts empty and joins (membership family). */
  readonly joins: boolean;
  /** A start in progress (it may wait on the clock): no second one until it ends. */
  starting: boolean;
}

interface Incarnation {
  readonly node: RaftNode;
  readonly store: RaftStore;
  readonly stateMachine: KvStateMachine;
  readonly transport: InmemTransport;
  readonly leases: NodeLeases | undefined;
  /** Set when the node stopped itself (a failed sync, a core error). */
  fatal: Error | undefined;
}

/** A write acknowledged to its client: the entry it was told about and the revision it got. */
interface Ack {
  readonly key: string;
  readonly index: number;
  readonly revision: number;
  readonly at: number;
}

const CLIENT_TIMEOUT_MS = 3_000;

/**
 * A cluster of production RaftNodes (src/node) in one process: each on the
 * real RaftStore and KvStateMachine over a SimDisk with crash semantics,
 * connected by InmemTransport with seeded link faults, timed by the virtual
 * clock. The simulator only chooses what happens; every Ready is handled by
 * the same code as in production.
 *
 * Checked as things happen: election safety (one leader per term, from the
 * driver's own role events), state machine safety (every node applies the
 * same entry at an index), what clients were told (a write's answer is its
 * own entry's; a linearizable read sees every write acknowledged before it
 * began). Checked after every step: log matching and leader completeness
 * over the nodes' stored logs. Checked at the end: every acknowledged write
 * is in every replica, and replicas at the same applied index hold the same
 * data.
 */
export class DriverCluster {
  readonly hub = new InmemHub();
  readonly options: DriverClusterOptions;
  readonly #machines = new Map<NodeId, Machine>();
  readonly #prng: Prng;
  readonly #crashPrng: Prng;
  /** Leader of each term, as the drivers reported it. */
  readonly #leaders = new Map<number, NodeId>();
  /** Every entry any node applied, by index, and the log checks over them (log-checker.ts). */
  readonly #logs = new LogChecker((kind, detail) => this.#fail(kind, detail));
  readonly #acks: Ack[] = [];
  /** Which incarnations applied each write's entry, by the entry's content. */
  readonly #appliedBy = new Map<string, Set<string>>();
  /** Client writes issued, by content, with the index their entry first committed at: a write applies once. */
  readonly #issued = new Map<string, number | undefined>();
  /** The next value per key; each key has at most one write in flight, so values follow issue order. */
  readonly #writing = new Set<string>();
  #seq = 0;
  #violation: SafetyViolation | undefined;
  /** Leases and their checks, in the lease family. */
  readonly leases: SimLeases | undefined;
  /**
   * Called with each node as it starts: a checker-bites test patches in a
   * known-bad behaviour here to show the checks catch it.
   */
  onNodeStarted: ((started: { readonly node: RaftNode; readonly store: RaftStore; readonly stateMachine: KvStateMachine }) => void) | undefined;
  readonly stats = { writesAcked: 0, writesFailed: 0, readsOk: 0, readsFailed: 0, crashes: 0, restarts: 0, fatal: 0, snapshotsInstalled: 0, snapshotsTaken: 0, leaders: 0 };

  constructor(options: DriverClusterOptions) {
    this.options = options;
    this.#prng = Prng.derive(options.seed, 'driver-cluster');
    this.#crashPrng = Prng.derive(options.seed, 'disk-crash');
    this.leases = options.leases === true ? new SimLeases(options.trace, (detail) => this.#fail(ViolationKind.LeaseExpiredEarly, detail)) : undefined;
    for (const id of options.nodes) this.#machines.set(id, { id, disk: new SimDisk(id), incarnation: 0, up: undefined, heldThrough: 0, joins: false, starting: false });
  }

  /** Every machine ever started, members or not. */
  get ids(): NodeId[] {
    return [...this.#machines.keys()];
  }

  /** Nodes whose removal was committed (some node applied it): they are gone for good. */
  readonly removed = new Set<NodeId>();
  /** Membership changes applied, by type (for the summary). */
  readonly changesApplied = { added: 0, promoted: 0, removed: 0 };

  /**
   * The configuration to converge on: the newest one any up node has
   * applied-or-logged, as the most advanced node's core reports it.
   */
  members(): NodeId[] {
    let best: { term: number; lastIndex: number; members: NodeId[] } | undefined;
    for (const id of this.ids) {
      const node = this.isUp(id) ? this.node(id) : undefined;
      if (node === undefined) continue;
      const s = node.status();
      const members = [...s.confState.voters, ...s.confState.learners];
      if (members.length === 0) continue;
      if (best === undefined || s.term > best.term || (s.term === best.term && s.lastIndex > best.lastIndex)) best = { term: s.term, lastIndex: s.lastIndex, members };
    }
    return (best?.members ?? this.options.nodes).filter((id) => this.#machines.has(id));
  }

  /** Voters in the newest configuration. */
  voters(): NodeId[] {
    const leader = this.leaders()[0];
    const node = leader === undefined ? undefined : this.node(leader);
    return node === undefined ? this.members() : [...node.status().confState.voters];
  }

  /**
   * Adds a machine that starts empty and joins, and asks the leader (through
   * `via`) to add it as an auto-promoting learner. Returns whether the
   * change was applied.
   */
  async addMember(id: NodeId, via: NodeId): Promise<boolean> {
    const node = this.node(via);
    if (node === undefined || this.#machines.has(id)) return false;
    this.#machines.set(id, { id, disk: new SimDisk(id), incarnation: 0, up: undefined, heldThrough: 0, joins: true, starting: false });
    this.options.trace.line(() => `add ${id} as a learner via ${via}`);
    await this.start(id);
    const context = encodeMemberContext({ peerAddress: `inmem:${id}`, clientAddress: '', autoPromote: true });
    return node.proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: id, context }, this.#deadline()).then(
      () => true,
      (err: unknown) => {
        this.options.trace.line(() => `adding ${id} failed: ${errorMessage(err)}`);
        return false;
      },
    );
  }

  /** Asks the leader (through `via`) to remove `id`. */
  removeMember(id: NodeId, via: NodeId): Promise<boolean> {
    const node = this.node(via);
    if (node === undefined) return Promise.resolve(false);
    this.options.trace.line(() => `remove ${id} via ${via}`);
    return node.proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: id }, this.#deadline()).then(
      () => true,
      (err: unknown) => {
        this.options.trace.line(() => `removing ${id} failed: ${errorMessage(err)}`);
        return false;
      },
    );
  }

  /** The first violation seen, thrown at the next check so the step that caused it is in the trace. */
  assertNoViolation(): void {
    if (this.#violation !== undefined) throw this.#violation;
  }

  isUp(id: NodeId): boolean {
    const up = this.#machine(id).up;
    return up !== undefined && up.fatal === undefined;
  }

  node(id: NodeId): RaftNode | undefined {
    return this.#machine(id).up?.node;
  }

  /** Nodes that stopped themselves and wait to be restarted. */
  failed(): NodeId[] {
    return this.ids.filter((id) => this.#machine(id).up?.fatal !== undefined);
  }

  leaders(): NodeId[] {
    return this.ids.filter((id) => this.isUp(id) && this.node(id)?.role === Role.Leader);
  }

  setDiskFaults(id: NodeId, faults: DiskFaults | undefined): void {
    this.#machine(id).disk.faults = faults;
  }

  async start(id: NodeId): Promise<void> {
    const m = this.#machine(id);
    if (m.up !== undefined) throw new Error(`${id} is already up`);
    if (m.starting) return;
    m.starting = true;
    try {
      await this.#start(m);
    } finally {
      m.starting = false;
    }
  }

  async #start(m: Machine): Promise<void> {
    const id = m.id;
    m.incarnation += 1;
    const trace = this.options.trace;
    const prefix = `${id}#${m.incarnation}`;
    const logger = {
      debug: () => undefined,
      info: (_o: object, msg: string) => trace.line(() => `${prefix} ${msg}`),
      warn: (o: object, msg: string) => trace.line(() => `${prefix} WARN ${msg} ${JSON.stringify(o)}`),
      error: (o: object, msg: string) => trace.line(() => `${prefix} ERROR ${msg} ${JSON.stringify(o)}`),
    };
    let store: RaftStore;
    try {
      store = await RaftStore.openOn(await m.disk.open(), `sim:${id}`);
    } catch (err) {
      // Opening may write (a layout migration) and so fail like any write: the process exits.
      trace.line(() => `${prefix} failed to open its store: ${errorMessage(err)}`);
      m.disk.crash(this.#crashPrng);
      return;
    }
    const stateMachine = new KvStateMachine(store);
    this.#observeApply(id, stateMachine);
    this.#observeStore(id, store);
    const late: { node?: RaftNode; leases?: NodeLeases } = {};
    const transport = this.hub.attach(id, {
      onMessages: (msgs) => late.node?.receive(msgs),
      onPropose: (command, deadline) => this.#alive(late.node).proposeAsLeader(command, deadline ?? this.#deadline()),
      onProposeConfChange: (bytes, deadline) => this.#alive(late.node).proposeConfChangeAsLeader(decodeConfChange(bytes), deadline ?? this.#deadline()),
      onInstallSnapshot: (header, chunks) => this.#alive(late.node).installSnapshot(header, chunks),
      onRenewLeases: (ids, deadline) => (late.leases === undefined ? Promise.reject(new Error('no leases here')) : late.leases.router.renewAsLeader(ids, deadline ?? this.#deadline())),
      onLeaseTimesToLive: (ids, deadline) => (late.leases === undefined ? Promise.reject(new Error('no leases here')) : late.leases.router.timesToLiveAsLeader(ids, deadline ?? this.#deadline())),
    });
    const incarnation: Partial<Incarnation> & { fatal: Error | undefined } = { fatal: undefined };
    const options: RaftNodeOptions = {
      id,
      clusterId: 'sim',
      initialPeers: new Map(this.options.nodes.map((n) => [n, `inmem:${n}`])),
      // An added node starts empty and waits for the leader (it never bootstraps).
      join: m.joins,
      tickMs: this.options.tickMs,
      electionTicks: this.options.electionTicks,
      heartbeatTicks: 1,
      store,
      stateMachine,
      transport,
      logger,
      random: (() => {
        const p = Prng.derive(this.options.seed, `${prefix}-random`);
        return () => p.next();
      })(),
      snapshotEntries: this.options.snapshotEntries(id),
      events: {
        onLeaderChange: () => late.leases?.keeper.syncLeadership(),
        onRoleChange: (role, term) => {
          if (role !== Role.Leader) return;
          this.stats.leaders += 1;
          const other = this.#leaders.get(term);
          if (other !== undefined && other !== id) this.#fail(ViolationKind.ElectionSafety, `${other} and ${id} both led term ${term}`);
          this.#leaders.set(term, id);
        },
        onSnapshot: (kind) => {
          if (kind === 'installed') this.stats.snapshotsInstalled += 1;
          else this.stats.snapshotsTaken += 1;
        },
        onFatal: (err) => {
          // A crashed incarnation's writes fail too; only a live node stopping itself counts.
          if (m.up === incarnation) this.stats.fatal += 1;
          incarnation.fatal = err;
          trace.line(() => `${prefix} stopped itself: ${err.message}`);
        },
      },
    };
    let node: RaftNode;
    try {
      node = await RaftNode.start(options);
    } catch (err) {
      // As a process would: it exits, and is started again later. But a
      // refusal because its log lost acknowledged entries is the very loss
      // the simulator hunts: the disk's crash semantics never allow it.
      if (err instanceof LostLogError || err instanceof CorruptLogError) this.#fail(ViolationKind.AcknowledgedWriteLost, `${prefix} refused to start: ${errorMessage(err)}`);
      trace.line(() => `${prefix} failed to start: ${errorMessage(err)}`);
      await transport.close();
      await store.close().catch(() => undefined);
      m.disk.crash(this.#crashPrng);
      return;
    }
    late.node = node;
    if (this.leases !== undefined) late.leases = await this.leases.start(node, stateMachine, transport, prefix);
    this.#checkKeptAcrossRestart(id, node);
    this.#logs.started(prefix);
    this.onNodeStarted?.({ node, store, stateMachine });
    this.#watchAnswers(`${id}#${m.incarnation}`, node);
    m.up = Object.assign(incarnation, { node, store, stateMachine, transport, leases: late.leases });
    trace.line(() => `${prefix} started`);
  }

  /** Power cut: the node stops at once; its disk keeps what was synced and, at random, some of what was not. */
  crash(id: NodeId): void {
    const m = this.#machine(id);
    const up = m.up;
    if (up === undefined) return;
    m.up = undefined;
    this.stats.crashes += 1;
    m.heldThrough = this.#logs.heldThrough(up.node);
    const { kept, lost } = m.disk.crash(this.#crashPrng);
    this.options.trace.line(() => `${id} crashes (unsynced writes: ${kept} kept, ${lost} lost)`);
    // The process is gone: no more messages, no more writes. Its timers are
    // stopped by close(), whose writes fail against the crashed disk.
    up.leases?.keeper.close();
    void up.transport.close();
    void up.node.close().catch(() => undefined);
  }

  /** A client grants a lease through `via` (lease family). */
  grantLease(via: NodeId): void {
    const node = this.node(via);
    if (node !== undefined) this.leases?.grant(node, this.#deadline());
  }

  /** A client keeps one of its leases alive through `via` (lease family). */
  keepAlive(via: NodeId, pick: (n: number) => number): void {
    this.leases?.keepAlive(via, this.#machine(via).up?.leases, pick, this.#deadline());
  }

  async restart(id: NodeId): Promise<void> {
    if (this.#machine(id).starting) return;
    this.crash(id);
    this.stats.restarts += 1;
    await this.start(id);
  }

  /** A client writes the next value of `key` through `via`; records what it was told. */
  write(via: NodeId, key: string): Promise<boolean> {
    const node = this.node(via);
    if (node === undefined || this.#writing.has(key)) return Promise.resolve(false);
    this.#writing.add(key);
    this.#seq += 1;
    const value = `${key}=${this.#seq}`;
    const command = encodeCommand({ op: 'put', key, value: Buffer.from(value) });
    const content = entryContent({ index: 0, term: 0, type: EntryType.Normal, data: command });
    this.#issued.set(content, undefined);
    const trace = this.options.trace;
    trace.line(() => `client put ${value} via ${via}`);
    return node.propose(command, this.#deadline()).then(
      (entry) => {
        this.#writing.delete(key);
        this.stats.writesAcked += 1;
        const committed = this.#logs.committed(entry.index);
        // The proposer applied it before answering, so it is recorded.
        if (committed === undefined || committed.content !== content || committed.term !== entry.term) {
          this.#fail(ViolationKind.StateMachineSafety, `put ${value} was answered with entry ${entry.index}/${entry.term}, which holds ${committed === undefined ? 'nothing applied' : `another entry of term ${committed.term}`}`);
          return false;
        }
        const revision = decodeResult(entry.result).revision;
        this.#acks.push({ key, index: entry.index, revision, at: Date.now() });
        trace.line(() => `client put ${value} acknowledged at ${entry.index}/${entry.term} revision ${revision}`);
        return true;
      },
      (err: unknown) => {
        this.#writing.delete(key);
        this.stats.writesFailed += 1;
        trace.line(() => `client put ${value} failed: ${errorMessage(err)}`);
        return false;
      },
    );
  }

  /** A client reads `key` linearizably through `via`: it must see every write acknowledged before it began. */
  read(via: NodeId, key: string): void {
    const up = this.#machine(via).up;
    if (up === undefined) return;
    const began = Date.now();
    const mustSee = Math.max(0, ...this.#acks.filter((a) => a.key === key && a.at <= began).map((a) => a.revision));
    up.node
      .linearizableBarrier(this.#deadline())
      .then(() => up.stateMachine.getRecord(key))
      .then(
        ({ kv }) => {
          this.stats.readsOk += 1;
          const seen = kv?.modRevision ?? 0;
          this.options.trace.line(() => `client read ${key} via ${via}: revision ${seen}`);
          if (seen < mustSee) this.#fail(ViolationKind.StaleReadIndex, `a read of ${key} via ${via} saw revision ${seen}, but revision ${mustSee} was acknowledged before it began`);
        },
        (err: unknown) => {
          this.stats.readsFailed += 1;
          this.options.trace.line(() => `client read ${key} via ${via} failed: ${errorMessage(err)}`);
        },
      );
  }

  /**
   * Log matching and leader completeness over the stored logs of the nodes
   * that are up: two logs with the same term at an index hold the same entry
   * there; a leader holds every entry committed in an earlier term that its
   * log still covers. Incremental (log-checker.ts): only what changed since
   * the last call is read.
   */
  checkLogs(): void {
    const live: LiveNode[] = [];
    for (const m of this.#machines.values()) {
      const up = m.up;
      if (up !== undefined && up.fatal === undefined) live.push({ id: m.id, incarnation: `${m.id}#${m.incarnation}`, node: up.node });
    }
    this.#logs.check(live, entryContent);
  }

  /**
   * The end of a scenario, all nodes up and caught up: each acknowledged
   * write's entry is applied everywhere, and every replica holds the same
   * data at the same applied index.
   */
  async checkConverged(members: readonly NodeId[] = this.ids): Promise<void> {
    const digests = new Map<NodeId, { applied: number; digest: string }>();
    for (const id of members) {
      const up = this.#machine(id).up;
      if (up === undefined) continue;
      const read = await up.store.openSnapshotRead();
      try {
        const parts: string[] = [];
        for await (const item of read.items) if ('record' in item) parts.push(`${item.record.key}@${item.record.modRevision}=${Buffer.from(item.record.value).toString()}`);
        digests.set(id, { applied: read.metadata.index, digest: parts.join('\n') });
      } finally {
        await read.close();
      }
    }
    const all = [...digests];
    for (const id of members) if (!digests.has(id)) this.#fail(ViolationKind.Liveness, `member ${id} is not up at the end`);
    // Replicas at the same applied index hold the same data, compared within each index.
    const byApplied = new Map<number, [NodeId, string]>();
    for (const [id, d] of all) {
      for (const ack of this.#acks) {
        if (ack.index > d.applied) this.#fail(ViolationKind.AcknowledgedWriteLost, `${id} applied only through ${d.applied}, below acknowledged entry ${ack.index}`);
      }
      const other = byApplied.get(d.applied);
      if (other === undefined) byApplied.set(d.applied, [id, d.digest]);
      else if (other[1] !== d.digest) this.#fail(ViolationKind.StateMachineSafety, `${id} and ${other[0]} both applied through ${d.applied} but hold different data`);
    }
    for (const ack of this.#acks) {
      const key = ack.key;
      for (const [id, d] of all) {
        const latest = d.digest.split('\n').find((line) => line.startsWith(`${key}@`));
        const revision = latest === undefined ? 0 : Number(latest.slice(key.length + 1, latest.indexOf('=')));
        if (revision < ack.revision) this.#fail(ViolationKind.AcknowledgedWriteLost, `${id} holds ${key} at revision ${revision}, below the acknowledged revision ${ack.revision}`);
      }
    }
    this.assertNoViolation();
  }

  /** Applied index per node that is up (of `among`, by default every machine). */
  appliedIndexes(among: readonly NodeId[] = this.ids): Map<NodeId, number> {
    const out = new Map<NodeId, number>();
    for (const id of among) {
      const node = this.node(id);
      if (node !== undefined && this.isUp(id)) out.set(id, node.appliedIndex);
    }
    return out;
  }

  /**
   * Stops every node and detaches everything (end of a scenario). Closing
   * runs on the virtual clock (a leader hands off first), so `advance` moves it
   * until every node is down.
   */
  async shutdown(advance: () => Promise<void>): Promise<void> {
    const closing: Promise<unknown>[] = [];
    for (const m of this.#machines.values()) {
      const up = m.up;
      m.up = undefined;
      if (up === undefined) continue;
      up.leases?.keeper.close();
      closing.push(up.node.close().catch(() => undefined).then(() => up.transport.close()).then(() => up.store.close()).catch(() => undefined));
    }
    let done = false;
    void Promise.all(closing).then(() => (done = true));
    for (let i = 0; i < 1000 && !done; i += 1) await advance();
  }

  random(): Prng {
    return this.#prng;
  }

  /**
   * A proposal this node made as leader and then applied must be answered
   * with its result: a waiter lost on the way (so the client hears "outcome
   * unknown" for a write that is done) is a driver bug.
   */
  #watchAnswers(incarnation: string, node: RaftNode): void {
    const proposeAsLeader = node.proposeAsLeader.bind(node);
    node.proposeAsLeader = (command, deadline) =>
      proposeAsLeader(command, deadline).catch((err: unknown) => {
        const content = entryContent({ index: 0, term: 0, type: EntryType.Normal, data: command });
        if ((err instanceof TimeoutError || err instanceof OutcomeUnknownError) && this.#appliedBy.get(content)?.has(incarnation) === true) {
          this.#fail(ViolationKind.AnswerLost, `${incarnation} applied the entry it proposed, yet answered: ${errorMessage(err)}`);
        }
        throw err;
      });
  }

  /**
   * A committed entry never leaves a log: after a restart the node's log
   * (or the snapshot it begins after) still covers every committed entry
   * it held when it went down.
   */
  #checkKeptAcrossRestart(id: NodeId, node: RaftNode): void {
    const held = this.#machine(id).heldThrough;
    const base = node.logBase.index;
    for (let index = base + 1; index <= held; index += 1) {
      const committed = this.#logs.committed(index);
      const e = node.storedEntry(index);
      if (committed !== undefined && (e === undefined || e.term !== committed.term)) {
        this.#fail(ViolationKind.LeaderCompleteness, `${id} restarted without committed entry ${index}/${committed.term}, which it held when it went down (its log now ends at ${node.status().lastIndex}, after a snapshot at ${base})`);
        return;
      }
    }
  }

  #observeApply(id: NodeId, sm: KvStateMachine): void {
    const apply = sm.apply.bind(sm);
    sm.apply = async (entries, onConfChange, onMemberUpdate) => {
      const results = await apply(entries, onConfChange, onMemberUpdate);
      this.leases?.onCommitted(entries.filter((e) => this.#logs.committed(e.index) === undefined));
      // Applied means committed: this node's commit index covers the batch, in its current term.
      const node = this.node(id);
      const last = entries[entries.length - 1];
      if (node !== undefined && last !== undefined) {
        const s = node.status();
        this.#logs.commitSeen(id, Math.max(s.commit, last.index), s.term);
      }
      for (const e of entries) {
        const content = entryContent(e);
        if (this.#logs.applied(id, e, content) && e.type === EntryType.ConfChange) this.#noteConfChange(e);
        if (this.#issued.has(content)) {
          const first = this.#issued.get(content);
          if (first === undefined) this.#issued.set(content, e.index);
          else if (first !== e.index) this.#fail(ViolationKind.StateMachineSafety, `one client write was committed twice, at ${first} and at ${e.index}`);
        }
        const by = this.#appliedBy.get(content) ?? new Set<string>();
        by.add(`${id}#${this.#machine(id).incarnation}`);
        this.#appliedBy.set(content, by);
      }
      return results;
    };
  }

  /** Every entry a node stores passes log matching as it is saved (a restart's log was saved by an earlier incarnation). */
  #observeStore(id: NodeId, store: RaftStore): void {
    const save = store.save.bind(store);
    store.save = (update, sync) => {
      this.#logs.stored(id, update.entries, entryContent);
      return save(update, sync);
    };
  }

  #noteConfChange(e: Entry): void {
    const cc = decodeConfChange(e.data);
    if (cc.type === ConfChangeType.RemoveNode) {
      this.removed.add(cc.nodeId);
      this.changesApplied.removed += 1;
    } else if (cc.type === ConfChangeType.PromoteLearner) this.changesApplied.promoted += 1;
    else this.changesApplied.added += 1;
    this.options.trace.line(() => `committed ${cc.type} ${cc.nodeId} at ${e.index}`);
  }

  #alive(node: RaftNode | undefined): RaftNode {
    if (node === undefined) throw new Error('the node is still starting');
    return node;
  }

  #deadline(): Date {
    return new Date(Date.now() + CLIENT_TIMEOUT_MS);
  }

  #machine(id: NodeId): Machine {
    const m = this.#machines.get(id);
    if (m === undefined) throw new Error(`unknown node ${id}`);
    return m;
  }

  #fail(kind: ViolationKind, detail: string): void {
    this.options.trace.line(() => `VIOLATION ${kind}: ${detail}`);
    this.#violation ??= new SafetyViolation(kind, detail);
  }
}

function contentOf(data: Uint8Array): string {
  return Buffer.from(data).toString('base64');
}

function entryContent(e: Entry): string {
  return `${e.type}:${contentOf(e.data)}`;
}
