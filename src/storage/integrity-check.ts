/**
 * A start-up read of every record of the database, so a data dir damaged
 * while the node was stopped (a truncated or garbled LevelDB table, a cut
 * MANIFEST) refuses to start, naming the file and the way back, instead of
 * starting and failing later on the keys that sit in the damaged table.
 * LevelDB checks every block it reads against its checksum, so a damaged
 * table is an error, never a wrong value. The read costs one pass over the
 * data: seconds for a database at the default 2 GiB quota.
 */
import { StorageError, errorMessage } from '../errors';
import type { Db } from './kv-reads';

/** What an operator does about a damaged data dir; said by every refusal. */
export function damagedDataDirAdvice(dataDir: string): string {
  return (
    `this node must not serve it. Recover as from a lost disk: stop the node, move ${dataDir} aside (keep it for inspection), ` +
    'and start the node again on an empty data dir: it has the cluster replace it and catches up from the leader ' +
    '(docs/operations.md, "Replace a node whose disk was lost"); for a single-member cluster, restore the last backup (raftkv restore)'
  );
}

/** Reads every key and value once; throws StorageError naming the damage and the recovery. */
export async function verifyReadable(db: Db, dataDir: string): Promise<{ records: number; durationMs: number }> {
  const started = Date.now();
  let records = 0;
  try {
    for await (const [key, value] of db.iterator({ fillCache: false })) {
      // Touch both: LevelDB decodes the block holding them, checking its checksum.
      if (key.byteLength + value.byteLength < 0) throw new Error('unreachable');
      records += 1;
    }
  } catch (err) {
    throw new StorageError(`the database in ${dataDir} is damaged (${causeOf(err)}); ${damagedDataDirAdvice(dataDir)}`, { cause: err });
  }
  return { records, durationMs: Date.now() - started };
}

/** classic-level puts LevelDB's own words (naming the file) in `cause`. */
function causeOf(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  return cause === undefined ? errorMessage(err) : `${errorMessage(err)}: ${errorMessage(cause)}`;
}

/** LevelDB table files in a database directory (read before opening it). */
export function tableFiles(names: readonly string[]): string[] {
  return names.filter((n) => /\.(ldb|sst)$/.test(n));
}

/**
 * A database that had tables before it was opened but holds no record at
 * all after: its MANIFEST lost track of them (a cut or garbled MANIFEST is read
 * up to the damage, and LevelDB then deletes the tables it no longer lists).
 * Started, it would look like a new node and bootstrap or join afresh over
 * data it once acknowledged; refused instead.
 */
export function assertNotEmptied(dataDir: string, tablesBefore: readonly string[], holdsRecords: boolean): void {
  if (tablesBefore.length === 0 || holdsRecords) return;
  throw new StorageError(
    `the database in ${dataDir} is damaged: it held LevelDB tables (${tablesBefore.join(', ')}) but its MANIFEST no longer lists any record; ${damagedDataDirAdvice(dataDir)}`,
  );
}
