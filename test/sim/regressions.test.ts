/**
 * Core bugs the simulator found, each replayed as a short script so a
 * regression is caught by name, not only by some future seed.
 */
import { MessageType } from '../../src/raft';
import { elect, scriptedCluster } from './support/script';

// SEED=<n> replays one fuzzer scenario (safety.test.ts) and nothing else.
const replaying = process.env.SEED !== undefined;

(replaying ? describe.skip : describe)('regressions found by the simulator', () => {
  // Found as a liveness failure in about one seed in ten: with its inflight
  // window full of lost MsgApps, the leader never sent the follower another.
  it('a follower whose in-flight appends were all lost catches up within a few heartbeats', () => {
    const cluster = scriptedCluster({ nodes: ['n1', 'n2', 'n3'], maxInflightMessages: 1 });
    elect(cluster, 'n1', ['n2', 'n3']);
    cluster.tick('n1');
    cluster.settle(); // both followers hold the leader's no-op and are in Replicate
    const write = cluster.propose('n1');
    cluster.processReady('n1');
    const toN2 = cluster.network.inFlight.findIndex((f) => f.message.type === MessageType.App && f.message.to === 'n2');
    cluster.dropMessage(toN2); // n2's whole inflight window (one message) is lost
    cluster.settle(); // n1 and n3 commit the write
    for (let beat = 0; beat < 5; beat++) {
      cluster.tick('n1');
      cluster.settle();
    }
    expect(write).toBeDefined();
    expect(cluster.appliedAt('n2', write?.index ?? -1)?.term).toBe(write?.term);
  });
});
