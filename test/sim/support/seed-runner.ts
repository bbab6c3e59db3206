import { runScenario } from './fuzzer';
import { scenarioForSeed } from './scenario';

/** What a batch of seeded scenarios exercised. */
export interface SeedRunSummary {
  scenarios: number;
  steps: number;
  leaders: number;
  proposed: number;
  acknowledged: number;
  readsServed: number;
  transfers: number;
  confChanges: number;
  removals: number;
  snapshotsTaken: number;
  snapshotsInstalled: number;
}

export function emptySummary(): SeedRunSummary {
  return {
    scenarios: 0, steps: 0, leaders: 0, proposed: 0, acknowledged: 0, readsServed: 0, transfers: 0,
    confChanges: 0, removals: 0, snapshotsTaken: 0, snapshotsInstalled: 0,
  };
}

/**
 * Runs the scenarios of seeds lo..hi, adding to `summary`. The first failure
 * throws; its message names the seed and the command that replays it.
 */
export function runSeeds(lo: number, hi: number, summary: SeedRunSummary): void {
  for (let seed = lo; seed <= hi; seed++) {
    const r = runScenario(scenarioForSeed(seed));
    summary.scenarios++;
    summary.steps += r.steps;
    summary.leaders += r.leaders;
    summary.proposed += r.proposed;
    summary.acknowledged += r.acknowledged;
    summary.readsServed += r.readsServed;
    summary.transfers += r.transfers;
    summary.confChanges += r.confChanges;
    summary.removals += r.removals;
    summary.snapshotsTaken += r.snapshotsTaken;
    summary.snapshotsInstalled += r.snapshotsInstalled;
  }
}

/** One JSON line for the test log: what ran and how long it took. */
export function describeSummary(name: string, s: SeedRunSummary, seconds: number): string {
  return `${name}: ${JSON.stringify({ ...s, seconds })}\n`;
}
