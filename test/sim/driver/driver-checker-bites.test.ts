/**
 * The driver simulator is not vacuous: known driver bugs, patched back in,
 * are caught by its checks. Each patch reproduces an old behaviour from the
 * outside of RaftNode, so production code carries no switch for it. The
 * old waiter keying has its own file (it replaces a module).
 */
import type { SnapshotItem } from '../../../src/codec/snapshot-codec';
import { SafetyViolation, ViolationKind } from '../support/violation';
import type { DriverCluster } from './driver-cluster';
import { sameIndexProposedTwice, staleSnapshotThenRestart, withDriverCluster } from './driver-stories';

/** The old driver: stage, then write the snapshot's data (dropping the stored log) whenever it lies past the commit index, before the core had a say. */
function installBeforeTheCoreDecides(cluster: DriverCluster): void {
  cluster.onNodeStarted = ({ node, store, stateMachine }) => {
    const install = node.installSnapshot.bind(node);
    node.installSnapshot = async (header, chunks) => {
      const items: SnapshotItem[] = [];
      for await (const batch of chunks) items.push(...batch);
      const meta = header.metadata;
      if (meta.index > node.status().commit && meta.index > node.appliedIndex) {
        const staging = await store.stageSnapshot();
        await staging.add(items);
        await stateMachine.restore(meta.index, () => store.installSnapshot({ metadata: meta, members: header.members, revision: header.revision ?? 0, staging }));
      }
      return install(header, (async function* () {
        yield items;
      })());
    };
  };
}

describe('the driver simulator catches known driver bugs', () => {
  it("installing a stale snapshot's data before the core decides (the old order) is caught: the follower's replica diverges", async () => {
    const caught = await withDriverCluster(1, (cluster) => staleSnapshotThenRestart(cluster).then(() => undefined, (err: unknown) => err), installBeforeTheCoreDecides);
    process.stdout.write(`old install order caught: ${(caught as Error).message.split('\n')[0]}\n`);
    expect(caught).toBeInstanceOf(SafetyViolation);
    expect([ViolationKind.StateMachineSafety, ViolationKind.LeaderCompleteness]).toContain((caught as SafetyViolation).kind);
  });

  // On the production driver the stale sender is refused outright; were it not, the core would decline the
  // snapshot and nothing would be installed (test/unit/node/snapshot-install.test.ts shows both).
  it('(control) the same story on the production driver keeps every committed entry', async () => {
    await withDriverCluster(1, async (cluster) => {
      await staleSnapshotThenRestart(cluster);
      cluster.assertNoViolation();
    });
  });
});

describe('(control) the production registry in the same story', () => {
  it('answers the write the leader applied at an index its earlier term had used', async () => {
    await withDriverCluster(2, async (cluster) => {
      const { answered } = await sameIndexProposedTwice(cluster);
      expect(answered).toBe(true);
      cluster.assertNoViolation();
    });
  });
});
