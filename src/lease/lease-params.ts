/**
 * What a client names when it asks for a lease: an id and a TTL. Lease ids
 * are int64 on the wire and decimal strings inside raftkv ("0" is "no
 * lease"). Ids the server picks are random, positive and 63 bits wide, so two
 * nodes granting at once practically never collide.
 */
import { randomBytes } from 'node:crypto';
import { InvalidArgumentError } from '../errors';
import { MAX_LEASE_TTL_SECONDS, MIN_LEASE_TTL_SECONDS } from '../kv/limits';

const MAX_INT64 = (1n << 63n) - 1n;
const DECIMAL = /^-?\d+$/;

/** A non-negative int64 as its canonical decimal string; "0" stays "0" (the caller decides what none means). */
export function parseLeaseId(value: string, field = 'id'): string {
  if (!DECIMAL.test(value)) throw new InvalidArgumentError(field, `"${value}" is not an integer lease id`);
  const id = BigInt(value);
  if (id < 0n || id > MAX_INT64) throw new InvalidArgumentError(field, `must be between 0 and ${MAX_INT64}, got ${value}`);
  return id.toString();
}

/** A random lease id in [1, 2^63 - 1]. */
export function randomLeaseId(): string {
  for (;;) {
    const id = randomBytes(8).readBigUInt64BE() & MAX_INT64;
    if (id !== 0n) return id.toString();
  }
}

/** A TTL a client asked for, checked against the bounds in limits.ts. */
export function parseTtlSeconds(value: string, field = 'ttl_seconds'): number {
  const bounds = `must be between ${MIN_LEASE_TTL_SECONDS} and ${MAX_LEASE_TTL_SECONDS} seconds`;
  if (!DECIMAL.test(value)) throw new InvalidArgumentError(field, `${bounds}, got "${value}"`);
  const ttl = BigInt(value);
  if (ttl < BigInt(MIN_LEASE_TTL_SECONDS) || ttl > BigInt(MAX_LEASE_TTL_SECONDS)) throw new InvalidArgumentError(field, `${bounds}, got ${value}`);
  return Number(ttl);
}
