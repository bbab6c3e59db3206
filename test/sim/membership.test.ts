/**
 * The fuzzer's third family: the same faults, with membership changes (add a
 * fresh node as a learner, promote it, remove any member, the leader
 * included; one pending at a time) and frequent log compaction, so that
 * joining nodes and laggards catch up by snapshot. Besides Figure 3's
 * properties, checked across configuration changes, it checks that a node
 * whose removal committed never becomes leader and, with PreVote on, never
 * starts an election that would raise the members' terms.
 *
 *   SIM_MEMBERSHIP_SCENARIOS=<n> npx jest test/sim   run n scenarios (default 300)
 *   SEED=<n> npx jest test/sim                       replay one (this family's seeds start at 2000001)
 */
import { FIRST_SEED, ScenarioFamily } from './support/scenario';
import { describeSummary, emptySummary, runSeeds } from './support/seed-runner';

const replaying = process.env.SEED !== undefined;
const scenarios = Number(process.env.SIM_MEMBERSHIP_SCENARIOS ?? 300);
const CHUNK = 50;

// A replay runs in safety.test.ts, which replays a seed of any family.
(replaying ? describe.skip : describe)('a cluster changing membership and installing snapshots under random faults', () => {
  const summary = emptySummary();
  const started = Date.now();
  const first = FIRST_SEED[ScenarioFamily.Membership];
  const chunks: [number, number][] = [];
  for (let lo = first; lo < first + scenarios; lo += CHUNK) chunks.push([lo, Math.min(lo + CHUNK, first + scenarios) - 1]);

  it.each(chunks)(
    'seeds %i–%i: adds, promotions and removals (the leader\'s included) keep one leader per term and every safety property, a removed node never leads or disrupts, and snapshots carry the configuration',
    (lo, hi) => runSeeds(lo, hi, summary),
    60_000,
  );

  it('the family changed membership, removed leaders and installed snapshots, so the checks above were not vacuous', () => {
    expect(summary.confChanges).toBeGreaterThan(summary.scenarios);
    expect(summary.removals).toBeGreaterThan(summary.scenarios / 4);
    expect(summary.snapshotsInstalled).toBeGreaterThan(summary.scenarios / 4);
  });

  afterAll(() => {
    process.stdout.write(describeSummary('sim membership', summary, (Date.now() - started) / 1000));
  });
});
