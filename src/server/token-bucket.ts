/**
 * The rate limit of one LeaseKeepAlive stream (both APIs, lease-service.ts
 * keepAliveStream): a client looping on keep-alives would otherwise make the
 * node renew (and a follower forward to the leader) as fast as it can send.
 * A well-behaved client sends one per lease every TTL/3, so the default
 * leaves room for thousands of leases on one stream; past the limit the
 * stream ends with RESOURCE_EXHAUSTED, and the client's library opens a new
 * one after its back-off.
 */

/** Tokens refill continuously at `perSecond`, up to `perSecond` (one second of burst). */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#tokens = perSecond;
    this.#last = now();
  }

  take(): boolean {
    const t = this.now();
    this.#tokens = Math.min(this.perSecond, this.#tokens + ((t - this.#last) / 1000) * this.perSecond);
    this.#last = t;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
