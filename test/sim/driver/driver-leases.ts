import type { RaftNode } from '../../../src/node/raft-node';
import type { KvStateMachine } from '../../../src/kv/state-machine';
import { decodeCommand, encodeCommand } from '../../../src/kv/command';
import { LeaseKeeper } from '../../../src/lease/lease-keeper';
import { LeaseRouter } from '../../../src/lease/lease-router';
import type { InmemTransport } from '../../../src/transport/inmem-transport';
import { EntryType, Role, type Entry, type NodeId } from '../../../src/raft/types';
import { errorMessage } from '../../../src/errors';
import type { Trace } from '../support/trace';

/** One node incarnation's lease machinery, as the server builds it. */
export interface NodeLeases {
  readonly keeper: LeaseKeeper;
  readonly router: LeaseRouter;
}

/** TTL of every simulated lease: ten election timeouts of virtual time. */
export const LEASE_TTL_SECONDS = 1;

/**
 * Leases in the driver simulator (the lease family): each node runs the
 * production LeaseKeeper and LeaseRouter on the virtual clock; clients grant
 * leases and keep them alive through any node. Checked when an expiry
 * commits: a lease is never expired earlier than one TTL after a keep-alive
 * that was acknowledged was sent — whatever leader changed meanwhile.
 */
export class SimLeases {
  readonly #trace: Trace;
  readonly #fail: (detail: string) => void;
  /** Granted leases, by id: when the newest acknowledged keep-alive (or the grant) was sent. */
  readonly #keptSince = new Map<string, number>();
  /** When a leader's keeper last proposed each expiry (the moment it judged the lease expired). */
  readonly #expiryProposedAt = new Map<string, number>();
  #nextId = 1;
  readonly stats = { granted: 0, renewed: 0, expired: 0 };

  constructor(trace: Trace, fail: (detail: string) => void) {
    this.#trace = trace;
    this.#fail = fail;
  }

  /** Builds and starts the keeper and router of a node that just started. */
  async start(node: RaftNode, stateMachine: KvStateMachine, transport: InmemTransport, label: string): Promise<NodeLeases> {
    const quiet = { debug: () => undefined, info: (_o: object, msg: string) => this.#trace.line(() => `${label} ${msg}`), warn: (_o: object, msg: string) => this.#trace.line(() => `${label} ${msg}`) };
    const keeper = new LeaseKeeper({
      node: {
        leadership: () => ({ leading: node.role === Role.Leader, term: node.status().term }),
        proposeAsLeader: (c, d) => {
          this.#noteExpiryProposal(c);
          return node.proposeAsLeader(c, d);
        },
      },
      leases: stateMachine,
      logger: quiet,
      checkIntervalMs: 30,
    });
    await keeper.start();
    return { keeper, router: new LeaseRouter(node, keeper, transport) };
  }

  /** A client grants a lease through `via`. */
  grant(via: RaftNode, deadline: Date): void {
    const id = String(this.#nextId++);
    const sent = Date.now();
    via.propose(encodeCommand({ op: 'lease-grant', id, ttlSeconds: LEASE_TTL_SECONDS }), deadline).then(
      () => {
        this.stats.granted += 1;
        this.#keptSince.set(id, Math.max(this.#keptSince.get(id) ?? 0, sent));
        this.#trace.line(() => `client lease ${id} granted`);
      },
      (err: unknown) => this.#trace.line(() => `client lease ${id} grant failed: ${errorMessage(err)}`),
    );
  }

  /** A client keeps one of its leases alive through `via`'s router. */
  keepAlive(viaId: NodeId, via: NodeLeases | undefined, pick: (n: number) => number, deadline: Date): void {
    const ids = [...this.#keptSince.keys()];
    if (via === undefined || ids.length === 0) return;
    const id = ids[pick(ids.length)]!;
    const sent = Date.now();
    via.router.renew([id], deadline).then(
      ([ttl]) => {
        if (ttl === undefined || ttl <= 0) {
          this.#trace.line(() => `client keep-alive ${id} via ${viaId}: lease gone`);
          return;
        }
        this.stats.renewed += 1;
        this.#keptSince.set(id, Math.max(this.#keptSince.get(id) ?? 0, sent));
        this.#trace.line(() => `client keep-alive ${id} via ${viaId}: renewed for ${ttl} s`);
      },
      (err: unknown) => this.#trace.line(() => `client keep-alive ${id} via ${viaId} failed: ${errorMessage(err)}`),
    );
  }

  #noteExpiryProposal(command: Uint8Array): void {
    try {
      const cmd = decodeCommand(command);
      // The latest proposal: every attempt carries the same bytes, and an older one that never committed must not date a later one.
      if (cmd.op === 'lease-revoke' && cmd.expired) this.#expiryProposedAt.set(cmd.id, Date.now());
    } catch {
      // Not a command the keeper would send; nothing to note.
    }
  }

  /** Called with entries as they are first applied anywhere: checks every expiry. */
  onCommitted(entries: readonly Entry[]): void {
    for (const e of entries) {
      if (e.type !== EntryType.Normal || e.data.length === 0) continue;
      let cmd;
      try {
        cmd = decodeCommand(e.data);
      } catch {
        continue;
      }
      if (cmd.op !== 'lease-revoke' || !cmd.expired) continue;
      this.stats.expired += 1;
      const kept = this.#keptSince.get(cmd.id);
      this.#keptSince.delete(cmd.id);
      const earliest = kept === undefined ? 0 : kept + LEASE_TTL_SECONDS * 1000;
      // Judged when a keeper decided it expired (its proposal), not when the revoke happened to apply.
      const judged = this.#expiryProposedAt.get(cmd.id) ?? Date.now();
      this.#trace.line(() => `lease ${cmd.id} expired at ${e.index}`);
      if (judged < earliest) {
        this.#fail(`lease ${cmd.id} was judged expired at virtual ${judged} ms, but a keep-alive sent at ${kept} ms was acknowledged (TTL ${LEASE_TTL_SECONDS} s)`);
      }
    }
  }
}
