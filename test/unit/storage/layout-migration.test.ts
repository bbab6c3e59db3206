import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { KvStateMachine } from '../../../src/kv/state-machine';
import { keyRangeOf } from '../../../src/kv/key-range';
import { CURRENT_LAYOUT, LAYOUT_KEY, decodeIndex, encodeIndex } from '../../../src/storage/keys';
import { RaftStore } from '../../../src/storage/raft-store';
import { StorageError } from '../../../src/errors';
import { EntryType } from '../../../src/raft/types';
import { encodeCommand } from '../../../src/kv/command';
import { tempDirs } from './support';

const FIXTURE = join(__dirname, 'fixtures', 'v0.1-datadir');
const everything = keyRangeOf({ key: '', range_end: '', prefix: true });
const all = { limit: 0, keysOnly: false, countOnly: false, maxBytes: 0 };

describe('opening a data dir written by v0.1', () => {
  const dirs = tempDirs();
  const stores: RaftStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await dirs.cleanup();
  });
  async function copyOfFixture(): Promise<string> {
    const dir = await dirs.make();
    await cp(FIXTURE, dir, { recursive: true });
    return dir;
  }
  async function open(dir: string): Promise<{ store: RaftStore; machine: KvStateMachine }> {
    const store = await RaftStore.open(dir);
    stores.push(store);
    return { store, machine: new KvStateMachine(store) };
  }

  it('migrates raw values into records at revision 1, keeping the log, identity and membership', async () => {
    const dir = await copyOfFixture();
    const { store, machine } = await open(dir);
    expect(await machine.appliedIndex()).toBe(10);
    expect(machine.revision()).toBe(1);
    expect(machine.compactRevision()).toBe(1);
    const page = await machine.range(everything, all);
    expect(page.revision).toBe(1);
    expect(page.kvs.map((kv) => [kv.key, Buffer.from(kv.value).toString('hex'), kv.createRevision, kv.modRevision, kv.version, kv.lease])).toEqual([
      ['alpha', Buffer.from('uno').toString('hex'), 1, 1, 1, '0'],
      ['beta', Buffer.from('two').toString('hex'), 1, 1, 1, '0'],
      ['bin', '000102ff', 1, 1, 1, '0'],
      ['empty', '', 1, 1, 1, '0'],
      ['\uFFFFbmp', Buffer.from('bmp-max').toString('hex'), 1, 1, 1, '0'],
      ['\u{1F600}smile', Buffer.from('astral').toString('hex'), 1, 1, 1, '0'],
    ]);
    expect(await store.identity()).toMatchObject({ clusterId: 'fixture-cluster', nodeId: 'n1' });
    expect((await store.loadMembership()).members.get('n1')?.peerAddress).toBe('127.0.0.1:7001');
    const log = await store.load();
    expect(log.entries.map((e) => e.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(log.hardState).toEqual({ term: 1, vote: 'n1', commit: 10 });

    // Applying continues from there: the next change is revision 2.
    const next = await machine.apply([{ index: 11, term: 1, type: EntryType.Normal, data: encodeCommand({ op: 'put', key: 'alpha', value: Buffer.from('dos') }) }]);
    expect(next[0]?.result).toEqual({ found: false, revision: 2 });
    expect((await machine.getRecord('alpha')).kv).toMatchObject({ createRevision: 1, modRevision: 2, version: 2 });
  });

  it('migrates once: a second open leaves the migrated records alone', async () => {
    const dir = await copyOfFixture();
    const first = await open(dir);
    await first.machine.apply([{ index: 11, term: 1, type: EntryType.Normal, data: encodeCommand({ op: 'put', key: 'beta', value: Buffer.from('deux') }) }]);
    await first.store.close();
    const { machine } = await open(dir);
    expect(machine.revision()).toBe(0); // not loaded yet
    expect(await machine.appliedIndex()).toBe(11);
    expect(machine.revision()).toBe(2);
    expect((await machine.getRecord('beta')).kv).toMatchObject({ value: expect.anything(), modRevision: 2, version: 2 });
    expect(Buffer.from((await machine.get('alpha'))!).toString()).toBe('uno');
  });

  it('a fresh data dir gets the current layout; a layout from a newer raftkv is refused', async () => {
    const dir = await dirs.make();
    const { store } = await open(dir);
    await store.close();
    const db = new ClassicLevel<Uint8Array, Uint8Array>(join(dir, 'db'), { keyEncoding: 'view', valueEncoding: 'view' });
    expect(decodeIndex((await db.get(LAYOUT_KEY))!)).toBe(CURRENT_LAYOUT);
    await db.put(LAYOUT_KEY, encodeIndex(CURRENT_LAYOUT + 1));
    await db.close();
    await expect(RaftStore.open(dir)).rejects.toThrow(StorageError);
    await expect(RaftStore.open(dir)).rejects.toThrow(/newer raftkv/);
  });
});
