/**
 * Brings a database written by an older raftkv to the current layout
 * (keys.ts), once, when it is opened.
 *
 * v0.1 (no `m:layout` key) stored each key's raw value under `k`, without
 * revisions or leases. Each such key becomes a record created and last
 * modified at revision 1, version 1, no lease, and the store revision becomes
 * 1 (0 when there are no keys); the history starts there (compacted through
 * it). Every node of a cluster upgraded at the same applied index thus
 * computes the same records. The whole migration is one synced batch: a
 * crash leaves the old layout, which is migrated again on the next open.
 */
import { encodeStoredRecord } from '../codec/record-codec';
import { StorageError } from '../errors';
import type { Logger } from '../logger';
import { CURRENT_LAYOUT, HISTORY_COMPACTED_KEY, KV_RANGE, LAYOUT_KEY, REVISION_KEY, decodeIndex, encodeIndex, keyFromKvKey } from './keys';
import { corruptIfThrows, rows, type Db } from './kv-reads';

type BatchOp = { type: 'put'; key: Uint8Array; value: Uint8Array };

/** The revision v0.1 keys are given. */
export const MIGRATED_REVISION = 1;

export async function migrateLayout(db: Db, logger: Logger): Promise<void> {
  const stored = await db.get(LAYOUT_KEY);
  const layout = stored === undefined ? 1 : corruptIfThrows('layout version', () => decodeIndex(stored));
  if (layout === CURRENT_LAYOUT) return;
  if (layout > CURRENT_LAYOUT) {
    throw new StorageError(`the database has layout version ${layout}, written by a newer raftkv; this one reads up to ${CURRENT_LAYOUT}`);
  }
  const ops: BatchOp[] = [];
  for await (const [key, value] of rows(db, KV_RANGE)) {
    const record = { key: keyFromKvKey(key), value, createRevision: MIGRATED_REVISION, modRevision: MIGRATED_REVISION, version: 1, lease: '0' };
    ops.push({ type: 'put', key, value: encodeStoredRecord(record) });
  }
  const revision = ops.length === 0 ? 0 : MIGRATED_REVISION;
  ops.push({ type: 'put', key: REVISION_KEY, value: encodeIndex(revision) });
  ops.push({ type: 'put', key: HISTORY_COMPACTED_KEY, value: encodeIndex(revision) });
  ops.push({ type: 'put', key: LAYOUT_KEY, value: encodeIndex(CURRENT_LAYOUT) });
  await db.batch(ops, { sync: true });
  if (ops.length > 3) logger.info({ keys: ops.length - 3, revision }, `migrated the database from layout ${layout} to ${CURRENT_LAYOUT}`);
}
