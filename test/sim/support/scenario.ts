import type { NodeId } from '../../../src/raft/types';
import type { HarnessBugs } from './cluster';
import { Prng } from './prng';

/**
 * How often the fuzzer picks each move of its menu (raft.tla's `Next`),
 * relative to the others. A move that is impossible at a step (no message in
 * flight, nobody down) is skipped for that step.
 */
export interface MoveWeights {
  /** One node's clock advances. */
  readonly tick: number;
  /** Every up node's clock advances together. */
  readonly tickAll: number;
  readonly campaign: number;
  readonly deliver: number;
  readonly drop: number;
  readonly duplicate: number;
  /** Take a node's Ready (and, unless the scenario pipelines syncs, carry it out at once). */
  readonly ready: number;
  /** Finish the sync of a Ready taken earlier (pipelined scenarios only). */
  readonly sync: number;
  readonly propose: number;
  /** Split the network, isolate a node, or make one direction of a link lossy. */
  readonly partition: number;
  readonly heal: number;
  readonly crash: number;
  readonly restart: number;
  readonly readIndex: number;
  readonly transfer: number;
  /** The leader proposes a membership change: add a fresh node as a learner, promote one, or remove a member (itself included). */
  readonly confChange: number;
  /** A node snapshots its state machine and drops its log up to its applied index. */
  readonly compact: number;
}

/** Everything a seeded run depends on; a seed always yields the same scenario. */
export interface Scenario {
  readonly seed: number;
  readonly family: ScenarioFamily;
  readonly nodes: readonly NodeId[];
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly electionTick: number;
  readonly heartbeatTick: number;
  readonly maxEntriesPerMessage: number;
  readonly maxInflightMessages: number;
  /** Fuzzed steps before the liveness phase. */
  readonly steps: number;
  readonly weights: MoveWeights;
  /**
   * Whether a Ready's sync may stay in progress across other steps, so that
   * messages reach a node between its ready() and advance(): the window in
   * which a leader must not yet count its own unsynced entries.
   */
  readonly pipelineSync: boolean;
  /** Chance that processing a Ready is cut short by a crash, at each of its two crash points. */
  readonly crashInReady: number;
  readonly bugs?: HarnessBugs;
}

export const ScenarioFamily = {
  /** Elections, replication and faults: the Figure 3 safety properties. */
  Core: 'core',
  /** Core, plus leadership transfers and read-index requests. */
  ReadsAndTransfers: 'reads-and-transfers',
  /** Core, plus membership changes and frequent compaction (snapshot installs). */
  Membership: 'membership',
} as const;
export type ScenarioFamily = (typeof ScenarioFamily)[keyof typeof ScenarioFamily];

/**
 * Seeds are split by family so a seed alone says what to replay:
 * `SEED=<n> npx jest test/sim` reruns exactly the failing scenario.
 */
export const FIRST_SEED: Readonly<Record<ScenarioFamily, number>> = {
  [ScenarioFamily.Core]: 1,
  [ScenarioFamily.ReadsAndTransfers]: 1_000_001,
  [ScenarioFamily.Membership]: 2_000_001,
};

export function familyOfSeed(seed: number): ScenarioFamily {
  if (seed >= FIRST_SEED[ScenarioFamily.Membership]) return ScenarioFamily.Membership;
  return seed >= FIRST_SEED[ScenarioFamily.ReadsAndTransfers] ? ScenarioFamily.ReadsAndTransfers : ScenarioFamily.Core;
}

const CALM: MoveWeights = {
  tick: 6,
  tickAll: 2,
  campaign: 0.5,
  deliver: 34,
  drop: 2,
  duplicate: 1.5,
  ready: 26,
  sync: 12,
  propose: 8,
  partition: 0.7,
  heal: 2,
  crash: 0.7,
  restart: 3,
  readIndex: 0,
  transfer: 0,
  confChange: 0,
  compact: 0.3,
};

const STORMY: MoveWeights = { ...CALM, drop: 6, duplicate: 3, partition: 2, heal: 2, crash: 2, campaign: 1.5 };

/** The scenario a seed stands for. */
export function scenarioForSeed(seed: number, overrides: Partial<Scenario> = {}): Scenario {
  const r = Prng.derive(seed, 'scenario');
  const family = familyOfSeed(seed);
  const size = r.chance(0.6) ? 3 : 5;
  const nodes = Array.from({ length: size }, (_, i) => `n${i + 1}`);
  // PreVote and CheckQuorum are on in most scenarios, as in production; off in some.
  const protections = r.weighted([70, 10, 10, 10]);
  const base = r.chance(0.7) ? CALM : STORMY;
  const weights: MoveWeights =
    family === ScenarioFamily.ReadsAndTransfers
      ? { ...base, readIndex: 5, transfer: 1.5 }
      : family === ScenarioFamily.Membership
        ? { ...base, confChange: 2, compact: 1.5, readIndex: 1, transfer: 0.5 }
        : base;
  return {
    seed,
    family,
    nodes,
    preVote: protections === 0 || protections === 1,
    checkQuorum: protections === 0 || protections === 2,
    electionTick: r.between(3, 6),
    heartbeatTick: 1,
    maxEntriesPerMessage: r.pick([1, 2, 4, 64]),
    maxInflightMessages: r.pick([1, 2, 8, 256]),
    steps: r.between(500, 1500),
    pipelineSync: r.chance(0.5),
    weights,
    crashInReady: 0.01,
    ...overrides,
  };
}

export function describeScenario(s: Scenario): string {
  return (
    `seed ${s.seed} (${s.family}): ${s.nodes.length} nodes, preVote ${s.preVote ? 'on' : 'off'}, ` +
    `checkQuorum ${s.checkQuorum ? 'on' : 'off'}, electionTick ${s.electionTick}, heartbeatTick ${s.heartbeatTick}, ` +
    `maxEntriesPerMessage ${s.maxEntriesPerMessage}, maxInflightMessages ${s.maxInflightMessages}, ${s.pipelineSync ? 'pipelined' : 'atomic'} syncs, ${s.steps} steps`
  );
}
