import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntryType, type Entry } from '../../../src/raft/types';

/** A fresh directory per test, removed by `cleanup()` (call it in afterEach). */
export function tempDirs(): { make(): Promise<string>; cleanup(): Promise<void> } {
  const dirs: string[] = [];
  return {
    async make() {
      const dir = await mkdtemp(join(tmpdir(), 'raftkv-test-'));
      dirs.push(dir);
      return dir;
    },
    async cleanup() {
      await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/** Entries `from`..`to` inclusive at `term`, each with data naming its index and term. */
export function entries(from: number, to: number, term: number): Entry[] {
  const out: Entry[] = [];
  for (let index = from; index <= to; index += 1) {
    out.push({ index, term, type: EntryType.Normal, data: Uint8Array.from(Buffer.from(`e${index}t${term}`)) });
  }
  return out;
}

/** Compares entries by value, whatever Uint8Array subclass the codec returned for data. */
export function plain(list: readonly Entry[]): Array<{ index: number; term: number; type: string; data: string }> {
  return list.map((e) => ({ index: e.index, term: e.term, type: e.type, data: Buffer.from(e.data).toString('hex') }));
}
