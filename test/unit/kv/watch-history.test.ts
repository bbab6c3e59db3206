import { ClassicLevel } from 'classic-level';
import { join } from 'node:path';
import { CompactedError } from '../../../src/errors';
import { HISTORY_RANGE, historyKey } from '../../../src/storage/keys';
import { encodeCommand } from '../../../src/kv/command';
import type { WatchEvent } from '../../../src/kv/records';
import { EntryType, type Entry } from '../../../src/raft/types';
import type { AppliedBatch } from '../../../src/watch/watch-source';
import { deleteOp, grantCmd, harnesses, legacyPut, putOp, revokeCmd, txn, txnCmd } from './support';

const describeEvent = (e: WatchEvent): string =>
  `${e.revision} ${e.type} ${e.kv.key}=${Buffer.from(e.kv.value).toString()}${e.prevKv ? ` (was ${Buffer.from(e.prevKv.value).toString()}@${e.prevKv.modRevision})` : ''}`;

describe('KvStateMachine as a WatchSource', () => {
  const hs = harnesses();
  afterEach(() => hs.cleanup());

  it('publishes each batch once on disk, events in revision order with their previous values', async () => {
    const h = await hs.make();
    const batches: AppliedBatch[] = [];
    h.machine.onApplied((b) => {
      batches.push(b);
    });
    await h.apply(legacyPut('a', '1'), txnCmd(txn([putOp('b', '1'), putOp('a', '2')])), txnCmd(txn([deleteOp('', { prefix: true })])));
    await h.apply(txnCmd(txn([deleteOp('missing')])));
    expect(batches.map((b) => b.revision)).toEqual([3, 3]);
    expect(batches[0]?.events.map(describeEvent)).toEqual([
      '1 put a=1',
      '2 put b=1',
      '2 put a=2 (was 1@1)',
      '3 delete a= (was 2@2)',
      '3 delete b= (was 1@2)',
    ]);
    expect(batches[1]?.events).toEqual([]);
    // A delete event's kv has the key and the delete's revision only.
    expect(batches[0]?.events[3]?.kv).toMatchObject({ key: 'a', modRevision: 3, createRevision: 0, version: 0 });
  });

  it('keeps the history: readHistory returns events in a revision window, never splitting a revision', async () => {
    const h = await hs.make();
    await h.apply(txnCmd(txn([putOp('a', 'x'.repeat(100)), putOp('b', 'y'.repeat(100))])), legacyPut('c', '1'), legacyPut('d', '1'));
    expect((await h.machine.readHistory(1, 3, 1_000_000)).map((e) => `${e.revision}${e.kv.key}`)).toEqual(['1a', '1b', '2c', '3d']);
    expect((await h.machine.readHistory(2, 2, 1_000_000)).map((e) => e.kv.key)).toEqual(['c']);
    // A byte budget stops after the revision that passes it, whole.
    expect((await h.machine.readHistory(1, 3, 10)).map((e) => e.kv.key)).toEqual(['a', 'b']);
    // Past the current revision: nothing more.
    expect(await h.machine.readHistory(4, 100, 1_000_000)).toEqual([]);
    expect(h.machine.compactRevision()).toBe(0);
  });

  it('retains the last N revisions, compacting in the apply batch; older starts are compacted', async () => {
    let h = await hs.make({ historyRevisions: 3 });
    for (let i = 1; i <= 5; i += 1) await h.one(legacyPut(`k${i}`, String(i)));
    expect(h.machine.revision()).toBe(5);
    expect(h.machine.compactRevision()).toBe(2);
    expect((await h.machine.readHistory(3, 5, 1_000_000)).map((e) => e.revision)).toEqual([3, 4, 5]);
    await expect(h.machine.readHistory(2, 5, 1_000_000)).rejects.toThrow(CompactedError);
    await expect(h.machine.readHistory(1, 5, 1_000_000)).rejects.toMatchObject({ requestedRevision: 1, compactRevision: 2 });
    // The history and its bounds survive a restart.
    h = await h.restart();
    await h.machine.appliedIndex();
    expect(h.machine.compactRevision()).toBe(2);
    expect((await h.machine.readHistory(3, 5, 1_000_000)).map((e) => e.kv.key)).toEqual(['k3', 'k4', 'k5']);
  });

  it('trims a long window in steps of 1/32 of it, never keeping fewer than N revisions', async () => {
    const h = await hs.make({ historyRevisions: 64 });
    const seen = new Set<number>();
    for (let i = 1; i <= 100; i += 1) {
      await h.one(legacyPut(`k${i}`, String(i)));
      const compacted = h.machine.compactRevision();
      seen.add(compacted);
      // At least the last 64 revisions, at most 64 + 2 (a step is floor(64 / 32) = 2 revisions past due).
      expect(h.machine.revision() - compacted).toBeGreaterThanOrEqual(Math.min(64, h.machine.revision()));
      expect(h.machine.revision() - compacted).toBeLessThanOrEqual(64 + 2);
    }
    // Trimmed every third revision rather than on every write.
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36]);
  });

  it('compaction deletes the dropped revisions from disk, batch after batch', async () => {
    const dir = await hs.dir();
    const h = await hs.make({ historyRevisions: 3 }, dir);
    for (let i = 1; i <= 6; i += 1) await h.one(txnCmd(txn([putOp(`k${i}`, '1'), putOp(`j${i}`, '1')])));
    await h.apply(legacyPut('k7', '1'), legacyPut('k8', '1'));
    await h.store.close();
    const db = new ClassicLevel<Uint8Array, Uint8Array>(join(dir, 'db'), { keyEncoding: 'view', valueEncoding: 'view' });
    try {
      const keys = await db.keys(HISTORY_RANGE).all();
      // Revisions 6, 7 and 8 remain: two events at 6, one each at 7 and 8.
      const hex = (k: Uint8Array): string => Buffer.from(k).toString('hex');
      expect(keys.map(hex)).toEqual([historyKey(6, 0), historyKey(6, 1), historyKey(7, 0), historyKey(8, 0)].map(hex));
    } finally {
      await db.close();
    }
  });

  it('a lease revoke publishes the deletes of its keys at one revision', async () => {
    const h = await hs.make();
    const events: string[] = [];
    h.machine.onApplied((b) => events.push(...b.events.map(describeEvent)));
    await h.apply(grantCmd('1'), txnCmd(txn([putOp('a', '1', { lease: '1' }), putOp('b', '1', { lease: '1' })])));
    await h.apply(revokeCmd('1', true));
    expect(events).toEqual(['1 put a=1', '1 put b=1', '2 delete a= (was 1@1)', '2 delete b= (was 1@1)']);
  });

  it('exclusive() runs between batches: the revision does not move during it', async () => {
    const h = await hs.make();
    await h.one(legacyPut('a', '1'));
    const entry = (index: number, key: string): Entry => ({ index, term: 1, type: EntryType.Normal, data: encodeCommand(legacyPut(key, '1')) });
    let during: number[] = [];
    const apply = h.machine.apply([entry(2, 'b')]);
    const excl = h.machine.exclusive(async () => {
      during = [h.machine.revision()];
      await new Promise((r) => setTimeout(r, 20));
      during.push(h.machine.revision());
      return 'done';
    });
    const later = h.machine.apply([entry(3, 'c')]);
    await Promise.all([apply, later]);
    expect(await excl).toBe('done');
    expect(during).toEqual([2, 2]);
    expect(h.machine.revision()).toBe(3);
  });

  it('a listener that throws does not stop the others or the apply', async () => {
    const h = await hs.make();
    const seen: number[] = [];
    h.machine.onApplied(() => {
      throw new Error('boom');
    });
    const off = h.machine.onApplied((b) => seen.push(b.revision));
    await h.one(legacyPut('a', '1'));
    off();
    await h.one(legacyPut('a', '2'));
    expect(seen).toEqual([1]);
  });
});
