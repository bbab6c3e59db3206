import { InvalidArgumentError, StorageError } from '../../../src/errors';
import { encodeCommand, type KvCommand } from '../../../src/kv/command';
import { KvStateMachine } from '../../../src/kv/state-machine';
import { EntryType, type Entry } from '../../../src/raft/types';
import { RaftStore } from '../../../src/storage/raft-store';
import { fakeKvData, tempDirs } from '../storage/support';

const put = (key: string, value: string): KvCommand => ({ op: 'put', key, value: Buffer.from(value) });
const del = (key: string): KvCommand => ({ op: 'delete', key });

/** Log entries from `from` on at `term`, one per command; `null` makes a leader no-op. */
function log(from: number, term: number, commands: Array<KvCommand | null>): Entry[] {
  return commands.map((c, i) => ({
    index: from + i,
    term,
    type: EntryType.Normal,
    data: c === null ? new Uint8Array(0) : encodeCommand(c),
  }));
}

describe('KvStateMachine', () => {
  const dirs = tempDirs();
  const stores: RaftStore[] = [];
  async function openStore(dir?: string): Promise<RaftStore> {
    const store = await RaftStore.open(dir ?? (await dirs.make()));
    stores.push(store);
    return store;
  }
  async function text(machine: KvStateMachine, key: string): Promise<string | undefined> {
    const value = await machine.get(key);
    return value === undefined ? undefined : Buffer.from(value).toString();
  }
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await dirs.cleanup();
  });

  it('starts at applied index 0 and applies puts, returning index and term', async () => {
    const machine = new KvStateMachine(await openStore());
    expect(await machine.appliedIndex()).toBe(0);
    const results = await machine.apply(log(1, 2, [put('a', '1'), put('b', '2')]));
    expect(results).toEqual([
      { index: 1, term: 2, result: { found: false, revision: 1 } },
      { index: 2, term: 2, result: { found: false, revision: 2 } },
    ]);
    expect(await text(machine, 'a')).toBe('1');
    expect(await text(machine, 'b')).toBe('2');
    expect(await text(machine, 'c')).toBeUndefined();
    expect(await machine.appliedIndex()).toBe(2);
  });

  it("a delete's found sees the earlier puts and deletes of its own batch and of earlier ones", async () => {
    const machine = new KvStateMachine(await openStore());
    await machine.apply(log(1, 1, [put('old', 'x')]));
    const results = await machine.apply(
      log(2, 1, [put('a', '1'), del('a'), del('a'), del('missing'), del('old'), del('old'), put('old', 'y'), del('b'), put('b', '2')]),
    );
    expect(results.map((r) => r.result?.found)).toEqual([false, true, false, false, true, false, false, false, false]);
    expect(await text(machine, 'a')).toBeUndefined();
    expect(await text(machine, 'old')).toBe('y');
    expect(await text(machine, 'b')).toBe('2');
  });

  it('skips leader no-ops and ConfChange entries but moves the applied index past them', async () => {
    const machine = new KvStateMachine(await openStore());
    const cc: Entry = { index: 2, term: 1, type: EntryType.ConfChange, data: Uint8Array.of(1, 2, 3) };
    const results = await machine.apply([...log(1, 1, [null]), cc, ...log(3, 1, [put('k', 'v')])]);
    expect(results).toEqual([
      { index: 1, term: 1, result: undefined },
      { index: 2, term: 1, result: undefined },
      { index: 3, term: 1, result: { found: false, revision: 1 } },
    ]);
    expect(await machine.appliedIndex()).toBe(3);
  });

  it('re-applying entries at or below the applied index changes nothing (replay after restart)', async () => {
    let store = await openStore();
    let machine = new KvStateMachine(store);
    const first = log(1, 1, [put('a', '1'), del('a')]);
    await machine.apply(first);

    await store.close();
    store = await openStore(store.dataDir);
    machine = new KvStateMachine(store);
    expect(await machine.appliedIndex()).toBe(2);
    // The driver replays from the start of the log: only entry 3 is new.
    const results = await machine.apply([...first, ...log(3, 2, [put('b', '3')])]);
    // a put (1), a delete (2), then b: revision 3.
    expect(results).toEqual([{ index: 3, term: 2, result: { found: false, revision: 3 } }]);
    expect(await text(machine, 'a')).toBeUndefined();
    expect(await text(machine, 'b')).toBe('3');
    expect(await machine.apply(first)).toEqual([]);
    expect(await machine.appliedIndex()).toBe(3);
  });

  it('a malformed command becomes an error result without stopping the entries after it', async () => {
    const warnings: object[] = [];
    const logger = { debug: () => undefined, info: () => undefined, warn: (obj: object) => void warnings.push(obj), error: () => undefined };
    const machine = new KvStateMachine(await openStore(), logger);
    const garbage: Entry = { index: 1, term: 1, type: EntryType.Normal, data: Uint8Array.of(0x0a, 0x05, 0x01) };
    const results = await machine.apply([garbage, ...log(2, 1, [put('k', 'v')])]);
    expect(results[0]).toMatchObject({ index: 1, term: 1, result: undefined });
    expect(results[0]?.error).toBeInstanceOf(InvalidArgumentError);
    expect(results[0]?.error?.message).toMatch(/entry 1 does not hold a valid command/);
    expect(results[1]).toEqual({ index: 2, term: 1, result: { found: false, revision: 1 } });
    expect(await machine.appliedIndex()).toBe(2);
    expect(warnings).toEqual([expect.objectContaining({ index: 1, term: 1 })]);
  });

  it('refuses entries that do not follow the applied index', async () => {
    const machine = new KvStateMachine(await openStore());
    await expect(machine.apply(log(2, 1, [put('k', 'v')]))).rejects.toThrow(StorageError);
    expect(await machine.appliedIndex()).toBe(0);
    expect(await machine.get('k')).toBeUndefined();
  });

  it('writes the changes and the applied index in one commit, and stays put when it fails', async () => {
    const commits: Array<{ changes: number; applied: number; revision: number }> = [];
    let fail = false;
    const data = fakeKvData((write, applied) => {
      if (fail) return Promise.reject(new StorageError('disk full'));
      commits.push({ changes: write.records.size, applied, revision: write.revision });
      return Promise.resolve();
    });
    const machine = new KvStateMachine({ kvData: () => data });
    await machine.apply(log(1, 1, [put('a', '1'), put('b', '2'), null]));
    expect(commits).toEqual([{ changes: 2, applied: 3, revision: 2 }]);
    fail = true;
    await expect(machine.apply(log(4, 1, [put('c', '3')]))).rejects.toThrow('disk full');
    expect(await machine.appliedIndex()).toBe(3);
    expect(machine.revision()).toBe(2);
  });

  it('serialises overlapping apply calls in call order', async () => {
    const machine = new KvStateMachine(await openStore());
    const [a, b] = await Promise.all([machine.apply(log(1, 1, [put('k', 'v')])), machine.apply(log(2, 1, [del('k')]))]);
    expect(a[0]?.result).toEqual({ found: false, revision: 1 });
    expect(b[0]?.result).toEqual({ found: true, revision: 2 });
  });
});
