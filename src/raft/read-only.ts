import type { Message, NodeId } from './types';

/** A read-index request waiting for a quorum to confirm the leader is still leader. */
export interface ReadIndexStatus {
  /** The request as received: `from` says who asked, `context` identifies it. */
  readonly req: Message;
  /** The leader's commit index when the request arrived: the read may be served once applied reaches it. */
  readonly index: number;
  readonly acks: Set<NodeId>;
}

/** Read-index bookkeeping with no shared state with the log: requests keyed by their context bytes. */
export class ReadOnly {
  readonly #pending = new Map<string, ReadIndexStatus>();
  // Invariant: the same keys as #pending, in arrival order.
  #queue: string[] = [];

  addRequest(index: number, req: Message): void {
    const key = ctxKey(req.context);
    if (this.#pending.has(key)) return;
    this.#pending.set(key, { req, index, acks: new Set() });
    this.#queue.push(key);
  }

  /** Records a heartbeat answer echoing `context`; returns who has acknowledged it so far. */
  recvAck(from: NodeId, context: Uint8Array): ReadonlySet<NodeId> {
    const rs = this.#pending.get(ctxKey(context));
    if (rs === undefined) return new Set();
    rs.acks.add(from);
    return rs.acks;
  }

  /**
   * A quorum confirmed the request with `context`; that also confirms every
   * request queued before it. Returns them all, oldest first, and forgets them.
   */
  advance(context: Uint8Array): ReadIndexStatus[] {
    const key = ctxKey(context);
    const at = this.#queue.indexOf(key);
    if (at < 0) return [];
    const done = this.#queue.splice(0, at + 1);
    const out: ReadIndexStatus[] = [];
    for (const k of done) {
      const rs = this.#pending.get(k);
      this.#pending.delete(k);
      if (rs !== undefined) out.push(rs);
    }
    return out;
  }

  /** The context of the newest pending request, carried by heartbeats so their answers confirm it. */
  lastPendingRequestCtx(): Uint8Array | undefined {
    const key = this.#queue[this.#queue.length - 1];
    return key === undefined ? undefined : this.#pending.get(key)?.req.context;
  }
}

/** Map key for context bytes: one char per byte, so distinct contexts never collide. */
function ctxKey(ctx: Uint8Array): string {
  let key = '';
  for (const b of ctx) key += String.fromCharCode(b);
  return key;
}
