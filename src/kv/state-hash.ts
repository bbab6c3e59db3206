/**
 * The digest the consistency check compares (corruption-check.ts): sha256 of
 * the store revision, every key's record (value, create and mod revision,
 * version, lease) in key order, and every lease. Two members that applied
 * the same entries hold the same records, so the same digest. Left out: the
 * watch history (each member trims it on its own schedule), the auth state
 * and the alarms (small, changed only through the log, and the alarm this
 * check raises must not change what it compares).
 */
import { createHash } from 'node:crypto';
import type { KvSnapshotView } from '../storage/kv-data';
import type { LeaseRecord } from './records';

/** Bumped whenever what the digest covers or how it is fed changes; reports of another format are not compared. */
export const HASH_FORMAT = 1;

const EVERY_KEY = { start: Buffer.alloc(0), end: undefined, single: false } as const;

/** Lengths before variable parts, so no two different states feed the same bytes. */
export async function hashState(view: Pick<KvSnapshotView, 'meta' | 'scan'>, leases: readonly LeaseRecord[]): Promise<string> {
  const hash = createHash('sha256');
  const { revision } = await view.meta();
  hash.update(`raftkv-state-v1 revision ${revision}\n`);
  for await (const r of view.scan(EVERY_KEY)) {
    const key = Buffer.from(r.key, 'utf8');
    hash.update(`k ${key.byteLength}:`);
    hash.update(key);
    hash.update(` ${r.createRevision} ${r.modRevision} ${r.version} ${r.lease} ${r.value.byteLength}:`);
    hash.update(r.value);
    hash.update('\n');
  }
  for (const l of [...leases].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))) hash.update(`l ${l.id} ${l.ttlSeconds}\n`);
  return hash.digest('hex');
}
