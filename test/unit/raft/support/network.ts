/**
 * A small synchronous in-memory cluster for the core's unit tests: every node
 * carries out its Ready exactly as the driver must (persist, send, apply,
 * advance), and messages are delivered until nothing moves. Faults are
 * deterministic rules (cut, isolate, drop by type or predicate); the seeded
 * randomized simulator lives in test/sim.
 */
import { decodeConfChange } from '../../../../src/raft/confchange';
import { MemoryStorage } from '../../../../src/raft/memory-storage';
import { RawNode } from '../../../../src/raft/raw-node';
import type { RaftByteLimits, RaftConfig } from '../../../../src/raft/config';
import type { RaftLogger } from '../../../../src/raft/logger';
import {
  EntryType,
  Role,
  type ConfChange,
  type ConfState,
  type Entry,
  type Message,
  type MessageType,
  type NodeId,
  type ReadState,
  type Ready,
} from '../../../../src/raft/types';

export interface NodeOptions {
  preVote?: boolean;
  checkQuorum?: boolean;
  electionTick?: number;
  heartbeatTick?: number;
  maxEntriesPerMessage?: number;
  maxInflightMessages?: number;
  limits?: RaftByteLimits;
  seed?: number;
}

/** Deterministic PRNG (mulberry32) so election timeouts are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A logger that keeps every line, so tests can assert on what was logged. */
export class CapturingLogger implements RaftLogger {
  readonly lines: { level: string; obj: object; msg: string }[] = [];
  debug(obj: object, msg: string): void {
    this.lines.push({ level: 'debug', obj, msg });
  }
  info(obj: object, msg: string): void {
    this.lines.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg: string): void {
    this.lines.push({ level: 'warn', obj, msg });
  }
  messages(level?: string): string[] {
    return this.lines.filter((l) => level === undefined || l.level === level).map((l) => l.msg);
  }
}

export function bootstrapStorage(conf: ConfState): MemoryStorage {
  return new MemoryStorage({ index: 0, term: 0, confState: conf });
}

export function makeConfig(id: NodeId, storage: MemoryStorage, opts: NodeOptions = {}, logger: RaftLogger = new CapturingLogger()): RaftConfig {
  return {
    id,
    storage,
    electionTick: opts.electionTick ?? 10,
    heartbeatTick: opts.heartbeatTick ?? 1,
    random: seededRandom(opts.seed ?? hash(id)),
    preVote: opts.preVote ?? false,
    checkQuorum: opts.checkQuorum ?? false,
    applied: 0,
    maxEntriesPerMessage: opts.maxEntriesPerMessage ?? 100,
    maxInflightMessages: opts.maxInflightMessages ?? 256,
    logger,
    ...(opts.limits !== undefined ? { limits: opts.limits } : {}),
  };
}

function hash(s: string): number {
  let h = 7;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

/** One node plus its "disk" and "state machine". */
export class TestNode {
  readonly logger = new CapturingLogger();
  node: RawNode;
  /** Entries handed out for applying, in order. */
  readonly applied: Entry[] = [];
  readonly readStates: ReadState[] = [];
  readonly readies: Ready[] = [];
  /** The configuration as of the applied index, as applyConfChange (or an installed snapshot) last gave it. */
  confState: ConfState | undefined;

  constructor(
    readonly id: NodeId,
    readonly storage: MemoryStorage,
    readonly opts: NodeOptions,
  ) {
    this.node = new RawNode(makeConfig(id, storage, opts, this.logger));
  }

  /** Simulates a crash and restart: unsynced state is lost, the disk (storage) is kept. */
  restart(): void {
    const applied = this.applied.length === 0 ? 0 : (this.applied[this.applied.length - 1]?.index ?? 0);
    this.node = new RawNode({ ...makeConfig(this.id, this.storage, this.opts, this.logger), applied });
  }

  /**
   * Carries out one Ready the way the driver must and returns its messages.
   * Also checks the core never hands out an entry for applying before it was
   * persisted by an earlier Ready.
   */
  handleReady(): Message[] {
    const rd = this.node.ready();
    this.readies.push(rd);
    for (const e of rd.committedEntries) {
      const stored = this.storage.lastIndex() >= e.index ? this.storage.term(e.index) : -1;
      if (stored !== e.term) throw new Error(`${this.id}: entry ${e.term}/${e.index} handed out for applying before it was persisted`);
    }
    if (rd.snapshot !== undefined) this.storage.applySnapshot(rd.snapshot);
    this.storage.append(rd.entries);
    if (rd.hardState !== undefined) this.storage.setHardState(rd.hardState);
    if (rd.snapshot !== undefined) this.confState = rd.snapshot.confState;
    for (const e of rd.committedEntries) {
      if (e.type === EntryType.ConfChange) this.confState = this.node.applyConfChange(decodeConfChange(e.data));
    }
    this.applied.push(...rd.committedEntries);
    this.readStates.push(...rd.readStates);
    this.node.advance(rd);
    this.node.assertInvariants();
    return [...rd.messages];
  }
}

type Filter = (m: Message) => boolean;

export class Network {
  readonly nodes = new Map<NodeId, TestNode>();
  /** Every message delivered, in order. */
  readonly delivered: Message[] = [];
  /** Messages waiting to be delivered. */
  queue: Message[] = [];
  #cut = new Set<string>();
  #dropTypes = new Set<MessageType>();
  #filters: Filter[] = [];
  readonly #opts: NodeOptions;

  constructor(ids: NodeId[], opts: NodeOptions = {}, learners: NodeId[] = []) {
    this.#opts = opts;
    const conf: ConfState = { voters: ids, learners };
    for (const id of [...ids, ...learners]) this.nodes.set(id, new TestNode(id, bootstrapStorage(conf), opts));
  }

  /** Starts a node that joins the cluster: empty log, no configuration (it learns both from the leader). */
  addNode(id: NodeId): TestNode {
    const n = new TestNode(id, new MemoryStorage(), this.#opts);
    this.nodes.set(id, n);
    return n;
  }

  /** Proposes a configuration change on `leader` and delivers everything. */
  changeConf(leader: NodeId, cc: ConfChange): { index: number; term: number } {
    const r = this.raw(leader).proposeConfChange(cc);
    this.stabilize();
    return r;
  }

  node(id: NodeId): TestNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  }

  raw(id: NodeId): RawNode {
    return this.node(id).node;
  }

  /** Blocks both directions between a and b. */
  cut(a: NodeId, b: NodeId): void {
    this.#cut.add(`${a}>${b}`);
    this.#cut.add(`${b}>${a}`);
  }

  isolate(id: NodeId): void {
    for (const other of this.nodes.keys()) if (other !== id) this.cut(id, other);
  }

  drop(type: MessageType): void {
    this.#dropTypes.add(type);
  }

  /** Drops every message for which `f` returns true. */
  dropIf(f: Filter): void {
    this.#filters.push(f);
  }

  recover(): void {
    this.#cut.clear();
    this.#dropTypes.clear();
    this.#filters = [];
  }

  #blocked(m: Message): boolean {
    return this.#cut.has(`${m.from}>${m.to}`) || this.#dropTypes.has(m.type) || this.#filters.some((f) => f(m));
  }

  send(...msgs: Message[]): void {
    this.queue.push(...msgs);
  }

  /** Processes every Ready and delivers every message until the cluster is quiet. Returns rounds taken. */
  stabilize(maxRounds = 10_000): number {
    for (let round = 0; round < maxRounds; round++) {
      let moved = false;
      for (const n of this.nodes.values()) {
        while (n.node.hasReady()) {
          moved = true;
          for (const m of n.handleReady()) if (!this.#blocked(m)) this.queue.push(m);
        }
      }
      const batch = this.queue;
      this.queue = [];
      for (const m of batch) {
        moved = true;
        const to = this.nodes.get(m.to);
        if (to === undefined) continue;
        this.delivered.push(m);
        to.node.step(m);
        to.node.assertInvariants();
      }
      if (!moved) return round;
    }
    throw new Error('network did not stabilize');
  }

  tick(id: NodeId, times = 1): void {
    for (let i = 0; i < times; i++) this.raw(id).tick();
  }

  /** Ticks every node once, then stabilizes: one unit of time passing with instant delivery. */
  tickAll(times = 1): void {
    for (let i = 0; i < times; i++) {
      for (const n of this.nodes.values()) n.node.tick();
      this.stabilize();
    }
  }

  /** Makes `id` campaign and delivers everything. */
  elect(id: NodeId): void {
    this.raw(id).campaign();
    this.stabilize();
  }

  propose(id: NodeId, text: string): { index: number; term: number } {
    const r = this.raw(id).propose(new TextEncoder().encode(text));
    this.stabilize();
    return r;
  }

  leaders(): NodeId[] {
    return [...this.nodes.values()].filter((n) => n.node.status().role === Role.Leader).map((n) => n.id);
  }

  /** Texts of the entries a node applied, skipping empty (no-op) entries. */
  appliedTexts(id: NodeId): string[] {
    return this.node(id)
      .applied.filter((e) => e.type === EntryType.Normal && e.data.length > 0)
      .map((e) => new TextDecoder().decode(e.data));
  }

  countDelivered(type: MessageType, from?: NodeId, to?: NodeId): number {
    return this.delivered.filter((m) => m.type === type && (from === undefined || m.from === from) && (to === undefined || m.to === to)).length;
  }
}
