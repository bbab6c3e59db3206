/**
 * Tests of the tests: a checker that never fires proves nothing. Each case
 * breaks Raft on purpose, in the core (a test-side patch of its commit rule) or in the harness (a
 * persistence bug), and asserts the simulation's checker reports the right
 * violated property.
 */
import { MessageType, type Message } from '../../src/raft/types';
import type { HarnessBugs } from './support/cluster';
import { runScenario, ScenarioFailure } from './support/fuzzer';
import { scenarioForSeed } from './support/scenario';
import { between, deliverFirst, elect, isVoteTraffic, scriptedCluster } from './support/script';
import { SafetyViolation, ViolationKind } from './support/violation';
import { withUnsafeCommit } from '../support/unsafe-commit';

// SEED=<n> replays one fuzzer scenario (safety.test.ts) and nothing else.
const replaying = process.env.SEED !== undefined;

const FIVE = ['n1', 'n2', 'n3', 'n4', 'n5'];
const THREE = ['n1', 'n2', 'n3'];

/** Runs fn and returns the SafetyViolation it throws, or undefined when it throws none. */
function violationOf(fn: () => void): SafetyViolation | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof SafetyViolation) return err;
    throw err;
  }
}

/**
 * Raft paper Figure 8, in etcd's shape (each new leader appends a no-op,
 * which plays the figure's new entry). Returns the violation the checker
 * reported, if any.
 *
 *   (a) n1 leads term 1 and replicates its entry 1/1 to n2 only; n1 crashes.
 *   (b) n5 leads term 2 with votes from n3, n4 and writes 2/1 (term 2) only
 *       to its own disk; n5 crashes.
 *   (c) n1 restarts, leads term 3 with votes from n2, n3, n4 and replicates
 *       1/1 to n3 but not its term-3 no-op. 1/1 is now on a majority
 *       (n1, n2, n3): the broken rule commits it, the real rule does not.
 *   (d) n1 crashes; n5 restarts and wins term 4 with n3 and n4 (its last
 *       term, 2, beats their 1), lacking 1/1, and would overwrite it.
 */
function figure8(commitEntriesFromPreviousTerms: boolean): { violation: SafetyViolation | undefined; committedAfterC: number } {
  const cluster = scriptedCluster({ nodes: FIVE, maxEntriesPerMessage: 1 });
  let committedAfterC = 0;
  const violation = violationOf(() => withUnsafeCommit(commitEntriesFromPreviousTerms, () => {
    // (a)
    elect(cluster, 'n1', ['n2', 'n3']);
    cluster.tick('n1'); // a heartbeat round brings n2 its missing entry
    cluster.settle((m) => between(m, 'n1', 'n2'));
    cluster.crash('n1');
    // (b)
    elect(cluster, 'n5', ['n3', 'n4']);
    cluster.crash('n5');
    // (c)
    cluster.restart('n1');
    elect(cluster, 'n1', ['n2', 'n3', 'n4']);
    const n3WouldStoreTerm3 = (m: Message): boolean =>
      m.to === 'n3' && m.type === MessageType.App && m.entries.some((e) => e.term === 3) && m.index <= (cluster.node('n3').status?.lastIndex ?? 0);
    for (let i = 0; i < 3; i++) {
      cluster.tick('n1');
      cluster.settle((m) => (between(m, 'n1', 'n2') || between(m, 'n1', 'n3')) && !n3WouldStoreTerm3(m));
    }
    committedAfterC = cluster.checker.maxCommitted;
    // (d)
    cluster.crash('n1');
    cluster.restart('n5');
    elect(cluster, 'n5', ['n3', 'n4']);
    cluster.settle();
  }));
  return { violation, committedAfterC };
}

(replaying ? describe.skip : describe)('the safety checker catches a core that breaks Raft', () => {
  it('Figure 8 with commitment of previous-term entries by counting replicas is reported as a leader completeness or state machine safety violation', () => {
    const { violation, committedAfterC } = figure8(true);
    expect(committedAfterC).toBe(1);
    expect(violation).toBeDefined();
    expect([ViolationKind.LeaderCompleteness, ViolationKind.StateMachineSafety]).toContain(violation?.kind);
  });

  it('the same Figure 8 schedule with the real §5.4.2 rule commits nothing early and breaks no property', () => {
    const { violation, committedAfterC } = figure8(false);
    expect(committedAfterC).toBe(0);
    expect(violation).toBeUndefined();
  });
});

/** n1 wins term 1 with n3's vote; n3 restarts; n2, cut off from n1, asks n3 for its vote in term 1. */
function doubleVote(bugs: HarnessBugs): SafetyViolation | undefined {
  const cluster = scriptedCluster({ nodes: THREE, bugs });
  return violationOf(() => {
    elect(cluster, 'n1', ['n3']);
    cluster.crash('n3');
    cluster.restart('n3');
    cluster.campaign('n2');
    cluster.settle((m) => isVoteTraffic(m) && between(m, 'n2', 'n3'));
  });
}

/**
 * n1 asks n3 for its vote in term 1; n3 answers but crashes before its vote is
 * durable. Only a driver that sent the answer early lets n1 win with it;
 * then n3 restarts with no vote and n2 asks it in the same term.
 */
function voteAnsweredBeforeSync(bugs: HarnessBugs): SafetyViolation | undefined {
  const cluster = scriptedCluster({ nodes: THREE, bugs });
  return violationOf(() => {
    cluster.campaign('n1');
    cluster.processReady('n1');
    deliverFirst(cluster, (m) => m.type === MessageType.Vote && m.to === 'n3');
    cluster.processReady('n3', 'beforePersist');
    cluster.settle((m) => between(m, 'n1', 'n3'));
    cluster.restart('n3');
    cluster.campaign('n2');
    cluster.settle((m) => isVoteTraffic(m) && between(m, 'n2', 'n3'));
  });
}

/**
 * The first safety violation the fuzzer finds in seeds 1..budget. Liveness
 * failures are passed over: they are not what a persistence bug breaks.
 */
function fuzzUntilViolation(bugs: HarnessBugs, budget: number): { seed: number; kind: ViolationKind } | undefined {
  for (let seed = 1; seed <= budget; seed++) {
    // Small clusters without PreVote and with frequent crashes make a lost vote matter sooner.
    const scenario = scenarioForSeed(seed, { nodes: THREE, preVote: false, crashInReady: 0.15, bugs });
    try {
      runScenario(scenario);
    } catch (err) {
      if (!(err instanceof ScenarioFailure)) throw err;
      const kind = err.violation?.kind;
      if (kind === undefined) throw err;
      if (kind !== ViolationKind.Liveness) return { seed, kind };
    }
  }
  return undefined;
}

(replaying ? describe.skip : describe)('the safety checker catches a driver that breaks the persistence rules', () => {
  it('a node restarted with its persisted vote forgotten votes twice in one term, reported as an election safety violation', () => {
    expect(doubleVote({ forgetVoteOnRestart: true })?.kind).toBe(ViolationKind.ElectionSafety);
  });

  it('the same schedule with the vote kept elects one leader per term', () => {
    expect(doubleVote({})).toBeUndefined();
  });

  it('a vote answered before it is durable, then lost in a crash, lets two leaders win one term, reported as an election safety violation', () => {
    expect(voteAnsweredBeforeSync({ sendVoteResponsesBeforePersist: true })?.kind).toBe(ViolationKind.ElectionSafety);
  });

  it('the same schedule with the answer held until the vote is durable elects one leader per term', () => {
    expect(voteAnsweredBeforeSync({})).toBeUndefined();
  });

  it('the seeded fuzzer finds the forgotten vote as an election safety violation within 100 seeds', () => {
    expect(fuzzUntilViolation({ forgetVoteOnRestart: true }, 100)?.kind).toBe(ViolationKind.ElectionSafety);
  });

  it('the seeded fuzzer finds vote answers sent before the vote is durable as an election safety violation within 200 seeds', () => {
    expect(fuzzUntilViolation({ sendVoteResponsesBeforePersist: true }, 200)?.kind).toBe(ViolationKind.ElectionSafety);
  });
});
