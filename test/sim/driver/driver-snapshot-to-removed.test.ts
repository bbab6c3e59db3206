/**
 * A leader stops a snapshot stream when its target leaves the
 * configuration (src/node/snapshot-sender.ts, abortLeavers): the removed
 * node gets none of the state, and the leader's consistent read is released
 * at once rather than when the stream ends. Scripted on the production
 * driver, on virtual time.
 */
import type { NodeId } from '../../../src/raft/types';
import { advanceUntil, onClock, withDriverCluster } from './driver-stories';
import { clock } from './virtual-clock';

/** How long the simulated link takes to carry a snapshot stream: long enough to remove its target meanwhile. */
const STREAM_MS = 500;

describe('a snapshot stream to a member being removed', () => {
  it('stops when the removal applies: the removed node installs nothing and the leader says why', async () => {
    const streams: { from: NodeId; to: NodeId }[] = [];
    const outcome = await withDriverCluster(
      3,
      async (cluster) => {
        await advanceUntil('a leader', () => cluster.leaders().length === 1);
        const lead = cluster.leaders()[0]!;
        const victim = cluster.ids.find((id) => id !== lead)!;
        // Down while the leader compacts past everything it has: it can only catch up by snapshot.
        cluster.crash(victim);
        for (let i = 0; i < 15; i += 1) expect(await onClock(cluster.write(lead, `k${i}`))).toBe(true);
        expect(cluster.node(lead)!.logBase.index).toBeGreaterThan(0);
        cluster.hub.faults = {
          drop: () => false,
          delayMs: () => 0,
          duplicate: () => false,
          streamMs: (from, to) => {
            streams.push({ from, to });
            return STREAM_MS;
          },
        };
        const installedBefore = cluster.stats.snapshotsInstalled;
        await onClock(cluster.start(victim));
        await advanceUntil(`the leader to start streaming to ${victim}`, () => streams.some((s) => s.to === victim), 1_000);
        expect(await onClock(cluster.removeMember(victim, lead))).toBe(true);
        // Past the moment the stream reaches the removed node.
        await clock.advance(2 * STREAM_MS);
        cluster.assertNoViolation();
        return { victim, installed: cluster.stats.snapshotsInstalled - installedBefore, trace: cluster.options.trace.tail() };
      },
      undefined,
      { snapshotEntries: 4 },
    );
    expect(outcome.installed).toBe(0);
    expect(outcome.trace).toContain(`snapshot to ${outcome.victim} stopped`);
    expect(streams.filter((s) => s.to === outcome.victim)).toHaveLength(1);
  });
});
