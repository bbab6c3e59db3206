/** Bytes a directory's files take (not recursive: LevelDB keeps its files in one directory). */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function directoryBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true });
  const sizes = await Promise.all(
    entries.filter((e) => e.isFile()).map(async (e) => {
      try {
        return (await stat(join(dir, e.name))).size;
      } catch {
        // LevelDB removed it between the listing and the stat (a compaction): it takes nothing now.
        return 0;
      }
    }),
  );
  return sizes.reduce((a, b) => a + b, 0);
}
