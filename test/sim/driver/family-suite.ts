/**
 * One family of driver scenarios as a jest suite (one test file per family,
 * so jest runs the families on separate workers).
 *
 *   DRIVER_SCENARIOS=<n> npx jest test/sim/driver   n scenarios per family (default 350)
 *   DRIVER_SEED=<n> npx jest test/sim/driver/<family>   replay one scenario with its trace
 */
import { DRIVER_FIRST_SEED, familyOfSeed, runDriverScenario, type DriverFamily, type DriverRunResult } from './driver-scenario';

const CHUNK = 25;

/** `defaultCount`: scenarios when DRIVER_SCENARIOS is unset (the lease family's run seconds of virtual time each). */
export function driverFamilySuite(family: DriverFamily, defaultCount = 350): void {
  const replaySeed = process.env.DRIVER_SEED;
  if (replaySeed !== undefined) {
    if (familyOfSeed(Number(replaySeed)) !== family) return;
    describe(`replaying one driver scenario (${family})`, () => {
      it(`scenario DRIVER_SEED=${replaySeed} keeps every safety property and recovers once healed`, async () => {
        const result = await runDriverScenario(Number(replaySeed), { verbose: true });
        process.stdout.write(`seed ${replaySeed} passed: ${JSON.stringify(result)}\n`);
      }, 600_000);
    });
    return;
  }
  // DRIVER_<FAMILY>_SCENARIOS (e.g. DRIVER_LEASES_SCENARIOS) overrides DRIVER_SCENARIOS for one family.
  const perFamily = Number(process.env[`DRIVER_${family.toUpperCase()}_SCENARIOS`] ?? process.env.DRIVER_SCENARIOS ?? defaultCount);
  describe(`the production driver under the simulator: ${family}`, () => {
    const first = DRIVER_FIRST_SEED[family];
    const chunks: [number, number][] = [];
    for (let lo = first; lo < first + perFamily; lo += CHUNK) chunks.push([lo, Math.min(lo + CHUNK, first + perFamily) - 1]);
    const totals: DriverRunResult['stats'][] = [];
    const started = Date.now();
    // CPU time, not wall time, is what a scenario costs: the machine may be shared.
    let cpuMicros = 0;

    it.each(chunks)(
      'seeds %i–%i: no two leaders in a term, logs match, leaders are complete, replicas agree, answers are their own, acknowledged writes survive crashes, reads are linearizable, and the healed cluster converges',
      async (lo, hi) => {
        const cpu = process.cpuUsage();
        try {
          for (let seed = lo; seed <= hi; seed += 1) totals.push((await runDriverScenario(seed)).stats);
        } finally {
          const used = process.cpuUsage(cpu);
          cpuMicros += used.user + used.system;
        }
      },
      300_000,
    );

    afterAll(() => {
      const sum = (k: keyof DriverRunResult['stats']): number => totals.reduce((n, s) => n + s[k], 0);
      process.stdout.write(
        `driver sim ${family}: ${totals.length} scenarios in ${((Date.now() - started) / 1000).toFixed(1)} s (${(cpuMicros / 1000 / Math.max(1, totals.length)).toFixed(1)} ms CPU each), ${sum('writesAcked')} writes acknowledged (${sum('writesFailed')} failed), ${sum('readsOk')} linearizable reads, ` +
          `${sum('crashes')} crashes, ${sum('fatal')} nodes stopped by a failed sync, ${sum('snapshotsTaken')} snapshots taken, ${sum('snapshotsInstalled')} installed, ${sum('leaders')} leaderships, members ${sum('added')} added / ${sum('promoted')} promoted / ${sum('removed')} removed, leases ${sum('granted')} granted / ${sum('renewed')} renewed / ${sum('expired')} expired\n`,
      );
    });
  });
}
