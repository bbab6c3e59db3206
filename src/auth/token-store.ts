/**
 * Simple tokens, as etcd's: random strings held in this node's memory only,
 * valid for a TTL that every use restarts. Another node does not know them,
 * so a client that moves to another node authenticates again (etcd's simple
 * tokens behave the same); a restart forgets them all.
 *
 * A token remembers the password hash its user had when it was issued: a
 * password change or a deleted user invalidates it on every node at once,
 * since each node compares with its own applied state.
 */
import { randomBytes } from 'node:crypto';

export const DEFAULT_TOKEN_TTL_SECONDS = 300;

interface Held {
  readonly user: string;
  readonly passwordHash: string;
  expiresAt: number;
}

export interface TokenHolder {
  readonly user: string;
  readonly passwordHash: string;
}

export class TokenStore {
  readonly #tokens = new Map<string, Held>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { ttlSeconds?: number; now?: () => number } = {}) {
    this.#ttlMs = (options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS) * 1000;
    this.#now = options.now ?? Date.now;
  }

  get ttlSeconds(): number {
    return this.#ttlMs / 1000;
  }

  issue(user: string, passwordHash: string): string {
    this.#sweep();
    const token = `${randomBytes(24).toString('base64url')}`;
    this.#tokens.set(token, { user, passwordHash, expiresAt: this.#now() + this.#ttlMs });
    return token;
  }

  /** Who holds the token, restarting its TTL; undefined when unknown or expired. */
  lookup(token: string): TokenHolder | undefined {
    const held = this.#tokens.get(token);
    if (held === undefined) return undefined;
    const now = this.#now();
    if (held.expiresAt <= now) {
      this.#tokens.delete(token);
      return undefined;
    }
    held.expiresAt = now + this.#ttlMs;
    return { user: held.user, passwordHash: held.passwordHash };
  }

  /** Drops expired tokens, so a client that authenticates in a loop cannot grow the map without bound. */
  #sweep(): void {
    const now = this.#now();
    for (const [token, held] of this.#tokens) if (held.expiresAt <= now) this.#tokens.delete(token);
  }
}
