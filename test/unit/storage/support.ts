import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntryType, type Entry } from '../../../src/raft/types';
import type { KvData, KvReader, KvWrite } from '../../../src/storage/kv-data';
import type { RaftStore } from '../../../src/storage/raft-store';
import type { SnapshotStaging } from '../../../src/storage/snapshot-staging';
import type { SnapshotItem } from '../../../src/codec/snapshot-codec';

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

/** A state-machine write that changes nothing but the applied index (for storage tests of the log). */
export function emptyKvWrite(revision = 0): KvWrite {
  return { records: new Map(), leases: new Map(), leaseKeys: [], revision, events: [], compactRevision: 0, previousCompactRevision: 0 };
}

/**
 * A KvData over an empty store whose commits go to `commit`: for tests of
 * what the state machine writes rather than of the database.
 */
export function fakeKvData(commit: KvData['commit']): KvData {
  const reader: KvReader = {
    meta: () => Promise.resolve({ revision: 0, compactRevision: 0 }),
    getMany: (keys) => Promise.resolve(keys.map(() => undefined)),
    getWithRevision: () => Promise.resolve({ revision: 0 }),
    // eslint-disable-next-line require-yield
    scan: async function* () {
      return;
    },
    count: () => Promise.resolve(0),
    leaseKeys: () => Promise.resolve([]),
    history: () => Promise.resolve([]),
  };
  return {
    ...reader,
    appliedIndex: () => Promise.resolve(0),
    leases: () => Promise.resolve([]),
    alarms: () => Promise.resolve([]),
    authState: () => Promise.resolve(undefined),
    openView: () => Promise.resolve({ ...reader, close: () => Promise.resolve() }),
    commit,
  };
}

/** Stages `items` as a received snapshot, for RaftStore.installSnapshot. */
export async function stagedItems(store: RaftStore, items: readonly SnapshotItem[]): Promise<SnapshotStaging> {
  const staging = await store.stageSnapshot();
  await staging.add(items);
  return staging;
}
