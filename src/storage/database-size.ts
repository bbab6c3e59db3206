/**
 * The database's size on disk: every file of the LevelDB directory (tables,
 * write-ahead log, manifest), what a full disk or --quota-backend-bytes
 * counts. LevelDB's own approximateSize sees only flushed tables, so a
 * quota on it would let the write-ahead log grow unseen.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function databaseBytes(dataDir: string): Promise<number> {
  const dir = join(dataDir, 'db');
  let total = 0;
  for (const name of await readdir(dir)) {
    try {
      total += (await stat(join(dir, name))).size;
    } catch {
      // LevelDB deletes obsolete files while we list: a file gone is not counted.
    }
  }
  return total;
}
