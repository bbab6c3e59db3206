import type { NodeId } from '../../../src/raft/types';
import { Prng } from '../support/prng';
import { Trace } from '../support/trace';
import { SafetyViolation, ViolationKind } from '../support/violation';
import { DriverCluster } from './driver-cluster';
import { onClock } from './driver-stories';
import type { SimLeases } from './driver-leases';
import { clock } from './virtual-clock';

/**
 * Families of driver scenarios: each stresses one part of the driver with
 * the same checks (driver-cluster.ts).
 *  - faults: partitions, lossy and reordering links, duplicates, crashes and restarts;
 *  - snapshots: the same with compaction every few entries, so laggards and
 *    restarted nodes catch up by snapshots streamed across leader changes;
 *  - disks: slow syncs and syncs that fail (the node stops itself and is restarted);
 *  - membership: members added (as auto-promoting learners that join empty) and
 *    removed (the leader included), one change at a time, under the same faults;
 *  - leases: every node runs the lease keeper; clients grant leases and keep
 *    them alive through any node while leaders change.
 */
export const DriverFamily = { Faults: 'faults', Snapshots: 'snapshots', Disks: 'disks', Membership: 'membership', Leases: 'leases' } as const;
export type DriverFamily = (typeof DriverFamily)[keyof typeof DriverFamily];

export const DRIVER_FAMILIES: readonly DriverFamily[] = [DriverFamily.Faults, DriverFamily.Snapshots, DriverFamily.Disks, DriverFamily.Membership, DriverFamily.Leases];

/** Seeds of each family start here, so a seed names its family. */
export const DRIVER_FIRST_SEED: Readonly<Record<DriverFamily, number>> = { faults: 5_000_001, snapshots: 6_000_001, disks: 7_000_001, membership: 8_000_001, leases: 9_000_001 };

export function familyOfSeed(seed: number): DriverFamily {
  if (seed >= DRIVER_FIRST_SEED.leases) return DriverFamily.Leases;
  if (seed >= DRIVER_FIRST_SEED.membership) return DriverFamily.Membership;
  if (seed >= DRIVER_FIRST_SEED.disks) return DriverFamily.Disks;
  if (seed >= DRIVER_FIRST_SEED.snapshots) return DriverFamily.Snapshots;
  return DriverFamily.Faults;
}

export interface DriverRunResult {
  readonly seed: number;
  readonly family: DriverFamily;
  readonly virtualMs: number;
  readonly stats: DriverCluster['stats'] & DriverCluster['changesApplied'] & SimLeases['stats'];
}

const TICK_MS = 10;
const ELECTION_TICKS = 10;
/** Virtual time the healed cluster gets to elect, commit a fresh write and converge. */
const LIVENESS_MS = 30_000;

/**
 * Runs one seeded scenario of the production driver on the virtual clock (virtual-clock.ts).
 * Throws a SafetyViolation naming the property, the seed and the trace tail.
 */
export async function runDriverScenario(seed: number, options: { verbose?: boolean; steps?: number; prepare?: (cluster: DriverCluster) => void } = {}): Promise<DriverRunResult> {
  const family = familyOfSeed(seed);
  const trace = new Trace({ keep: 80, verbose: options.verbose === true });
  const prng = Prng.derive(seed, 'scenario');
  const nodes: NodeId[] = prng.next() < 0.75 ? ['n1', 'n2', 'n3'] : ['n1', 'n2', 'n3', 'n4', 'n5'];
  clock.install(0);
  // The production code throws and catches errors as control flow (a read
  // index with no leader, a term past the log's end) thousands of times a
  // scenario; capturing their stacks was a tenth of its cost. A replay
  // (verbose) keeps full stacks.
  const stackTraceLimit = Error.stackTraceLimit;
  if (options.verbose !== true) Error.stackTraceLimit = 0;
  const cluster = new DriverCluster({
    seed,
    nodes,
    tickMs: TICK_MS,
    electionTicks: ELECTION_TICKS,
    // Thresholds differ per node (a rolling flag change, or nodes restarted at
    // different times), so one leader sends a laggard entries where another
    // would send a snapshot.
    snapshotEntries: ((thresholds) => (id: NodeId) => thresholds.get(id) ?? (family === DriverFamily.Membership ? 20 : 10_000))(
      new Map(nodes.map((id) => [id, family === DriverFamily.Snapshots ? prng.between(4, 12) : family === DriverFamily.Membership ? prng.between(8, 40) : 10_000])),
    ),
    trace,
    leases: family === DriverFamily.Leases,
  });
  options.prepare?.(cluster);
  try {
    const net = Prng.derive(seed, 'links');
    const lossy = { drop: 0, delay: 0, duplicate: 0 };
    cluster.hub.faults = {
      drop: () => net.next() < lossy.drop,
      delayMs: () => (net.next() < lossy.delay ? net.between(1, 3 * TICK_MS) : 0),
      duplicate: () => net.next() < lossy.duplicate,
      // Snapshot streams slow enough to outlive their sender's leadership.
      streamMs: () => (family === DriverFamily.Snapshots ? net.between(0, 40 * TICK_MS) : 0),
    };
    const disks = Prng.derive(seed, 'disks');
    const disk = { slow: family === DriverFamily.Disks ? 0.3 : 0, fail: family === DriverFamily.Disks ? 0.01 : 0 };
    for (const id of nodes) {
      cluster.setDiskFaults(id, {
        syncMs: () => (disks.next() < disk.slow ? disks.between(1, 4 * TICK_MS) : 0),
        failSync: () => disks.next() < disk.fail,
      });
    }
    for (const id of nodes) await onClock(cluster.start(id));

    const steps = options.steps ?? 250;
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    let changing = false;
    let nextId = nodes.length + 1;
    // Cumulative move weights; the snapshots family writes more and keeps nodes down longer, so they fall behind the compacted log.
    const w = family === DriverFamily.Snapshots
      ? { advance: 0.25, write: 0.65, read: 0.72, crash: 0.76, restart: 0.79, partition: 0.85, heal: 0.9, membership: 0.9 }
      : family === DriverFamily.Membership || family === DriverFamily.Leases
        ? { advance: 0.3, write: 0.52, read: 0.62, crash: 0.66, restart: 0.72, partition: 0.76, heal: 0.82, membership: 0.92 }
        : { advance: 0.3, write: 0.55, read: 0.7, crash: 0.76, restart: 0.84, partition: 0.89, heal: 0.94, membership: 0.94 };
    for (let step = 1; step <= steps; step += 1) {
      trace.step(step);
      const pick = prng.next();
      // Machines still in play (added ones included, removed ones gone), and how many may be down.
      const alive = cluster.ids.filter((id) => !cluster.removed.has(id));
      const maxDown = Math.floor((cluster.voters().length - 1) / 2);
      const any = (): NodeId => alive[prng.int(alive.length)]!;
      const down = alive.filter((id) => !cluster.isUp(id));
      if (pick < w.advance) {
        // Leases need seconds of virtual time to expire; the other families move in ticks.
        await clock.advance(prng.between(1, (family === DriverFamily.Leases ? 20 : 3) * TICK_MS));
      } else if (pick < w.write) {
        void cluster.write(any(), keys[prng.int(keys.length)]!);
      } else if (pick < w.read) {
        cluster.read(any(), keys[prng.int(keys.length)]!);
      } else if (pick < w.crash) {
        const victim = any();
        if (cluster.isUp(victim) && down.length < maxDown) cluster.crash(victim);
      } else if (pick < w.restart) {
        const back = down[prng.int(Math.max(1, down.length))];
        if (back !== undefined) await onClock(cluster.restart(back));
      } else if (pick < w.partition) {
        const shuffled = [...alive].sort(() => prng.next() - 0.5);
        const cut = prng.between(1, alive.length - 1);
        trace.line(() => `partition ${shuffled.slice(0, cut).join(',')} | ${shuffled.slice(cut).join(',')}`);
        cluster.hub.partition(shuffled.slice(0, cut), shuffled.slice(cut));
      } else if (pick < w.heal) {
        trace.line(() => 'heal');
        cluster.hub.heal();
      } else if (family === DriverFamily.Leases && pick < w.membership) {
        if (prng.next() < 0.2) cluster.grantLease(any());
        else cluster.keepAlive(any(), (n) => prng.int(n));
      } else if (family === DriverFamily.Membership && pick < w.membership) {
        const leader = cluster.leaders()[0];
        if (leader !== undefined && !changing) {
          const members = cluster.members();
          const change = members.length < 5 && (members.length <= 3 || prng.next() < 0.5)
            ? cluster.addMember(`n${nextId++}`, leader)
            : cluster.removeMember(members[prng.int(members.length)]!, leader);
          changing = true;
          void change.finally(() => (changing = false));
        }
      } else {
        lossy.drop = prng.next() < 0.5 ? 0 : prng.next() * 0.3;
        lossy.delay = prng.next() < 0.3 ? 0 : prng.next();
        lossy.duplicate = prng.next() < 0.5 ? 0 : prng.next() * 0.2;
        trace.line(() => `links: drop ${lossy.drop.toFixed(2)} delay ${lossy.delay.toFixed(2)} duplicate ${lossy.duplicate.toFixed(2)}`);
      }
      cluster.checkLogs();
      cluster.assertNoViolation();
    }

    // Liveness: faults stop, every node comes back; the cluster must elect,
    // commit a fresh write and converge.
    trace.step(steps + 1);
    trace.line(() => 'heal everything and restart every node that is down');
    cluster.hub.heal();
    lossy.drop = lossy.delay = lossy.duplicate = 0;
    disk.slow = disk.fail = 0;
    for (const id of cluster.ids) if (!cluster.removed.has(id) && !cluster.isUp(id)) await onClock(cluster.restart(id));
    const until = Date.now() + LIVENESS_MS;
    let wrote = false;
    let writing: Promise<boolean> | undefined;
    while (Date.now() < until) {
      await clock.advance(5 * TICK_MS);
      cluster.checkLogs();
      cluster.assertNoViolation();
      const leader = cluster.leaders()[0];
      if (!wrote && leader !== undefined && writing === undefined) {
        writing = cluster.write(leader, 'final');
        void writing.then((ok) => {
          wrote = ok;
          writing = undefined;
        });
      }
      const members = cluster.members();
      const applied = [...cluster.appliedIndexes(members).values()];
      if (wrote && !changing && applied.length === members.length && applied.every((a) => a === applied[0])) break;
    }
    const members = cluster.members();
    const applied = cluster.appliedIndexes(members);
    if (!wrote || applied.size !== members.length || [...applied.values()].some((a) => a !== [...applied.values()][0])) {
      throw new SafetyViolation(ViolationKind.Liveness, `the healed cluster did not commit a fresh write and converge within ${LIVENESS_MS} virtual ms (applied: ${JSON.stringify([...applied])})`);
    }
    await cluster.checkConverged(members);
    return { seed, family, virtualMs: Date.now(), stats: { ...cluster.stats, ...cluster.changesApplied, ...(cluster.leases?.stats ?? { granted: 0, renewed: 0, expired: 0 }) } };
  } catch (err) {
    // Any failure, a violation or an error the production code let escape, names its seed and replay.
    if (err instanceof Error) {
      err.message = `${err.message}\n  seed ${seed} (${family}); replay: DRIVER_SEED=${seed} npx jest test/sim/driver/driver-${family}\n  last trace lines:\n${trace.tail()}`;
    }
    throw err;
  } finally {
    await cluster.shutdown(() => clock.advance(TICK_MS)).catch(() => undefined);
    clock.uninstall();
    Error.stackTraceLimit = stackTraceLimit;
  }
}
