/**
 * The fuzzer's second family: the same faults, with leadership transfers and
 * read-index requests mixed in. Besides Figure 3's properties it checks that
 * reads are linearizable: a ReadState's index is at least the index of every
 * write acknowledged before the read was issued.
 *
 *   SIM_READ_SCENARIOS=<n> npx jest test/sim    run n scenarios (default 400)
 *   SEED=<n> npx jest test/sim                  replay one (this family's seeds start at 1000001)
 */
import { FIRST_SEED, ScenarioFamily } from './support/scenario';
import { describeSummary, emptySummary, runSeeds } from './support/seed-runner';

const replaying = process.env.SEED !== undefined;
const scenarios = Number(process.env.SIM_READ_SCENARIOS ?? 400);
const CHUNK = 50;

// A replay runs in safety.test.ts, which replays a seed of any family.
(replaying ? describe.skip : describe)('a cluster with leadership transfers and read-index requests under random faults', () => {
  const summary = emptySummary();
  const started = Date.now();
  const first = FIRST_SEED[ScenarioFamily.ReadsAndTransfers];
  const chunks: [number, number][] = [];
  for (let lo = first; lo < first + scenarios; lo += CHUNK) chunks.push([lo, Math.min(lo + CHUNK, first + scenarios) - 1]);

  it.each(chunks)(
    'seeds %i–%i: every read index covers all writes acknowledged before the read, and transfers keep every safety property',
    (lo, hi) => runSeeds(lo, hi, summary),
    60_000,
  );

  it('the family served reads and transferred leadership, so the checks above were not vacuous', () => {
    expect(summary.readsServed).toBeGreaterThan(summary.scenarios);
    expect(summary.transfers).toBeGreaterThan(summary.scenarios / 10);
  });

  afterAll(() => {
    process.stdout.write(describeSummary('sim reads and transfers', summary, (Date.now() - started) / 1000));
  });
});
