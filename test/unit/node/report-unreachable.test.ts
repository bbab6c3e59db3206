import type { RaftNode } from '../../../src/node/raft-node';
import { Role } from '../../../src/raft/types';
import { waitFor } from '../../support/wait';
import { nodeWithScriptedFollower } from './support';

/**
 * The transport's failed Sends reach the core (GrpcTransport onUnreachable →
 * RaftNode.reportUnreachable): the leader goes back to probing that peer.
 */
describe('an unreachable peer reported to the node', () => {
  const nodes: RaftNode[] = [];
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.close();
  });

  it('moves the leader\'s progress for that peer from Replicate back to Probe', async () => {
    // n2 grants every vote and acknowledges every append.
    const { node: n1 } = await nodeWithScriptedFollower({ tickMs: 2, electionTicks: 5 });
    nodes.push(n1);
    await waitFor('n1 to lead with n2 replicating', () => n1.role === Role.Leader && n1.status().progress.get('n2')?.state === 'Replicate');
    n1.reportUnreachable('n2');
    expect(n1.status().progress.get('n2')?.state).toBe('Probe');
  });
});
