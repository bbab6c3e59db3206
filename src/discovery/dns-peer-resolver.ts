/**
 * Resolves the peers' DNS names to addresses, at start and then periodically.
 *
 * Why resolve here rather than hand the names to grpc-js: grpc-js resolves a
 * name once per connection and re-resolves only after a failure, at most every
 * 30 s, and a peer whose pod moved to another node can leave a connection to
 * the old address hanging until a deadline. Resolving every `refreshMs` and
 * handing the transport the new address (PeerClient.setAddress reconnects at
 * once) bounds how long a rescheduled pod stays unreachable.
 *
 * A peer whose name does not resolve yet keeps its name as the address, so
 * grpc-js resolves it by itself once the pod appears; a peer whose name stops
 * resolving (its pod is being replaced) keeps its last address.
 *
 * At start, `start()` waits for every name to resolve (or `enough` of them),
 * retrying with back-off, because pods start in any order; the wait is
 * bounded by `waitMs` and logged. A name left unresolved is resolved again
 * every `refreshMs` once `watch()` runs.
 */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { errorMessage } from '../errors';
import type { Logger } from '../logger';

/** Resolves a host name to one address (IPv4 or IPv6). */
export type LookupFn = (host: string) => Promise<string>;

export const systemLookup: LookupFn = async (host) => (await dns.lookup(host, { verbatim: true })).address;

export interface DnsPeerResolverOptions {
  /** id → `host:port` with host a DNS name (or already an address). */
  readonly peers: ReadonlyMap<string, string>;
  readonly waitMs: number;
  readonly refreshMs: number;
  readonly logger: Logger;
  readonly lookup?: LookupFn;
  /** First retry delay at start; doubles up to maxBackoffMs. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /**
   * Stop waiting at start once this many names resolve (default: all). A new
   * cluster forms from a majority of its initial pods (find-running-cluster.ts),
   * so a pod need not wait for a Pending one's name.
   */
  readonly enough?: number;
  /** Told after every start-up round that left names unresolved (for /readyz while starting). */
  readonly onWaiting?: (unresolvedHosts: readonly string[]) => void;
}

interface Peer {
  readonly host: string;
  readonly port: string;
  /** What the transport dials: `ip:port` once resolved, `host:port` before. */
  address: string;
}

export class DnsPeerResolver {
  readonly #opts: DnsPeerResolverOptions;
  readonly #lookup: LookupFn;
  readonly #peers = new Map<string, Peer>();
  #timer: NodeJS.Timeout | undefined;
  #onChange: ((peers: ReadonlyMap<string, string>) => void) | undefined;
  #closed = false;
  #refreshing: Promise<void> | undefined;

  private constructor(opts: DnsPeerResolverOptions) {
    this.#opts = opts;
    this.#lookup = opts.lookup ?? systemLookup;
    for (const [id, hostPort] of opts.peers) {
      const colon = hostPort.lastIndexOf(':');
      this.#peers.set(id, { host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1), address: hostPort });
    }
  }

  /** Resolves every peer, waiting up to waitMs for names that do not resolve yet. */
  static async start(opts: DnsPeerResolverOptions): Promise<DnsPeerResolver> {
    const r = new DnsPeerResolver(opts);
    await r.#waitForAll();
    return r;
  }

  /** id → address to dial: `ip:port` where resolved, else `name:port`. */
  addresses(): ReadonlyMap<string, string> {
    return new Map([...this.#peers].map(([id, p]) => [id, p.address]));
  }

  /** Starts re-resolving every refreshMs; calls onChange with all addresses whenever one changed. */
  watch(onChange: (peers: ReadonlyMap<string, string>) => void): void {
    this.#onChange = onChange;
    this.#schedule();
  }

  /** One round of re-resolution now (the timer calls it; tests too). Resolves whether anything changed. */
  async refresh(): Promise<boolean> {
    const round = await this.#resolveRound();
    if (round === undefined) return false;
    if (round.changed && this.#onChange !== undefined && !this.#closed) this.#onChange(this.addresses());
    return round.changed;
  }

  close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    return this.#refreshing?.then(() => undefined) ?? Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#refreshing = this.refresh()
        .catch((err: unknown) => this.#opts.logger.warn({ err: errorMessage(err) }, 'peer re-resolution failed'))
        .then(() => {
          this.#refreshing = undefined;
          this.#schedule();
        });
    }, this.#opts.refreshMs);
    this.#timer.unref();
  }

  /** Resolves every peer once; records new addresses; returns the names that failed and whether any address changed. */
  async #resolveRound(): Promise<{ failed: Map<string, string>; changed: boolean } | undefined> {
    if (this.#closed) return undefined;
    const failed = new Map<string, string>();
    let changed = false;
    await Promise.all(
      [...this.#peers].map(async ([id, p]) => {
        let ip: string;
        try {
          ip = isIP(p.host) !== 0 ? p.host : await this.#lookup(p.host);
        } catch (err) {
          failed.set(id, `${p.host}: ${errorMessage(err)}`);
          return;
        }
        const address = isIP(ip) === 6 ? `[${ip}]:${p.port}` : `${ip}:${p.port}`;
        if (address !== p.address) {
          this.#opts.logger.info({ peer: id, host: p.host, from: p.address, to: address }, 'peer address resolved');
          p.address = address;
          changed = true;
        }
      }),
    );
    return { failed, changed };
  }

  async #waitForAll(): Promise<void> {
    const started = Date.now();
    const deadline = started + this.#opts.waitMs;
    let delay = this.#opts.initialBackoffMs ?? 250;
    const maxDelay = this.#opts.maxBackoffMs ?? 5_000;
    let lastLog = 0;
    for (;;) {
      const round = await this.#resolveRound();
      if (round === undefined || round.failed.size === 0) {
        this.#opts.logger.info({ peers: Object.fromEntries(this.addresses()), waitedMs: Date.now() - started }, 'all peers resolved');
        return;
      }
      if (this.#peers.size - round.failed.size >= (this.#opts.enough ?? this.#peers.size)) {
        this.#opts.logger.info(
          { peers: Object.fromEntries(this.addresses()), unresolved: Object.fromEntries(round.failed), waitedMs: Date.now() - started },
          'a majority of the peers resolved; going on (the others are resolved again periodically)',
        );
        return;
      }
      const now = Date.now();
      const unresolved = Object.fromEntries(round.failed);
      this.#opts.onWaiting?.([...round.failed.keys()].map((id) => this.#peers.get(id)?.host ?? id));
      if (now >= deadline) {
        this.#opts.logger.warn(
          { unresolved, waitedMs: now - started },
          'gave up waiting for peers to resolve; dialling them by name (grpc resolves a name when its pod appears)',
        );
        return;
      }
      if (lastLog === 0 || now - lastLog >= 5_000) {
        this.#opts.logger.info({ unresolved, waitedMs: now - started, waitMs: this.#opts.waitMs }, 'waiting for peers to resolve');
        lastLog = now;
      }
      await new Promise((r) => setTimeout(r, Math.min(delay, deadline - now)));
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
