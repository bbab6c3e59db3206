import { ConfChangeType, MessageType, type ConfChange, type ConfState, type NodeId } from '../../../src/raft';
import type { Proposal } from './client';
import { SimCluster, type CrashPoint } from './cluster';
import { Prng } from './prng';
import { describeScenario, type MoveWeights, type Scenario } from './scenario';
import { Trace } from './trace';
import { SafetyViolation, ViolationKind } from './violation';

export interface ScenarioResult {
  readonly steps: number;
  /** Tick rounds the healed cluster needed to elect a leader and commit a fresh write. */
  readonly livenessRounds: number;
  readonly leaders: number;
  readonly proposed: number;
  readonly acknowledged: number;
  readonly readsServed: number;
  /** Leadership transfers carried out (MsgTimeoutNow delivered). */
  readonly transfers: number;
  /** Configuration changes committed and applied. */
  readonly confChanges: number;
  /** Removals committed (the leader's own included). */
  readonly removals: number;
  readonly snapshotsTaken: number;
  readonly snapshotsInstalled: number;
}

/** A failed scenario: the violation (or crash of the harness), with the seed and the last steps. */
export class ScenarioFailure extends Error {
  constructor(
    readonly seed: number,
    readonly error: unknown,
    readonly traceTail: string,
  ) {
    super(
      `seed ${seed}: ${error instanceof Error ? error.message : String(error)}\n` +
        `replay with: SEED=${seed} npx jest test/sim\n` +
        `last steps:\n${traceTail}`,
      { cause: error },
    );
    this.name = 'ScenarioFailure';
  }

  /** The violated property, when a checker (not the harness) failed. */
  get violation(): SafetyViolation | undefined {
    return this.error instanceof SafetyViolation ? this.error : undefined;
  }
}

type Move = keyof MoveWeights;

/**
 * Runs one seeded scenario: `steps` random moves from raft.tla's menu with
 * the safety checks after each, then the liveness phase. Throws
 * ScenarioFailure naming the seed on any violation.
 */
export function runScenario(scenario: Scenario, options: { verbose?: boolean } = {}): ScenarioResult {
  const trace = new Trace({ keep: 60, verbose: options.verbose === true });
  trace.line(() => describeScenario(scenario));
  try {
    const cluster = new SimCluster({ ...scenario, trace });
    const fuzzer = new Fuzzer(cluster, scenario, Prng.derive(scenario.seed, 'fuzzer'));
    for (let step = 1; step <= scenario.steps; step++) {
      trace.step(step);
      fuzzer.step();
    }
    trace.step(scenario.steps + 1);
    const livenessRounds = checkLiveness(cluster, scenario);
    return {
      steps: scenario.steps,
      livenessRounds,
      leaders: cluster.checker.leaders.size,
      proposed: cluster.client.stats.proposed,
      acknowledged: cluster.client.stats.acknowledged,
      readsServed: cluster.client.stats.readsServed,
      transfers: cluster.delivered.get(MessageType.TimeoutNow) ?? 0,
      confChanges: [...cluster.confChangesApplied.values()].reduce((a, b) => a + b, 0),
      removals: cluster.confChangesApplied.get(ConfChangeType.RemoveNode) ?? 0,
      snapshotsTaken: cluster.snapshots.taken,
      snapshotsInstalled: cluster.snapshots.installed,
    };
  } catch (err) {
    throw new ScenarioFailure(scenario.seed, err, trace.tail());
  }
}

/** Picks and performs one move per step. */
class Fuzzer {
  readonly #cluster: SimCluster;
  readonly #scenario: Scenario;
  readonly #random: Prng;
  readonly #moves: readonly Move[];
  #nextNode: number;

  constructor(cluster: SimCluster, scenario: Scenario, random: Prng) {
    this.#cluster = cluster;
    this.#scenario = scenario;
    this.#random = random;
    this.#moves = Object.keys(scenario.weights) as Move[];
    this.#nextNode = scenario.nodes.length + 1;
  }

  step(): void {
    const c = this.#cluster;
    const up = c.ids.filter((id) => c.isUp(id));
    const down = c.ids.filter((id) => !c.isUp(id));
    const inFlight = c.network.inFlight.length;
    const withReady = c.nodesWithReady();
    const syncing = c.nodesSyncing();
    const leaders = c.leaders();
    const possible: Record<Move, boolean> = {
      tick: up.length > 0,
      tickAll: up.length > 0,
      campaign: up.length > 0,
      deliver: inFlight > 0,
      drop: inFlight > 0,
      duplicate: inFlight > 0,
      ready: withReady.length > 0,
      sync: syncing.length > 0,
      propose: up.length > 0,
      partition: true,
      heal: c.network.faulty,
      crash: up.length > 0,
      restart: down.length > 0,
      readIndex: up.length > 0,
      transfer: leaders.length > 0,
      confChange: leaders.length > 0,
      compact: up.length > 0,
    };
    const weights = this.#moves.map((m) => (possible[m] ? this.#scenario.weights[m] : 0));
    const move = this.#moves[this.#random.weighted(weights)];
    const r = this.#random;
    switch (move) {
      case 'tick':
        return c.tick(r.pick(up));
      case 'tickAll':
        for (const id of up) c.tick(id);
        return;
      case 'campaign':
        return c.campaign(r.pick(up));
      case 'deliver':
        return c.deliver(r.int(inFlight));
      case 'drop':
        return c.dropMessage(r.int(inFlight));
      case 'duplicate':
        return c.duplicateMessage(r.int(inFlight));
      case 'ready': {
        const id = r.pick(withReady);
        if (this.#scenario.pipelineSync && r.chance(0.5)) return c.beginReady(id);
        return c.processReady(id, this.#crashPoint());
      }
      case 'sync':
        return c.finishReady(r.pick(syncing), this.#crashPoint());
      case 'propose':
        // Clients mostly find the leader; sometimes they ask a node that is not.
        c.propose(leaders.length > 0 && r.chance(0.85) ? r.pick(leaders) : r.pick(up));
        return;
      case 'partition':
        if (r.chance(0.3)) {
          const [from, to] = r.shuffle(c.ids);
          if (from !== undefined && to !== undefined) return c.degradeLink(from, to, r.pick([0.5, 0.9, 1]));
        }
        return c.partition(this.#randomGroups());
      case 'heal':
        return c.heal();
      case 'crash':
        return c.crash(r.pick(up));
      case 'restart':
        return c.restart(r.pick(down));
      case 'readIndex':
        c.readIndex(leaders.length > 0 && r.chance(0.5) ? r.pick(leaders) : r.pick(up));
        return;
      case 'transfer': {
        const from = r.pick(leaders);
        return c.transferLeadership(from, r.pick(c.ids.filter((id) => id !== from)));
      }
      case 'confChange':
        return this.#changeConf(r.pick(leaders));
      case 'compact':
        return c.compact(r.pick(up));
      case undefined:
        throw new Error('the fuzzer has no moves');
    }
  }

  /**
   * One single-server change, as an operator would ask for it: add a fresh
   * node as a learner (its process starts empty, to join), promote a
   * learner, or remove any member, the leader included. The core refuses
   * while another change is pending; the fuzzer does not try to avoid that.
   */
  #changeConf(leader: NodeId): void {
    const c = this.#cluster;
    const r = this.#random;
    const cs = c.node(leader).status?.confState;
    if (cs === undefined) return;
    const members = cs.voters.length + cs.learners.length;
    const options: [number, () => ConfChange | undefined][] = [
      [members < 7 ? 3 : 0, () => ({ type: ConfChangeType.AddLearner, nodeId: `n${this.#nextNode}` })],
      [cs.learners.length > 0 ? 4 : 0, () => ({ type: ConfChangeType.PromoteLearner, nodeId: r.pick(cs.learners) })],
      [cs.voters.length > 1 || cs.learners.length > 0 ? 3 : 0, () => this.#removal(cs)],
    ];
    const chosen = options[r.weighted(options.map(([w]) => w))];
    const cc = chosen?.[1]();
    if (cc === undefined) return;
    if (c.proposeConfChange(leader, cc) && cc.type === ConfChangeType.AddLearner) {
      c.addNode(cc.nodeId);
      this.#nextNode++;
    }
  }

  #removal(cs: ConfState): ConfChange | undefined {
    const candidates = [...cs.learners, ...(cs.voters.length > 1 ? cs.voters : [])];
    return candidates.length === 0 ? undefined : { type: ConfChangeType.RemoveNode, nodeId: this.#random.pick(candidates) };
  }

  #crashPoint(): CrashPoint | undefined {
    const p = this.#scenario.crashInReady;
    if (this.#random.chance(p)) return 'beforePersist';
    if (this.#random.chance(p)) return 'afterPersist';
    return undefined;
  }

  /** Either one node cut off from the rest, or a random split into two sides. */
  #randomGroups(): NodeId[][] {
    const ids = this.#cluster.ids;
    if (this.#random.chance(0.4)) {
      const alone = this.#random.pick(ids);
      return [[alone], ids.filter((id) => id !== alone)];
    }
    const shuffled = this.#random.shuffle(ids);
    const cut = this.#random.between(1, ids.length - 1);
    return [shuffled.slice(0, cut), shuffled.slice(cut)];
  }
}

/**
 * Liveness once faults stop: heal the network, restart every crashed node,
 * then tick all nodes and deliver everything until a leader commits a fresh
 * write on every node, within a bounded number of rounds. Then the end-state
 * checks: literal Log Matching over all logs, and every acknowledged write in
 * every (caught-up) state machine. Returns the rounds it took.
 */
export function checkLiveness(cluster: SimCluster, scenario: Scenario): number {
  cluster.trace.line(() => 'liveness: faults stop');
  cluster.heal();
  // A removed node's driver shuts it down once it applies its removal (or an
  // operator does); without PreVote a removed node that never learnt of its
  // removal would keep deposing leaders. Those that never joined stay idle.
  for (const id of cluster.ids) {
    if (cluster.removed.has(id)) {
      if (cluster.isUp(id)) cluster.crash(id);
    } else if (!cluster.isUp(id)) cluster.restart(id);
  }
  const maxRounds = 40 * scenario.electionTick;
  let fresh: Proposal | undefined;
  for (let round = 0; round < maxRounds; round++) {
    cluster.settle();
    const members = currentMembers(cluster);
    if (fresh !== undefined && members !== undefined && appliedEverywhere(cluster, fresh, members)) {
      cluster.checker.checkLogsPairwise();
      for (const id of members) {
        cluster.assertCoreInvariants(id);
        cluster.client.checkCaughtUp(id, (index) => cluster.appliedAt(id, index));
      }
      return round;
    }
    // (Re)propose when there is no write yet, or its proposer lost the term it proposed in.
    const stillLeading = fresh !== undefined && cluster.node(fresh.proposer).status?.term === fresh.term && cluster.leaders().includes(fresh.proposer);
    const leader = newestLeader(cluster);
    if (!stillLeading && leader !== undefined) fresh = cluster.propose(leader) ?? fresh;
    for (const id of cluster.ids) if (cluster.isUp(id)) cluster.tick(id);
  }
  const statuses = cluster.ids.filter((id) => !cluster.removed.has(id)).map((id) => {
    const s = cluster.node(id).status;
    return s ? `${id}: ${s.role} term ${s.term} lead ${s.lead || '-'} commit ${s.commit} applied ${s.applied}` : `${id}: down`;
  });
  throw new SafetyViolation(
    ViolationKind.Liveness,
    `no fresh write committed on every node within ${maxRounds} rounds after healing (${statuses.join('; ')})`,
  );
}

function newestLeader(cluster: SimCluster): NodeId | undefined {
  let best: NodeId | undefined;
  let bestTerm = -1;
  for (const id of cluster.leaders()) {
    const term = cluster.node(id).status?.term ?? -1;
    if (term > bestTerm) [best, bestTerm] = [id, term];
  }
  return best;
}

/** Voters and learners of the newest leader's configuration. */
function currentMembers(cluster: SimCluster): NodeId[] | undefined {
  const leader = newestLeader(cluster);
  const cs = leader === undefined ? undefined : cluster.node(leader).status?.confState;
  return cs === undefined ? undefined : [...cs.voters, ...cs.learners];
}

function appliedEverywhere(cluster: SimCluster, p: Proposal, members: readonly NodeId[]): boolean {
  return members.every((id) => {
    const e = cluster.appliedAt(id, p.index);
    return e !== undefined && e.term === p.term;
  });
}
