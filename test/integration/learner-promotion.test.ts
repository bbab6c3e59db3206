/**
 * A learner that has not caught up is not promoted (issue #12 item 8), on
 * either API, whichever node is asked; etcd's words on etcd's API.
 */
import * as grpc from '@grpc/grpc-js';
import { startCluster, type InProcessNode } from '../support/in-process-node';
import { GrpcCaller } from '../support/grpc-caller';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

describe('promoting a learner', () => {
  let nodes: InProcessNode[] = [];
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
  });

  it('is refused until the learner is in sync with the leader', async () => {
    nodes = await startCluster(3, () => []);
    const leaderId = await waitFor('a leader', () => nodes[0]!.server.node.leader || undefined, 20_000);
    const follower = nodes.find((n) => n.id !== leaderId)!;
    const caller = new GrpcCaller(follower.clientAddress);
    try {
      // A learner nobody runs: its log stays empty.
      const added = await caller.call('/raftkv.cluster.v1.ClusterService/AddMember', { id: 'n9', peer_address: '127.0.0.1:1', client_address: '127.0.0.1:2', learner_only: true });
      expect(grpc.status[added.code]).toBe('OK');
      const raftkv = await caller.call('/raftkv.cluster.v1.ClusterService/PromoteMember', { id: 'n9' });
      expect(grpc.status[raftkv.code]).toBe('FAILED_PRECONDITION');
      expect(raftkv.details).toMatch(/^can only promote a learner member which is in sync with leader: n9 has entries up to 0/);
      const list = (await caller.call('/etcdserverpb.Cluster/MemberList', {})).response as { members: { ID: string; name: string; isLearner: boolean }[] };
      const n9 = list.members.find((m) => m.name === 'n9');
      expect(n9?.isLearner).toBe(true);
      const etcd = await caller.call('/etcdserverpb.Cluster/MemberPromote', { ID: n9!.ID });
      expect([grpc.status[etcd.code], etcd.details]).toEqual(['FAILED_PRECONDITION', 'etcdserver: can only promote a learner member which is in sync with leader']);
      const members = (await caller.call('/raftkv.cluster.v1.ClusterService/ListMembers', {})).response as { members: { id: string; suffrage: string }[] };
      expect(members.members.find((m) => m.id === 'n9')?.suffrage).toMatch(/LEARNER/);
    } finally {
      caller.close();
    }
  });
});
