/**
 * The simulation tier (DESIGN.md §4): many Raft cores in one process over a
 * simulated network, driven by a seeded fuzzer through drops, duplicates,
 * reordering, partitions, crashes and restarts, with Figure 3's safety
 * properties checked after every step and liveness checked once faults stop.
 *
 *   SIM_SCENARIOS=<n> npx jest test/sim    run n scenarios (default 1000)
 *   SEED=<n> npx jest test/sim             replay one scenario with a step trace
 */
import { runScenario } from './support/fuzzer';
import { FIRST_SEED, ScenarioFamily, scenarioForSeed } from './support/scenario';
import { describeSummary, emptySummary, runSeeds } from './support/seed-runner';

const replaySeed = process.env.SEED;
const scenarios = Number(process.env.SIM_SCENARIOS ?? 1000);
const CHUNK = 100;

if (replaySeed !== undefined) {
  describe('replaying one seeded scenario', () => {
    it(`scenario SEED=${replaySeed} keeps every safety property and recovers once healed`, () => {
      const seed = Number(replaySeed);
      if (!Number.isSafeInteger(seed)) throw new Error(`SEED must be an integer, got ${JSON.stringify(replaySeed)}`);
      const result = runScenario(scenarioForSeed(seed), { verbose: true });
      process.stdout.write(`seed ${seed} passed: ${JSON.stringify(result)}\n`);
    });
  });
} else {
  describe('a cluster under random faults (seeded, Raft paper Figure 3)', () => {
    const summary = emptySummary();
    const started = Date.now();
    const first = FIRST_SEED[ScenarioFamily.Core];
    const chunks: [number, number][] = [];
    for (let lo = first; lo < first + scenarios; lo += CHUNK) chunks.push([lo, Math.min(lo + CHUNK, first + scenarios) - 1]);

    it.each(chunks)(
      'seeds %i–%i: crashes, partitions, drops, duplicates and reordering never break election safety, log matching, leader completeness or state machine safety, and a healed cluster commits again',
      (lo, hi) => runSeeds(lo, hi, summary),
      60_000,
    );

    afterAll(() => {
      process.stdout.write(describeSummary('sim safety', summary, (Date.now() - started) / 1000));
    });
  });
}
