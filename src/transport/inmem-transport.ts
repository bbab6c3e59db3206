/**
 * Transports for nodes living in one process (hashicorp/raft's InmemTransport):
 * an InmemHub connects them and can cut links to model partitions. Used by
 * jest integration tests and a --in-memory dev mode, so they run the same
 * driver as production.
 *
 * Delivery is asynchronous (setImmediate), never inside the sender's call
 * stack, so a driver is never re-entered, and FIFO per link, like one gRPC
 * channel. A link cut while a batch is on its way loses the batch. Closing a
 * transport (a crash, in the simulator) cancels every batch it still has on
 * its way and cuts the snapshot streams it is sending: nothing a node sent
 * arrives after it went down.
 *
 * The simulator adds LinkFaults: batches lost, delayed (so they overtake
 * each other) or delivered twice, each decision drawn from its seeded
 * generator, so a run replays exactly.
 */
import { NotAttemptedError, OutcomeUnknownError, ShutdownError, TimeoutError } from '../errors';
import type { Message, NodeId } from '../raft/types';
import type { LeaseTimeLeft, ProposeResult, Transport } from './transport';
import type { KvPair, SnapshotHeader } from '../codec/snapshot-codec';

/** The receiving side of a node: what PeerServer calls for a real node. */
export interface InmemHandler {
  onMessages(msgs: Message[]): void;
  onPropose(command: Uint8Array, deadline: Date | undefined): Promise<ProposeResult>;
  onProposeConfChange?(confChange: Uint8Array, deadline: Date | undefined): Promise<ProposeResult>;
  onInstallSnapshot?(header: SnapshotHeader, chunks: AsyncIterable<readonly KvPair[]>): Promise<{ term: number }>;
  onRenewLeases?(ids: readonly string[], deadline: Date | undefined): Promise<number[]>;
  onLeaseTimesToLive?(ids: readonly string[], deadline: Date | undefined): Promise<LeaseTimeLeft[]>;
}

/** What the network does to one batch on a link (the simulator's faults). */
export interface LinkFaults {
  /** Lose the batch. */
  drop(from: NodeId, to: NodeId): boolean;
  /** Milliseconds before delivery (0: next turn of the event loop); unequal delays reorder batches. */
  delayMs(from: NodeId, to: NodeId): number;
  /** Deliver the batch a second time, later. */
  duplicate(from: NodeId, to: NodeId): boolean;
  /** Milliseconds a snapshot stream takes to arrive (a large one over a slow link); it may outlive its sender's leadership. */
  streamMs?(from: NodeId, to: NodeId): number;
}

export class InmemHub {
  /** Faults applied to Raft message batches; none unless the simulator sets them. */
  faults: LinkFaults | undefined;
  readonly #nodes = new Map<NodeId, { transport: InmemTransport; handler: InmemHandler }>();
  /** Directed links that are down, as "from\u0000to". */
  readonly #cut = new Set<string>();
  #delivered = 0;
  #dropped = 0;

  /** Adds a node to the hub; the returned transport sends as `nodeId`. */
  attach(nodeId: NodeId, handler: InmemHandler): InmemTransport {
    if (this.#nodes.has(nodeId)) throw new Error(`node ${nodeId} is already attached to the hub`);
    const transport = new InmemTransport(this, nodeId);
    this.#nodes.set(nodeId, { transport, handler });
    return transport;
  }

  /** Restores the links between a and b, both ways. */
  connect(a: NodeId, b: NodeId): void {
    this.#cut.delete(link(a, b));
    this.#cut.delete(link(b, a));
  }

  /** Cuts the links between a and b, both ways. */
  disconnect(a: NodeId, b: NodeId): void {
    this.#cut.add(link(a, b));
    this.#cut.add(link(b, a));
  }

  /** Cuts `id` off from every other attached node. */
  isolate(id: NodeId): void {
    for (const other of this.#nodes.keys()) if (other !== id) this.disconnect(id, other);
  }

  /**
   * Splits the attached nodes into groups that cannot reach each other. Nodes
   * named in no group form one more group together.
   */
  partition(...groups: readonly (readonly NodeId[])[]): void {
    this.heal();
    const groupOf = new Map<NodeId, number>();
    groups.forEach((g, i) => g.forEach((id) => groupOf.set(id, i)));
    const ids = [...this.#nodes.keys()];
    for (const a of ids) {
      for (const b of ids) {
        if (a !== b && (groupOf.get(a) ?? -1) !== (groupOf.get(b) ?? -1)) this.#cut.add(link(a, b));
      }
    }
  }

  /** Restores every link. */
  heal(): void {
    this.#cut.clear();
  }

  canReach(from: NodeId, to: NodeId): boolean {
    return this.#nodes.has(to) && !this.#cut.has(link(from, to));
  }

  get stats(): { readonly delivered: number; readonly dropped: number } {
    return { delivered: this.#delivered, dropped: this.#dropped };
  }

  /** Hands a batch to `to` if the link is still up at delivery time. */
  deliver(from: NodeId, to: NodeId, msgs: Message[]): void {
    const target = this.#nodes.get(to);
    if (target === undefined || !this.canReach(from, to)) {
      this.#dropped += msgs.length;
      return;
    }
    this.#delivered += msgs.length;
    target.handler.onMessages(msgs);
  }

  countDropped(n: number): void {
    this.#dropped += n;
  }

  handlerOf(id: NodeId): InmemHandler | undefined {
    return this.#nodes.get(id)?.handler;
  }

  detach(id: NodeId, transport: InmemTransport): void {
    if (this.#nodes.get(id)?.transport === transport) this.#nodes.delete(id);
  }
}

function link(from: NodeId, to: NodeId): string {
  return `${from}\u0000${to}`;
}

export class InmemTransport implements Transport {
  readonly #hub: InmemHub;
  readonly #nodeId: NodeId;
  /** Deliveries scheduled and not yet run, each with the function that cancels it. */
  readonly #pending = new Set<() => void>();
  /** Proposals awaiting an answer, each with the function that gives up on it. */
  readonly #waiting = new Set<(err: Error) => void>();
  #closed = false;

  /** Use InmemHub.attach. */
  constructor(hub: InmemHub, nodeId: NodeId) {
    this.#hub = hub;
    this.#nodeId = nodeId;
  }

  get nodeId(): NodeId {
    return this.#nodeId;
  }

  send(messages: readonly Message[]): void {
    if (this.#closed) return;
    const byPeer = new Map<NodeId, Message[]>();
    for (const m of messages) {
      if (!this.#hub.canReach(this.#nodeId, m.to)) {
        this.#hub.countDropped(1);
        continue;
      }
      const batch = byPeer.get(m.to);
      if (batch === undefined) byPeer.set(m.to, [m]);
      else batch.push(m);
    }
    const faults = this.#hub.faults;
    for (const [to, batch] of byPeer) {
      if (faults?.drop(this.#nodeId, to) === true) {
        this.#hub.countDropped(batch.length);
        continue;
      }
      const deliver = (): void => this.#hub.deliver(this.#nodeId, to, batch);
      this.#later(deliver, faults?.delayMs(this.#nodeId, to) ?? 0);
      if (faults?.duplicate(this.#nodeId, to) === true) this.#later(deliver, faults.delayMs(this.#nodeId, to) + 1);
    }
  }

  propose(to: NodeId, command: Uint8Array, deadline: Date): Promise<ProposeResult> {
    return this.#forward(to, deadline, (handler) => handler.onPropose(command, deadline));
  }

  proposeConfChange(to: NodeId, confChange: Uint8Array, deadline: Date): Promise<ProposeResult> {
    return this.#forward(to, deadline, (handler) =>
      handler.onProposeConfChange !== undefined
        ? handler.onProposeConfChange(confChange, deadline)
        : Promise.reject(new NotAttemptedError(`node ${to} does not take membership changes`)),
    );
  }

  installSnapshot(to: NodeId, header: SnapshotHeader, chunks: AsyncIterable<readonly KvPair[]>, deadline: Date): Promise<void> {
    return this.#forward(
      to,
      deadline,
      (handler) =>
        handler.onInstallSnapshot !== undefined
          ? handler.onInstallSnapshot(header, this.#cutOnClose(chunks)).then(() => undefined)
          : Promise.reject(new NotAttemptedError(`node ${to} does not take snapshots`)),
      this.#hub.faults?.streamMs?.(this.#nodeId, to) ?? 0,
    );
  }

  renewLeases(to: NodeId, ids: readonly string[], deadline: Date): Promise<number[]> {
    return this.#forward(to, deadline, (handler) =>
      handler.onRenewLeases !== undefined
        ? handler.onRenewLeases(ids, deadline)
        : Promise.reject(new NotAttemptedError(`node ${to} does not keep leases`)),
    );
  }

  leaseTimesToLive(to: NodeId, ids: readonly string[], deadline: Date): Promise<LeaseTimeLeft[]> {
    return this.#forward(to, deadline, (handler) =>
      handler.onLeaseTimesToLive !== undefined
        ? handler.onLeaseTimesToLive(ids, deadline)
        : Promise.reject(new NotAttemptedError(`node ${to} does not keep leases`)),
    );
  }

  #forward<T>(to: NodeId, deadline: Date, call: (handler: InmemHandler) => Promise<T>, delayMs = 0): Promise<T> {
    if (this.#closed) return Promise.reject(new ShutdownError());
    const handler = this.#hub.handlerOf(to);
    if (handler === undefined || !this.#hub.canReach(this.#nodeId, to)) {
      return Promise.reject(new NotAttemptedError(`the leader ${to} is unreachable from ${this.#nodeId}`));
    }
    return new Promise<T>((resolve, reject) => {
      const settle = (fn: () => void): void => {
        if (!this.#waiting.delete(abandon)) return;
        clearTimeout(timer);
        fn();
      };
      const abandon = (err: Error): void => settle(() => reject(err));
      this.#waiting.add(abandon);
      const timer = setTimeout(
        () =>
          abandon(
            new TimeoutError(`deadline exceeded waiting for ${to}: outcome unknown, the write may or may not have been applied`),
          ),
        Math.max(0, deadline.getTime() - Date.now()),
      );
      timer.unref();
      this.#later(() => {
        let answer: Promise<T>;
        try {
          answer = call(handler);
        } catch (err) {
          answer = Promise.reject(err);
        }
        answer.then(
          (res) =>
            settle(() => {
              // The answer crosses the network too: a cut link loses it after the leader acted.
              if (this.#hub.canReach(to, this.#nodeId)) resolve(res);
              else reject(new OutcomeUnknownError(`the link from ${to} was cut before its answer arrived`));
            }),
          (err: unknown) => settle(() => reject(err)),
        );
      }, delayMs);
    });
  }

  /**
   * A stream this node sends stops with it: once the transport is closed (a
   * crash, in the simulator) the receiver's next read fails, as a stream
   * whose sender died would, rather than go on delivering the dead node's data.
   */
  async *#cutOnClose(chunks: AsyncIterable<readonly KvPair[]>): AsyncGenerator<readonly KvPair[]> {
    for await (const chunk of chunks) {
      if (this.#closed) throw new OutcomeUnknownError(`${this.#nodeId} went away while streaming its snapshot`);
      yield chunk;
    }
  }

  /** Every attached node is reachable by id; addresses mean nothing in one process. */
  setPeers(_peers: ReadonlyMap<NodeId, string>): void {}

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    for (const cancel of this.#pending) cancel();
    this.#pending.clear();
    // A proposal may already be in the leader's hands: its fate is unknown, not failed.
    for (const abandon of [...this.#waiting]) abandon(new OutcomeUnknownError('the transport closed before the answer arrived'));
    this.#hub.detach(this.#nodeId, this);
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #later(fn: () => void, delayMs = 0): void {
    const run = (): void => {
      this.#pending.delete(cancel);
      fn();
    };
    let cancel: () => void;
    if (delayMs > 0) {
      const timer = setTimeout(run, delayMs);
      cancel = () => clearTimeout(timer);
    } else {
      const handle = setImmediate(run);
      cancel = () => clearImmediate(handle);
    }
    this.#pending.add(cancel);
  }
}
