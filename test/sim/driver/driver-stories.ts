/**
 * Scripted stories on the production driver (DriverCluster), for the
 * checker-bites tests: each drives the cluster into the situation a known
 * driver bug needs, and lets the cluster's checks judge the outcome. Run on
 * the virtual clock (virtual-clock.ts), like the fuzzed scenarios.
 */
import { encodeCommand } from '../../../src/kv/command';
import type { SnapshotHeader, SnapshotItem } from '../../../src/codec/snapshot-codec';
import type { NodeId } from '../../../src/raft/types';
import type { RaftNode } from '../../../src/node/raft-node';
import { Trace } from '../support/trace';
import { DriverCluster } from './driver-cluster';
import { clock } from './virtual-clock';

const TICK_MS = 10;

export async function withDriverCluster<T>(
  seed: number,
  story: (cluster: DriverCluster) => Promise<T>,
  prepare?: (cluster: DriverCluster) => void,
  options: { snapshotEntries?: number; leases?: boolean } = {},
): Promise<T> {
  clock.install(0);
  const cluster = new DriverCluster({
    seed,
    nodes: ['n1', 'n2', 'n3'],
    tickMs: TICK_MS,
    electionTicks: 10,
    snapshotEntries: () => options.snapshotEntries ?? 10_000,
    trace: new Trace({ keep: 200, verbose: process.env.SIM_TRACE === '1' }),
    leases: options.leases === true,
  });
  prepare?.(cluster);
  try {
    for (const id of cluster.ids) await onClock(cluster.start(id));
    return await story(cluster);
  } finally {
    await cluster.shutdown(() => clock.advance(TICK_MS));
    clock.uninstall();
  }
}

/** Awaits work that needs the clock to move (every driver operation does): moves it until the work settles. */
export async function onClock<T>(work: Promise<T>, maxMs = 10_000): Promise<T> {
  let settled = false;
  const done = work.finally(() => (settled = true));
  done.catch(() => undefined);
  await advanceUntil('an operation to finish', () => settled, maxMs);
  return done;
}

/** Moves the virtual clock a millisecond at a time until `done` holds; throws after `maxMs`. */
export async function advanceUntil(what: string, done: () => boolean, maxMs = 10_000): Promise<void> {
  const until = Date.now() + maxMs;
  while (!done()) {
    if (Date.now() >= until) throw new Error(`story: ${what} did not happen within ${maxMs} virtual ms`);
    await clock.advance(1);
  }
}

async function leader(cluster: DriverCluster): Promise<NodeId> {
  await advanceUntil('a leader', () => cluster.leaders().length === 1);
  return cluster.leaders()[0]!;
}

function nodeOf(cluster: DriverCluster, id: NodeId): RaftNode {
  const node = cluster.node(id);
  if (node === undefined) throw new Error(`story: ${id} is down`);
  return node;
}

/**
 * A follower holds entries past its commit index when a stale leader's
 * snapshot (term 1, at an index between its commit and its last entry)
 * arrives; later it restarts. Installing that snapshot's data before the
 * core decides dropped the follower's stored log, entries it acknowledged
 * included (issue #10's data-loss path).
 */
export async function staleSnapshotThenRestart(cluster: DriverCluster): Promise<void> {
  const lead = await leader(cluster);
  const follower = cluster.ids.find((id) => id !== lead)!;
  for (let i = 0; i < 12; i += 1) {
    const ok = await onClock(cluster.write(lead, `k${i}`));
    if (!ok) throw new Error('story: a write failed on a healthy cluster');
  }
  // Two more writes: stop the moment the follower stored them but before it learns they committed.
  void cluster.write(lead, 'last1');
  void cluster.write(lead, 'last2');
  const f = nodeOf(cluster, follower);
  await advanceUntil('the follower to store two entries past its commit index', () => f.status().lastIndex >= f.status().commit + 2, 1_000);
  cluster.hub.isolate(follower);
  const { commit, lastIndex, term } = f.status();
  const header: SnapshotHeader = {
    clusterId: 'sim',
    from: cluster.ids.find((id) => id !== lead && id !== follower)!,
    to: follower,
    term: term - 1,
    metadata: { index: commit + 1, term: f.storedEntry(commit + 1)?.term ?? term, confState: { voters: cluster.ids, learners: [] } },
    members: new Map(),
    revision: 1,
  };
  const items: SnapshotItem[] = [{ record: { key: 'stale', value: Buffer.from('x'), createRevision: 1, modRevision: 1, version: 1, lease: '0' } }];
  await onClock(
    f.installSnapshot(header, (async function* () {
      yield items;
    })()),
  ).catch(() => undefined);
  cluster.hub.heal();
  await advanceUntil('the commit index to reach the follower', () => f.status().commit >= lastIndex, 2_000).catch(() => undefined);
  await onClock(cluster.restart(follower));
  cluster.assertNoViolation();
  const caughtUp = (): boolean => new Set(cluster.appliedIndexes().values()).size === 1 && cluster.appliedIndexes().size === cluster.ids.length;
  await advanceUntil('every replica to apply the same index', caughtUp, 5_000);
  await cluster.checkConverged();
}

/**
 * A leader's entries are overwritten after it is cut off; it leads again and
 * proposes at an index where a waiter of its earlier term still waits, and
 * that earlier waiter's deadline passes while the new write is on its way.
 * The new write must still be answered with its own result.
 */
export async function sameIndexProposedTwice(cluster: DriverCluster): Promise<{ answered: boolean }> {
  const first = await leader(cluster);
  const node = nodeOf(cluster, first);
  // Cut off, the leader appends writes that can never commit; their waiters wait until `doomedDeadline`.
  cluster.hub.isolate(first);
  const doomedDeadline = Date.now() + 2_000;
  const doomed = ['x1', 'x2', 'x3', 'x4', 'x5'].map((key) => node.proposeAsLeader(encodeCommand({ op: 'put', key, value: Buffer.from(key) }), new Date(doomedDeadline)).catch(() => undefined));
  await clock.advance(TICK_MS);
  // The others elect a leader, whose entries overwrite them.
  await advanceUntil('a second leader', () => cluster.leaders().some((id) => id !== first && nodeOf(cluster, id).status().term > node.status().term));
  const second = cluster.leaders().find((id) => id !== first)!;
  cluster.hub.heal();
  await advanceUntil(`${first} to follow ${second}`, () => node.leader === second);
  // Leadership comes back before any other write: the old leader's next entry reuses one of those indexes.
  await onClock(nodeOf(cluster, second).transferLeadership(first, new Date(Date.now() + 3_000))).catch(() => undefined);
  await advanceUntil(`${first} to lead again`, () => cluster.leaders().includes(first));
  await advanceUntil('the earlier waiters to be about to expire', () => Date.now() >= doomedDeadline - 5, 3_000);
  // The new write is held up (a brief cut) across the earlier waiters' deadline.
  cluster.hub.isolate(first);
  const again = cluster.write(first, 'again');
  await clock.advance(20);
  cluster.hub.heal();
  const answered = await onClock(again);
  void Promise.all(doomed);
  return { answered };
}
