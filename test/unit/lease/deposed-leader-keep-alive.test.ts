import type { RaftNode } from '../../../src/node/raft-node';
import { LeaseRouter } from '../../../src/lease/lease-router';
import { TimeoutError } from '../../../src/errors';
import { Role } from '../../../src/raft/types';
import { waitFor } from '../../support/wait';
import { nodeWithScriptedFollower } from '../node/support';

/**
 * A leader cut off from its followers keeps believing it leads until its
 * CheckQuorum window ends, while the others may already have elected a new
 * leader that lets the lease expire. Its answer to a keep-alive must not be
 * "renewed": the read-index round the renewal waits on finds no quorum.
 */
describe('a keep-alive on a leader cut off from its quorum', () => {
  const nodes: RaftNode[] = [];
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.close();
  });

  it('is never answered "renewed" while the leader still believes it leads', async () => {
    // n2 grants every vote and acknowledges everything, until the partition. CheckQuorum steps a
    // cut-off leader down 0.5 to 1 s after the cut: longer than the keep-alive's deadline.
    const { node: n1, link } = await nodeWithScriptedFollower({ tickMs: 5, electionTicks: 100 });
    nodes.push(n1);
    await waitFor('n1 to lead', () => n1.role === Role.Leader, 10_000, 5);
    const renewed: string[] = [];
    const keeper = {
      renew: (ids: readonly string[]) => {
        renewed.push(...ids);
        return ids.map(() => 10);
      },
      timesToLive: () => [],
    };
    const router = new LeaseRouter(n1, keeper, {});
    expect(await router.renew(['7'], new Date(Date.now() + 5_000))).toEqual([10]);

    link.cut = true;
    await expect(router.renew(['7'], new Date(Date.now() + 200))).rejects.toThrow(TimeoutError);
    expect(n1.role).toBe(Role.Leader);
    expect(renewed).toEqual(['7']);
  }, 20_000);
});
