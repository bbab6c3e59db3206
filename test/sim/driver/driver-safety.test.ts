/**
 * The production driver (src/node) under the simulator: real RaftNode,
 * RaftStore and KvStateMachine over in-memory disks with crash semantics,
 * InmemTransport with seeded link faults, jest's fake clock. See
 * driver-cluster.ts for what is checked.
 *
 *   DRIVER_SCENARIOS=<n> npx jest test/sim/driver   n scenarios per family (default 350)
 *   DRIVER_SEED=<n> npx jest test/sim/driver        replay one scenario with its trace
 */
import { DRIVER_FAMILIES, DRIVER_FIRST_SEED, runDriverScenario, type DriverRunResult } from './driver-scenario';

const replaySeed = process.env.DRIVER_SEED;
const perFamily = Number(process.env.DRIVER_SCENARIOS ?? 350);
const CHUNK = 25;

if (replaySeed !== undefined) {
  describe('replaying one driver scenario', () => {
    it(`scenario DRIVER_SEED=${replaySeed} keeps every safety property and recovers once healed`, async () => {
      const result = await runDriverScenario(Number(replaySeed), { verbose: true });
      process.stdout.write(`seed ${replaySeed} passed: ${JSON.stringify(result)}\n`);
    }, 600_000);
  });
} else {
  describe.each(DRIVER_FAMILIES)('the production driver under the simulator: %s', (family) => {
    const first = DRIVER_FIRST_SEED[family];
    const chunks: [number, number][] = [];
    for (let lo = first; lo < first + perFamily; lo += CHUNK) chunks.push([lo, Math.min(lo + CHUNK, first + perFamily) - 1]);
    const totals: DriverRunResult['stats'][] = [];

    it.each(chunks)(
      'seeds %i–%i: no two leaders in a term, logs match, leaders are complete, replicas agree, acknowledged writes survive crashes, reads are linearizable, and the healed cluster converges',
      async (lo, hi) => {
        for (let seed = lo; seed <= hi; seed += 1) totals.push((await runDriverScenario(seed)).stats);
      },
      300_000,
    );

    afterAll(() => {
      const sum = (k: keyof DriverRunResult['stats']): number => totals.reduce((n, s) => n + s[k], 0);
      process.stdout.write(
        `driver sim ${family}: ${totals.length} scenarios, ${sum('writesAcked')} writes acknowledged (${sum('writesFailed')} failed), ${sum('readsOk')} linearizable reads, ` +
          `${sum('crashes')} crashes, ${sum('fatal')} nodes stopped by a failed sync, ${sum('snapshotsTaken')} snapshots taken, ${sum('snapshotsInstalled')} installed, ${sum('leaders')} leaderships\n`,
      );
    });
  });
}
