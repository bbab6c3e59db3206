import {
  ConfChangeError,
  ConfChangeType,
  decodeConfChange,
  describeEntry,
  describeHardState,
  describeMessage,
  EntryType,
  MessageType,
  ProposalDroppedError,
  Role,
  mayPrecedeSync,
  type ConfChange,
  type Entry,
  type Message,
  type NodeId,
  type RawNode,
  type Ready,
  type SnapshotMetadata,
} from '../../../src/raft';
import { CAMPAIGN_TRANSFER } from '../../../src/raft/raft';
import { ClientTracker, type Proposal } from './client';
import { Disk } from './disk';
import { SafetyChecker } from './invariants';
import { Network } from './network';
import { Prng } from './prng';
import { payloadOf, type Trace } from './trace';
import { describeDisk, startNode, type ClusterOptions, type CrashPoint, type SimNode } from './sim-node';
import { SafetyViolation, ViolationKind } from './violation';

export type { ClusterOptions, CrashPoint, HarnessBugs, SimNode } from './sim-node';

const encoder = new TextEncoder();

/**
 * A cluster of Raft cores in one process, driven one step at a time. The
 * simulator plays the driver of DESIGN.md §2 for every node (persist, send,
 * apply, advance) and owns each node's disk, so a crash can lose exactly what
 * was never persisted. Every step that touches a node ends with the safety
 * checks, so a violation is reported at the step that caused it.
 */
export class SimCluster {
  readonly options: ClusterOptions;
  readonly network: Network;
  readonly checker: SafetyChecker;
  readonly client = new ClientTracker();
  readonly trace: Trace;
  /** Messages delivered, by type: how much of the protocol a run exercised. */
  readonly delivered = new Map<MessageType, number>();
  /** Nodes whose removal some node has applied (so it is committed), with the removing entry. Ids are never reused. */
  readonly removed = new Map<NodeId, { readonly index: number; readonly term: number }>();
  /** Removed nodes that have applied their own removal: they know it is committed. */
  readonly #knowRemoved = new Set<NodeId>();
  /** Snapshots taken or installed: compactions and snapshot installs. */
  readonly snapshots = { taken: 0, installed: 0 };
  /** Configuration changes applied by their proposer. */
  readonly confChangesApplied = new Map<ConfChangeType, number>();
  readonly #confEntriesApplied = new Set<string>();
  readonly #nodes = new Map<NodeId, SimNode>();
  readonly #ids: NodeId[] = [];
  readonly #disks = new Map<NodeId, Disk>();
  /** The state machine contents behind each snapshot, by metadata object (what a real snapshot's data would carry). */
  readonly #snapshotData = new WeakMap<SnapshotMetadata, readonly (Entry | undefined)[]>();
  #nextPayload = 1;
  #nextRead = 1;

  constructor(options: ClusterOptions) {
    this.options = options;
    this.trace = options.trace;
    this.network = new Network(Prng.derive(options.seed, 'network'));
    this.checker = new SafetyChecker(this.#disks);
    for (const id of options.nodes) this.#create(id, new Disk({ index: 0, term: 0, confState: { voters: [...options.nodes], learners: [] } }));
  }

  /** Every node ever started, members or not. */
  get ids(): readonly NodeId[] {
    return this.#ids;
  }

  /**
   * Starts a node that will join the cluster: an empty disk with no
   * configuration, so it takes part only once the leader adds it and sends
   * it a snapshot.
   */
  addNode(id: NodeId): void {
    if (this.#nodes.has(id)) throw new Error(`node ${id} exists`);
    this.trace.line(() => `${id} starts empty, to join`);
    this.#create(id, new Disk({ index: 0, term: 0, confState: { voters: [], learners: [] } }));
  }

  #create(id: NodeId, disk: Disk): void {
    this.#snapshotData.set(disk.snapshot, []);
    this.#disks.set(id, disk);
    this.#ids.push(id);
    const n: SimNode = {
      id, disk, raw: undefined, storage: undefined, incarnation: 0, applied: [], appliedIndex: 0,
      confState: disk.snapshot.confState, status: undefined, syncing: undefined,
    };
    this.#nodes.set(id, n);
    this.#start(n);
  }

  node(id: NodeId): SimNode {
    const n = this.#nodes.get(id);
    if (n === undefined) throw new Error(`unknown node ${id}`);
    return n;
  }

  isUp(id: NodeId): boolean {
    return this.node(id).raw !== undefined;
  }

  /** Up nodes that last reported themselves leader. */
  leaders(): NodeId[] {
    return this.ids.filter((id) => this.isUp(id) && this.node(id).status?.role === Role.Leader);
  }

  /** Up nodes whose core has a Ready to take (none is taken while one is syncing). */
  nodesWithReady(): NodeId[] {
    return this.ids.filter((id) => {
      const n = this.node(id);
      return n.syncing === undefined && n.raw?.hasReady() === true;
    });
  }

  /** Up nodes with a Ready taken and its sync in progress. */
  nodesSyncing(): NodeId[] {
    return this.ids.filter((id) => this.node(id).syncing !== undefined);
  }

  tick(id: NodeId): void {
    this.#core(id).tick();
    this.#observe(id);
  }

  campaign(id: NodeId): void {
    this.trace.line(() => `${id} campaigns`);
    this.#core(id).campaign();
    this.#observe(id);
  }

  /** Delivers the in-flight message at position i (lost if its link was cut meanwhile). */
  deliver(i: number): void {
    const m = this.network.take(i);
    if (m === undefined) return;
    this.trace.line(() => `deliver ${describeMessage(m)}`);
    this.delivered.set(m.type, (this.delivered.get(m.type) ?? 0) + 1);
    try {
      this.#core(m.to).step(m);
    } catch (err) {
      // A forwarded proposal may find no leader; like a client's, it is simply dropped.
      if (!(err instanceof ProposalDroppedError)) throw err;
    }
    this.#observe(m.to);
  }

  dropMessage(i: number): void {
    const m = this.network.dropAt(i);
    this.trace.line(() => `drop ${describeMessage(m)}`);
  }

  duplicateMessage(i: number): void {
    const m = this.network.duplicateAt(i);
    this.trace.line(() => `duplicate ${describeMessage(m)}`);
  }

  /** Proposes a fresh, unique payload; returns the accepted proposal, or undefined when the core dropped it. */
  propose(id: NodeId): Proposal | undefined {
    const payload = `p${this.#nextPayload++}`;
    try {
      const { index, term } = this.#core(id).propose(encoder.encode(payload));
      const proposal = { payload, proposer: id, index, term };
      this.client.onProposed(proposal);
      this.trace.line(() => `${id} proposes ${payload} as ${term}/${index}`);
      return proposal;
    } catch (err) {
      if (!(err instanceof ProposalDroppedError)) throw err;
      this.client.stats.dropped++;
      this.trace.line(() => `${id} drops proposal ${payload}: ${err.message}`);
      return undefined;
    } finally {
      this.#observe(id);
    }
  }

  /** Asks for a read index with a fresh context; returns whether the core took the request. */
  readIndex(id: NodeId): boolean {
    const ctx = `r${this.#nextRead++}`;
    try {
      this.#core(id).readIndex(encoder.encode(ctx));
      this.client.onReadIssued(id, ctx);
      this.trace.line(() => `${id} requests read index ${ctx}`);
      return true;
    } catch (err) {
      if (!(err instanceof ProposalDroppedError)) throw err;
      this.trace.line(() => `${id} drops read ${ctx}: ${err.message}`);
      return false;
    } finally {
      this.#observe(id);
    }
  }

  /** Proposes a membership change; returns whether the core took it. */
  proposeConfChange(id: NodeId, cc: ConfChange): boolean {
    const what = `${cc.type}(${cc.nodeId})`;
    try {
      const { index, term } = this.#core(id).proposeConfChange(cc);
      this.trace.line(() => `${id} proposes ${what} as ${term}/${index}`);
      return true;
    } catch (err) {
      if (!(err instanceof ProposalDroppedError) && !(err instanceof ConfChangeError)) throw err;
      this.trace.line(() => `${id} drops ${what}: ${err.message}`);
      return false;
    } finally {
      this.#observe(id);
    }
  }

  /**
   * Snapshots the node's state machine at its applied index and drops the log
   * up to there, in its storage and on its disk, as a driver does once the
   * log since the last snapshot grows too long.
   */
  compact(id: NodeId): void {
    const n = this.node(id);
    const storage = n.storage;
    const index = n.appliedIndex;
    if (storage === undefined || index <= n.disk.snapshot.index) return;
    const data = n.applied.slice(0, index + 1);
    storage.compact(index, n.confState);
    this.#snapshotData.set(storage.snapshotMetadata(), data);
    this.#snapshotData.set(n.disk.compact(index, n.confState, data), data);
    this.snapshots.taken++;
    this.trace.line(() => `${id} compacts its log through ${index} (voters ${n.confState.voters.join(',')} learners ${n.confState.learners.join(',')})`);
  }

  transferLeadership(id: NodeId, to: NodeId): void {
    this.trace.line(() => `${id} transfers leadership to ${to}`);
    this.#core(id).transferLeadership(to);
    this.#observe(id);
  }

  /**
   * Plays the driver for one Ready, all at once: persist entries and hard
   * state, send the messages, apply committed entries, advance. A crash point
   * cuts the sequence short, losing whatever came after it.
   */
  processReady(id: NodeId, crashAt?: CrashPoint): void {
    this.beginReady(id);
    this.finishReady(id, crashAt);
  }

  /**
   * Takes a Ready and sends the messages that may precede its sync
   * (mayPrecedeSync), as a pipelining leader does; the sync is then in
   * progress until finishReady. Meanwhile the node keeps stepping messages
   * and ticking, as etcd's node loop does between Ready and Advance.
   */
  beginReady(id: NodeId): void {
    const n = this.node(id);
    if (n.syncing !== undefined) throw new Error(`${id} is already syncing a Ready`);
    const rd = this.#core(id).ready();
    for (const e of rd.committedEntries) {
      if (n.disk.entryAt(e.index)?.term !== e.term) {
        throw new SafetyViolation(ViolationKind.ReadyContract, `${id} was handed ${describeEntry(e)} to apply before it was durable`);
      }
    }
    n.syncing = rd;
    this.#send(rd.messages.filter((m) => this.#maySendBeforeSync(m)));
  }

  /** Completes the Ready beginReady took: persist, send the rest, apply, advance. */
  finishReady(id: NodeId, crashAt?: CrashPoint): void {
    const n = this.node(id);
    const rd = n.syncing;
    if (rd === undefined) throw new Error(`${id} has no Ready in progress`);
    if (crashAt === 'beforePersist') return this.crash(id);
    this.#persist(n, rd);
    if (crashAt === 'afterPersist') return this.crash(id);
    n.syncing = undefined;
    this.#send(rd.messages.filter((m) => !this.#maySendBeforeSync(m)));
    if (rd.snapshot !== undefined) this.#restore(n, rd.snapshot);
    for (const rs of rd.readStates) {
      this.trace.line(() => `${id} read state ${payloadOf(rs.requestCtx)} at index ${rs.index}`);
      this.client.onReadState(id, rs);
    }
    for (const e of rd.committedEntries) this.#apply(n, e);
    this.#core(id).advance(rd);
    this.#observe(id);
  }

  partition(groups: readonly (readonly NodeId[])[]): void {
    this.trace.line(() => `partition ${groups.map((g) => `{${g.join(',')}}`).join(' ')}`);
    this.network.partition(groups);
  }

  /** Makes one direction of one link lose messages with probability p. */
  degradeLink(from: NodeId, to: NodeId, p: number): void {
    this.trace.line(() => `link ${from}->${to} loses ${Math.round(p * 100)}% of messages`);
    this.network.drop(from, to, p);
  }

  heal(): void {
    this.trace.line(() => 'heal the network');
    this.network.recover();
  }

  /** Loses everything not on disk: the core, its state machine, the messages on their way to it. */
  crash(id: NodeId): void {
    const n = this.node(id);
    const disk = describeDisk(n.disk);
    this.trace.line(() => `${id} crashes (disk: ${disk})`);
    n.raw = undefined;
    n.storage = undefined;
    n.status = undefined;
    n.syncing = undefined;
    this.network.crash(id);
    this.client.onCrash(id);
    this.checker.onCrash(id);
  }

  /** Starts a crashed node from what its disk holds, with an empty state machine that replays. */
  restart(id: NodeId): void {
    const n = this.node(id);
    if (n.raw !== undefined) throw new Error(`${id} is already up`);
    this.network.restart(id);
    this.#start(n);
    const disk = describeDisk(n.disk);
    this.trace.line(() => `${id} restarts from disk: ${disk}`);
  }

  /**
   * Runs every node's Readies and delivers every in-flight message (those
   * `deliverIf` accepts; the rest are dropped) until nothing moves, or rounds
   * run out. No ticks: time stands still.
   */
  settle(deliverIf: (m: Message) => boolean = () => true, rounds = 100): void {
    for (let r = 0; r < rounds; r++) {
      let moved = false;
      for (const id of this.nodesSyncing()) {
        this.finishReady(id);
        moved = true;
      }
      for (const id of this.nodesWithReady()) {
        this.processReady(id);
        moved = true;
      }
      while (this.network.inFlight.length > 0) {
        const head = this.network.inFlight[0];
        if (head !== undefined && deliverIf(head.message)) this.deliver(0);
        else this.dropMessage(0);
        moved = true;
      }
      if (!moved) return;
    }
  }

  /** Entry applied at index by node id since its last start, if any. */
  appliedAt(id: NodeId, index: number): Entry | undefined {
    return this.node(id).applied[index];
  }

  /** Runs each up core's own invariant assertions. */
  assertCoreInvariants(id: NodeId): void {
    const raw = this.node(id).raw;
    if (raw === undefined) return;
    try {
      raw.assertInvariants();
    } catch (err) {
      if (err instanceof SafetyViolation) throw err;
      throw new SafetyViolation(ViolationKind.CoreInvariant, `${id}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  /**
   * A removed node that knows it (it applied its removal) never campaigns.
   * One that missed the entry removing it runs on its old configuration;
   * with PreVote it cannot win a pre-vote (a quorum of the new configuration
   * holds that entry, so its log is behind theirs), so it never sends a real
   * vote request that would raise the members' terms and depose their leader.
   */
  #checkNotDisruptive(m: Message): void {
    if (m.type !== MessageType.Vote && m.type !== MessageType.PreVote) return;
    if (this.#knowRemoved.has(m.from)) {
      throw new SafetyViolation(ViolationKind.RemovedNodeDisruption, `${m.from} campaigns (${m.type} at term ${m.term}) after applying its own removal`);
    }
    const removal = this.removed.get(m.from);
    if (removal === undefined || m.type !== MessageType.Vote || !this.options.preVote || bytesEqual(m.context, CAMPAIGN_TRANSFER)) return;
    const disk = this.node(m.from).disk;
    const holdsRemoval = disk.snapshot.index >= removal.index || disk.entryAt(removal.index)?.term === removal.term;
    if (!holdsRemoval) {
      throw new SafetyViolation(ViolationKind.RemovedNodeDisruption, `${m.from}, removed at ${removal.term}/${removal.index} without knowing, won a pre-vote and asks for votes at term ${m.term}`);
    }
  }

  #maySendBeforeSync(m: Message): boolean {
    if (mayPrecedeSync(m)) return true;
    const voteResponse = m.type === MessageType.VoteResp || m.type === MessageType.PreVoteResp;
    return voteResponse && this.options.bugs?.sendVoteResponsesBeforePersist === true;
  }

  #send(messages: readonly Message[]): void {
    for (const m of messages) {
      this.#checkNotDisruptive(m);
      if (!this.network.send(m)) this.trace.line(() => `lost ${describeMessage(m)}`);
    }
  }

  #persist(n: SimNode, rd: Ready): void {
    const storage = n.storage;
    if (storage === undefined) throw new Error(`${n.id} is down`);
    if (rd.snapshot !== undefined) {
      const meta = rd.snapshot;
      const data = this.#snapshotData.get(meta);
      if (data === undefined) throw new Error(`${n.id} was handed a snapshot the simulator never saw taken`);
      n.disk.applySnapshot(meta, data);
      storage.applySnapshot(meta);
      this.trace.line(() => `${n.id} installs snapshot ${meta.term}/${meta.index} (voters ${meta.confState.voters.join(',')} learners ${meta.confState.learners.join(',')})`);
    }
    const removed = n.disk.append(n.id, rd.entries);
    storage.append(rd.entries);
    if (rd.hardState !== undefined) {
      n.disk.hardState = rd.hardState;
      storage.setHardState(rd.hardState);
    }
    if (rd.entries.length > 0 || rd.hardState !== undefined) {
      this.trace.line(() => {
        const hs = rd.hardState ? ` ${describeHardState(rd.hardState)}` : '';
        const es = rd.entries.length > 0 ? ` Entries:[${rd.entries.map(describeEntry).join(', ')}]` : '';
        return `${n.id} persists${hs}${es}`;
      });
    }
    this.checker.onPersisted(n.id, removed, rd.entries);
  }

  /** Restores the state machine from a snapshot just persisted: what a real one's data would hold. */
  #restore(n: SimNode, meta: SnapshotMetadata): void {
    const data = this.#snapshotData.get(meta) ?? [];
    if (meta.index > 0 && data[meta.index]?.term !== meta.term) {
      throw new SafetyViolation(ViolationKind.SnapshotMismatch, `${n.id} installed snapshot ${meta.term}/${meta.index} whose data ends in ${data[meta.index] ? describeEntry(data[meta.index] as Entry) : 'nothing'}`);
    }
    const from = n.appliedIndex;
    n.applied = [...data];
    n.appliedIndex = meta.index;
    n.confState = meta.confState;
    this.snapshots.installed++;
    for (let i = from + 1; i <= meta.index; i++) {
      const e = data[i];
      if (e === undefined) throw new SafetyViolation(ViolationKind.SnapshotMismatch, `${n.id} installed snapshot ${meta.term}/${meta.index} missing entry ${i}`);
      this.checker.onApplied(n.id, e, n.disk.hardState.term);
      this.client.onApplied(n.id, e);
    }
  }

  #apply(n: SimNode, e: Entry): void {
    if (e.index !== n.appliedIndex + 1) {
      throw new SafetyViolation(ViolationKind.ReadyContract, `${n.id} was handed ${describeEntry(e)} to apply after applying ${n.appliedIndex}`);
    }
    n.applied[e.index] = e;
    n.appliedIndex = e.index;
    if (e.type === EntryType.ConfChange) {
      const cc = decodeConfChange(e.data);
      n.confState = this.#core(n.id).applyConfChange(cc);
      if (cc.type === ConfChangeType.RemoveNode && !this.removed.has(cc.nodeId)) {
        this.removed.set(cc.nodeId, { index: e.index, term: e.term });
        this.trace.line(() => `${cc.nodeId} is removed (committed at ${describeEntry(e)})`);
      }
      if (cc.type === ConfChangeType.RemoveNode && cc.nodeId === n.id) this.#knowRemoved.add(n.id);
      const key = `${e.term}/${e.index}`;
      if (!this.#confEntriesApplied.has(key)) {
        this.#confEntriesApplied.add(key);
        this.confChangesApplied.set(cc.type, (this.confChangesApplied.get(cc.type) ?? 0) + 1);
      }
    }
    this.checker.onApplied(n.id, e, n.disk.hardState.term);
    if (this.client.onApplied(n.id, e)) this.trace.line(() => `${n.id} acknowledges ${describeEntry(e)}`);
  }

  #start(n: SimNode): void {
    startNode(n, this.options);
    this.#observe(n.id);
  }

  /** After any step on a node: its own invariants, then the cluster-wide safety checks. */
  #observe(id: NodeId): void {
    const n = this.node(id);
    if (n.raw === undefined) return;
    this.assertCoreInvariants(id);
    const status = n.raw.status();
    const before = n.status;
    n.status = status;
    if (before?.role !== status.role || before.term !== status.term) {
      this.trace.line(() => `${id} is now ${status.role} at term ${status.term}`);
    }
    if (status.role === Role.Leader && this.#knowRemoved.has(id)) {
      throw new SafetyViolation(ViolationKind.RemovedNodeDisruption, `${id} became leader of term ${status.term} after applying its own removal`);
    }
    this.checker.onStatus(status);
  }

  #core(id: NodeId): RawNode {
    const raw = this.node(id).raw;
    if (raw === undefined) throw new Error(`${id} is down`);
    return raw;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
