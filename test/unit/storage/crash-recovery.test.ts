import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { KvStateMachine } from '../../../src/kv/state-machine';
import { RaftStore } from '../../../src/storage/raft-store';
import { tempDirs } from './support';

const FIXTURE = join(__dirname, 'fixtures', 'crash-writer.ts');
const KILL_AFTER_SYNCED = 40; // batches acknowledged before the kill

/** Resolves with the highest acknowledged index once `count` batches were acknowledged. */
function waitForSynced(child: ChildProcess, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    let highest = 0;
    const onMessage = (msg: unknown): void => {
      if (typeof msg !== 'object' || msg === null || !('synced' in msg) || typeof msg.synced !== 'number') return;
      seen += 1;
      highest = Math.max(highest, msg.synced);
      if (seen === count) {
        child.off('exit', onExit);
        resolve(highest);
      }
    };
    const onExit = (code: number | null): void => reject(new Error(`writer exited early with code ${String(code)}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

describe('crash recovery', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  it('after SIGKILL every batch whose synced write resolved is back, and applied data matches the applied index', async () => {
    const dataDir = await dirs.make();
    const child = fork(FIXTURE, [dataDir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let acknowledged: number;
    try {
      acknowledged = await waitForSynced(child, KILL_AFTER_SYNCED);
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');

    const store = await RaftStore.open(dataDir);
    try {
      const { hardState, entries } = await store.load();
      // load() already checks the log is contiguous from 1; more may have landed than was acknowledged.
      expect(entries.length).toBeGreaterThanOrEqual(acknowledged);
      expect(store.lastIndex()).toBe(entries.length);
      expect(hardState.commit).toBeGreaterThanOrEqual(acknowledged);

      const machine = new KvStateMachine(store);
      const applied = await machine.appliedIndex();
      expect(applied).toBeLessThanOrEqual(entries.length);
      // The applied index moved atomically with the data: every key up to it, none after.
      for (let index = 1; index <= entries.length; index += 1) {
        const value = await machine.get(`k${index}`);
        expect([index, value === undefined ? undefined : Buffer.from(value).toString()]).toEqual([index, index <= applied ? `v${index}` : undefined]);
      }
      // Replaying the log resumes where applying stopped.
      const results = await machine.apply(entries);
      expect(results.map((r) => r.index)).toEqual(entries.slice(applied).map((e) => e.index));
      expect(await machine.appliedIndex()).toBe(entries.length);
    } finally {
      await store.close();
    }
  }, 30_000);
});
