import type { Message, MessageType, NodeId } from '../../../src/raft/types';
import type { Prng } from './prng';

/** A message on the wire, named by an id so a trace can refer to it. */
export interface InFlight {
  readonly id: number;
  readonly message: Message;
}

/**
 * A synchronous simulated network. Sent messages wait in flight until the
 * simulator delivers, drops or duplicates one of them, in any order, which
 * models delay and reordering. Links can be cut (partitions), made lossy, or
 * made to ignore a message type; a down node neither sends nor receives.
 */
export class Network {
  readonly #random: Prng;
  #inFlight: InFlight[] = [];
  #nextId = 1;
  /** Directed links that deliver nothing, as "from>to". */
  readonly #cut = new Set<string>();
  /** Directed links that lose each message with a probability, as "from>to". */
  readonly #loss = new Map<string, number>();
  readonly #ignored = new Set<MessageType>();
  readonly #down = new Set<NodeId>();

  constructor(random: Prng) {
    this.#random = random;
  }

  get inFlight(): readonly InFlight[] {
    return this.#inFlight;
  }

  /** Puts a message on the wire; returns false when the network loses it at once. */
  send(m: Message): boolean {
    if (!this.#accepts(m)) return false;
    const loss = this.#loss.get(link(m.from, m.to));
    if (loss !== undefined && this.#random.chance(loss)) return false;
    this.#inFlight.push({ id: this.#nextId++, message: m });
    return true;
  }

  /**
   * Takes the message at position i off the wire for delivery. Returns
   * undefined when its link was cut after it was sent: it is lost instead.
   */
  take(i: number): Message | undefined {
    const [item] = this.#inFlight.splice(i, 1);
    if (item === undefined) throw new Error(`no message in flight at position ${i}`);
    return this.#accepts(item.message) ? item.message : undefined;
  }

  /** Loses the message at position i. */
  dropAt(i: number): Message {
    const [item] = this.#inFlight.splice(i, 1);
    if (item === undefined) throw new Error(`no message in flight at position ${i}`);
    return item.message;
  }

  /** Sends a second copy of the message at position i. */
  duplicateAt(i: number): Message {
    const item = this.#inFlight[i];
    if (item === undefined) throw new Error(`no message in flight at position ${i}`);
    this.#inFlight.push({ id: this.#nextId++, message: item.message });
    return item.message;
  }

  /** Cuts the links between a and b in both directions. */
  cut(a: NodeId, b: NodeId): void {
    this.#cut.add(link(a, b));
    this.#cut.add(link(b, a));
  }

  /** Cuts every link between id and the other nodes. */
  isolate(id: NodeId, all: readonly NodeId[]): void {
    for (const other of all) if (other !== id) this.cut(id, other);
  }

  /** Splits the nodes into groups that cannot reach each other (replacing any earlier split). */
  partition(groups: readonly (readonly NodeId[])[]): void {
    this.#cut.clear();
    for (const [gi, g] of groups.entries()) {
      for (const [hi, h] of groups.entries()) {
        if (gi === hi) continue;
        for (const a of g) for (const b of h) this.#cut.add(link(a, b));
      }
    }
  }

  /** Whether any partition, lossy link or ignored type is in force. */
  get faulty(): boolean {
    return this.#cut.size > 0 || this.#loss.size > 0 || this.#ignored.size > 0;
  }

  /** Loses each message from `from` to `to` with probability p (1: a one-way cut). */
  drop(from: NodeId, to: NodeId, p: number): void {
    this.#loss.set(link(from, to), p);
  }

  /** Loses every message of one type. */
  ignore(type: MessageType): void {
    this.#ignored.add(type);
  }

  /** Heals every partition, lossy link and ignored type. */
  recover(): void {
    this.#cut.clear();
    this.#loss.clear();
    this.#ignored.clear();
  }

  /**
   * A crashed node stops sending and receiving: messages on their way to it
   * are lost with its connections. Messages it already sent stay on the wire
   * and may still arrive (or be dropped): that is what makes sending before a
   * sync dangerous, and what lets the simulator catch a driver doing it.
   */
  crash(id: NodeId): void {
    this.#down.add(id);
    this.#inFlight = this.#inFlight.filter((f) => f.message.to !== id);
  }

  restart(id: NodeId): void {
    this.#down.delete(id);
  }

  #accepts(m: Message): boolean {
    return (
      !this.#down.has(m.to) &&
      !this.#ignored.has(m.type) &&
      !this.#cut.has(link(m.from, m.to))
    );
  }
}

function link(from: NodeId, to: NodeId): string {
  return `${from}>${to}`;
}
