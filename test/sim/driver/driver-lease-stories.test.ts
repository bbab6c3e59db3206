/**
 * Lease timing on virtual time: the production lease keeper and router on
 * every node of a driver cluster, the clock moved by the test. What the
 * process-level lease tests (test/integration/lease.test.ts) could only
 * show with wall-clock windows ("the key is still there after 9 s") is
 * shown here exactly, and the cluster's lease check fails the test if any
 * lease expires sooner than one TTL (LEASE_TTL_SECONDS) after an
 * acknowledged keep-alive was sent.
 */
import type { NodeId } from '../../../src/raft/types';
import type { DriverCluster } from './driver-cluster';
import { LEASE_TTL_SECONDS } from './driver-leases';
import { advanceUntil, withDriverCluster } from './driver-stories';
import { clock } from './virtual-clock';

const TTL_MS = LEASE_TTL_SECONDS * 1000;
/** A client's keep-alive period: a third of the TTL, as etcd's client does. */
const KEEP_ALIVE_MS = TTL_MS / 3;

/** Keeps the one lease alive through `via` for `ms` of virtual time; returns how many keep-alives were acknowledged. */
async function keepAliveFor(cluster: DriverCluster, via: NodeId, ms: number): Promise<number> {
  const stats = cluster.leases!.stats;
  const before = stats.renewed;
  for (let t = 0; t < ms; t += KEEP_ALIVE_MS) {
    cluster.keepAlive(via, () => 0);
    await clock.advance(KEEP_ALIVE_MS);
    expect(stats.expired).toBe(0);
    cluster.assertNoViolation();
  }
  return stats.renewed - before;
}

describe('leases on virtual time', () => {
  it('keep-alives through a follower keep a lease for many TTLs, across the leader crashing; stopped, it expires', async () => {
    await withDriverCluster(
      4,
      async (cluster) => {
        const stats = cluster.leases!.stats;
        await advanceUntil('a leader', () => cluster.leaders().length === 1);
        const leader = cluster.leaders()[0]!;
        const follower = cluster.ids.find((id) => id !== leader)!;
        cluster.grantLease(follower);
        await advanceUntil('the lease to be granted', () => stats.granted === 1);
        expect(await keepAliveFor(cluster, follower, 3 * TTL_MS)).toBeGreaterThanOrEqual(7);

        // The leader crashes: the survivors elect another, whose keeper must not expire the lease either.
        cluster.crash(leader);
        await advanceUntil('a new leader', () => cluster.leaders().some((id) => id !== leader));
        expect(await keepAliveFor(cluster, follower, 3 * TTL_MS)).toBeGreaterThanOrEqual(7);

        // No more keep-alives: the lease expires, not sooner than a TTL after the last one (checked by the cluster).
        const stopped = Date.now();
        await advanceUntil('the lease to expire once its keep-alives stopped', () => stats.expired === 1, 5 * TTL_MS);
        expect(Date.now() - stopped).toBeGreaterThanOrEqual(TTL_MS - KEEP_ALIVE_MS);
        cluster.assertNoViolation();
      },
      undefined,
      { leases: true },
    );
  });

  it('a lease nobody keeps alive expires within a few TTLs of its grant, never before one', async () => {
    await withDriverCluster(
      5,
      async (cluster) => {
        const stats = cluster.leases!.stats;
        await advanceUntil('a leader', () => cluster.leaders().length === 1);
        const asked = Date.now();
        cluster.grantLease(cluster.leaders()[0]!);
        await advanceUntil('the lease to be granted', () => stats.granted === 1);
        await advanceUntil('the lease to expire', () => stats.expired === 1, 5 * TTL_MS);
        expect(Date.now() - asked).toBeGreaterThanOrEqual(TTL_MS);
        cluster.assertNoViolation();
      },
      undefined,
      { leases: true },
    );
  });
});
