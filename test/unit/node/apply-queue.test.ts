import { ApplyQueue } from '../../../src/node/apply-queue';
import { EntryType, type Entry } from '../../../src/raft/types';

const batch = (...indexes: number[]): Entry[] => indexes.map((index) => ({ index, term: 1, type: EntryType.Normal, data: new Uint8Array() }));

/** A worker whose batches finish only when the test says so. */
function gatedWorker(): { apply: (entries: readonly Entry[]) => Promise<void>; applied: number[]; release: () => void; started: () => number } {
  const applied: number[] = [];
  const gates: (() => void)[] = [];
  let started = 0;
  return {
    applied,
    started: () => started,
    release: () => gates.shift()?.(),
    apply: (entries) =>
      new Promise<void>((resolve) => {
        started += 1;
        gates.push(() => {
          applied.push(...entries.map((e) => e.index));
          resolve();
        });
      }),
  };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('ApplyQueue', () => {
  it('applies batches one at a time, in the order handed over', async () => {
    const w = gatedWorker();
    const q = new ApplyQueue(w.apply);
    const done = [q.enqueue(batch(1, 2)), q.enqueue(batch(3)), q.enqueue(batch(4, 5))];
    await tick();
    expect(w.started()).toBe(1);
    w.release();
    await done[0];
    await tick();
    expect(w.started()).toBe(2);
    w.release();
    await tick();
    w.release();
    await Promise.all(done);
    expect(w.applied).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets the Ready loop go on while at most two batches wait behind the one applying, then holds it', async () => {
    const w = gatedWorker();
    const q = new ApplyQueue(w.apply);
    for (const i of [1, 2, 3]) void q.enqueue(batch(i));
    await q.room(); // one applying, two waiting: room
    void q.enqueue(batch(4));
    let roomy = false;
    const room = q.room().then(() => (roomy = true));
    await tick();
    expect(roomy).toBe(false);
    w.release(); // batch 1 done: three left, one applying and two waiting
    await room;
    expect(roomy).toBe(true);
    for (let i = 0; i < 3; i += 1) {
      await tick();
      w.release();
    }
    await q.idle();
    expect(w.applied).toEqual([1, 2, 3, 4]);
  });

  it('idle() waits for every batch handed over so far (a snapshot waits for it)', async () => {
    const w = gatedWorker();
    const q = new ApplyQueue(w.apply);
    void q.enqueue(batch(1));
    void q.enqueue(batch(2));
    let idle = false;
    const waiting = q.idle().then(() => (idle = true));
    await tick();
    w.release();
    await tick();
    expect(idle).toBe(false);
    w.release();
    await waiting;
    expect(w.applied).toEqual([1, 2]);
  });
});
