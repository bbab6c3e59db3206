import { ClassicLevel } from 'classic-level';
import { join } from 'node:path';
import { KvStateMachine } from '../../../src/kv/state-machine';
import { encodeCommand } from '../../../src/kv/command';
import { EntryType, type Entry } from '../../../src/raft/types';
import { RaftStore } from '../../../src/storage/raft-store';
import { INSTALL_MARKER_KEY, STAGING_RANGE } from '../../../src/storage/keys';
import { SWAP_STEPS, type SwapStep } from '../../../src/storage/snapshot-swap';
import type { SnapshotItem } from '../../../src/codec/snapshot-codec';
import { stagedItems, tempDirs } from './support';

const conf = { voters: ['n1', 'n2', 'n3'], learners: [] };
const member = (port: number) => ({ peerAddress: `127.0.0.1:${port}`, clientAddress: '', autoPromote: false });
const put = (index: number, key: string, value: string): Entry => ({ index, term: 2, type: EntryType.Normal, data: encodeCommand({ op: 'put', key, value: Buffer.from(value) }) });
const record = (key: string, value: string, revision: number): SnapshotItem => ({ record: { key, value: Buffer.from(value), createRevision: revision, modRevision: revision, version: 1, lease: '0' } });

const OLD_KEYS = 30;
const NEW_KEYS = 500;
const NEW_META = { index: 100, term: 5, confState: { voters: ['n1', 'n2'], learners: ['n4'] } };

/** What a user would check of a data dir: its keys, applied index, configuration, address book and log. */
async function observe(store: RaftStore): Promise<{ keys: string[]; applied: number; snapshotIndex: number; commit: number; voters: readonly string[]; members: string[]; logLength: number }> {
  const read = await store.openSnapshotRead();
  const keys: string[] = [];
  try {
    for await (const item of read.items) if ('record' in item) keys.push(`${item.record.key}=${Buffer.from(item.record.value).toString()}`);
  } finally {
    await read.close();
  }
  const loaded = await store.load();
  const membership = await store.loadMembership();
  return {
    keys: keys.sort(),
    applied: read.metadata.index,
    snapshotIndex: loaded.snapshot?.index ?? 0,
    commit: loaded.hardState.commit,
    voters: read.metadata.confState.voters,
    members: [...membership.members.keys()].sort(),
    logLength: loaded.entries.length,
  };
}

/** Keys of the staging area and the install marker, read from the closed data dir directly. */
async function leftovers(dir: string): Promise<{ staged: number; marker: boolean }> {
  const db = new ClassicLevel<Uint8Array, Uint8Array>(join(dir, 'db'), { keyEncoding: 'view', valueEncoding: 'view' });
  await db.open();
  try {
    return { staged: (await db.keys(STAGING_RANGE).all()).length, marker: (await db.get(INSTALL_MARKER_KEY)) !== undefined };
  } finally {
    await db.close();
  }
}

describe('swapping a staged snapshot in, across crashes', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  /** A follower with OLD_KEYS keys applied from its log, and a staged snapshot of NEW_KEYS others. */
  async function followerWithStagedSnapshot(): Promise<{ dir: string; store: RaftStore; items: SnapshotItem[] }> {
    const dir = await dirs.make();
    const store = await RaftStore.open(dir);
    await store.save({ snapshot: { index: 0, term: 0, confState: conf }, entries: [], members: new Map([['n1', member(1)], ['n3', member(3)]]) }, true);
    const log = Array.from({ length: OLD_KEYS }, (_, i) => put(i + 1, `old-${i}`, 'o'));
    await store.save({ entries: log, hardState: { term: 2, vote: 'n1', commit: OLD_KEYS } }, true);
    await new KvStateMachine(store).apply(log);
    const items = Array.from({ length: NEW_KEYS }, (_, i) => record(`new-${String(i).padStart(4, '0')}`, 'n'.repeat(1000), i + 1));
    return { dir, store, items };
  }

  const oldState = {
    keys: Array.from({ length: OLD_KEYS }, (_, i) => `old-${i}=o`).sort(),
    applied: OLD_KEYS,
    snapshotIndex: 0,
    commit: OLD_KEYS,
    voters: conf.voters,
    members: ['n1', 'n3'],
    logLength: OLD_KEYS,
  };
  const newState = {
    keys: Array.from({ length: NEW_KEYS }, (_, i) => `new-${String(i).padStart(4, '0')}=${'n'.repeat(1000)}`),
    applied: NEW_META.index,
    snapshotIndex: NEW_META.index,
    // A restart must not find the adopted snapshot above the commit index (the Ready's own hard state may not have been saved).
    commit: NEW_META.index,
    voters: NEW_META.confState.voters,
    members: ['n1', 'n2'],
    logLength: 0,
  };

  it.each(SWAP_STEPS.map((step) => [step]))('a crash just before the %s step leaves the old state or the new whole, and the node goes on', async (crashAt: SwapStep) => {
    const { dir, store, items } = await followerWithStagedSnapshot();
    const staging = await stagedItems(store, items);
    const members = new Map([['n1', member(11)], ['n2', member(12)]]);
    const crash = (step: SwapStep): void => {
      if (step === crashAt) throw new Error(`simulated crash before ${step}`);
    };
    await expect(store.installSnapshot({ metadata: NEW_META, members, revision: NEW_KEYS, staging }, crash)).rejects.toThrow(/simulated crash/);
    // The store is unusable after a failed write, as after a crash: restart.
    await expect(store.load()).rejects.toThrow(/restart the node/);
    await store.close();

    const reopened = await RaftStore.open(dir);
    try {
      const expected = crashAt === 'marker' ? oldState : newState;
      expect(await observe(reopened)).toEqual(expected);
      // The node goes on from there: the next entry applies and reads back.
      const next = put(expected.applied + 1, 'after', 'yes');
      await reopened.save({ entries: [next] }, true);
      const sm = new KvStateMachine(reopened);
      await sm.apply([next]);
      expect(Buffer.from((await sm.get('after'))!).toString()).toBe('yes');
      expect(sm.revision()).toBe(crashAt === 'marker' ? OLD_KEYS + 1 : NEW_KEYS + 1);
    } finally {
      await reopened.close();
    }
    expect(await leftovers(dir)).toEqual({ staged: 0, marker: false });
  });

  it('drops a staged snapshot a restart finds without its marker (a transfer cut short), keeping the old state', async () => {
    const { dir, store, items } = await followerWithStagedSnapshot();
    await stagedItems(store, items);
    await store.close();
    expect((await leftovers(dir)).staged).toBe(NEW_KEYS);

    const reopened = await RaftStore.open(dir);
    try {
      expect(await observe(reopened)).toEqual(oldState);
    } finally {
      await reopened.close();
    }
    expect(await leftovers(dir)).toEqual({ staged: 0, marker: false });
  });

  it('refuses a stream that repeats a key or leaves key order, naming the field', async () => {
    const { store } = await followerWithStagedSnapshot();
    try {
      const staging = await store.stageSnapshot();
      await staging.add([record('a', '1', 1), record('b', '2', 2)]);
      await expect(staging.add([record('b', '3', 3)])).rejects.toThrow(/KeyValue\.key.*strictly increasing key order/);
      await expect(staging.add([record('a0', '3', 3)])).rejects.toThrow(/KeyValue\.key/);
      await staging.add([record('c', '3', 3)]);
      expect(staging.totals().records).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('makes reads that start during the swap wait for its end', async () => {
    const { store, items } = await followerWithStagedSnapshot();
    try {
      const staging = await stagedItems(store, items);
      const sm = new KvStateMachine(store);
      let read: Promise<unknown> | undefined;
      const install = store.installSnapshot({ metadata: NEW_META, members: new Map([['n1', member(1)]]), revision: NEW_KEYS, staging }, (step) => {
        // Asked as the swap begins deleting: answered only once the new state is whole.
        if (step === 'clear') read = sm.get('old-1').then((v) => (v === undefined ? 'absent' : 'present'));
      });
      await install;
      await expect(read).resolves.toBe('absent');
      expect(Buffer.from((await sm.get('new-0001'))!).toString()).toBe('n'.repeat(1000));
    } finally {
      await store.close();
    }
  });
});
