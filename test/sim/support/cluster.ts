import {
  describeEntry,
  describeHardState,
  describeMessage,
  MessageType,
  ProposalDroppedError,
  Role,
  mayPrecedeSync,
  type Entry,
  type Message,
  type NodeId,
  type RawNode,
  type Ready,
} from '../../../src/raft';
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
  readonly #nodes = new Map<NodeId, SimNode>();
  #nextPayload = 1;
  #nextRead = 1;

  constructor(options: ClusterOptions) {
    this.options = options;
    this.trace = options.trace;
    this.network = new Network(Prng.derive(options.seed, 'network'));
    const disks = new Map<NodeId, Disk>();
    for (const id of options.nodes) {
      const disk = new Disk({ index: 0, term: 0, confState: { voters: [...options.nodes], learners: [] } });
      disks.set(id, disk);
      this.#nodes.set(id, { id, disk, raw: undefined, storage: undefined, incarnation: 0, applied: [], appliedIndex: 0, status: undefined, syncing: undefined });
    }
    this.checker = new SafetyChecker(disks);
    for (const id of options.nodes) this.#start(this.node(id));
  }

  get ids(): readonly NodeId[] {
    return this.options.nodes;
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

  #maySendBeforeSync(m: Message): boolean {
    if (mayPrecedeSync(m)) return true;
    const voteResponse = m.type === MessageType.VoteResp || m.type === MessageType.PreVoteResp;
    return voteResponse && this.options.bugs?.sendVoteResponsesBeforePersist === true;
  }

  #send(messages: readonly Message[]): void {
    for (const m of messages) {
      if (!this.network.send(m)) this.trace.line(() => `lost ${describeMessage(m)}`);
    }
  }

  #persist(n: SimNode, rd: Ready): void {
    if (rd.snapshot !== undefined) throw new Error('the simulator does not install snapshots yet');
    const storage = n.storage;
    if (storage === undefined) throw new Error(`${n.id} is down`);
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

  #apply(n: SimNode, e: Entry): void {
    if (e.index !== n.appliedIndex + 1) {
      throw new SafetyViolation(ViolationKind.ReadyContract, `${n.id} was handed ${describeEntry(e)} to apply after applying ${n.appliedIndex}`);
    }
    n.applied[e.index] = e;
    n.appliedIndex = e.index;
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
    this.checker.onStatus(status);
  }

  #core(id: NodeId): RawNode {
    const raw = this.node(id).raw;
    if (raw === undefined) throw new Error(`${id} is down`);
    return raw;
  }
}
