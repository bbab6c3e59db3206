import type * as grpc from '@grpc/grpc-js';
import { clusterServiceHandlers } from '../../../src/server/cluster-service';
import type { RaftNode } from '../../../src/node/raft-node';
import type { AddMemberRequest__Output as AddMemberRequest } from '../../../src/generated/raftkv/cluster/v1/AddMemberRequest';
import type { AddMemberResponse } from '../../../src/generated/raftkv/cluster/v1/AddMemberResponse';
import type { ConfChange } from '../../../src/raft/types';

/**
 * AddMember answers with the index of the entry that added the learner: the
 * joining node ignores removals of its id only below it (those of an earlier
 * incarnation). The serving node's applied index may lie past a later
 * removal of the new member, which the joiner would then wrongly ignore.
 */
describe('AddMember', () => {
  function service(): { call(req: AddMemberRequest): Promise<AddMemberResponse>; voters: string[]; learners: string[] } {
    const voters = ['n1', 'n2', 'n3'];
    const learners: string[] = [];
    const node = {
      status: () => ({ id: 'n2', lead: 'n1', commit: 60, applied: 57, progress: new Map(), confState: { voters, learners } }),
      members: () => new Map(learners.map((id) => [id, { peerAddress: `${id}:2`, clientAddress: `${id}:1`, autoPromote: true }])),
      appliedIndex: 57,
      memberSince: (id: string) => (learners.includes(id) ? 42 : undefined),
      proposeConfChange: async (cc: ConfChange) => {
        learners.push(cc.nodeId);
        return { index: 42, term: 3 };
      },
    } as unknown as RaftNode;
    const handlers = clusterServiceHandlers({ node, clusterId: 'c', advertiseClientAddr: 'n2:1', requestTimeoutMs: 1000, logger: { debug: () => undefined, error: () => undefined } });
    const call = (request: AddMemberRequest): Promise<AddMemberResponse> =>
      new Promise((resolve, reject) => {
        const unaryCall = { request, getDeadline: () => Infinity } as unknown as grpc.ServerUnaryCall<AddMemberRequest, AddMemberResponse>;
        handlers.AddMember(unaryCall, (err, res) => (err !== null ? reject(new Error(err.details ?? 'error')) : resolve(res as AddMemberResponse)));
      });
    return { call, voters, learners };
  }

  it('answers with the index of the entry that added the learner, not the serving node\'s applied index', async () => {
    const s = service();
    const res = await s.call({ id: 'n4', peer_address: 'n4:2', client_address: 'n4:1', learner_only: false });
    expect(s.learners).toEqual(['n4']);
    expect(res.applied_index).toBe('42');
  });

  it('answers a retry after a lost answer with the same entry', async () => {
    const s = service();
    await s.call({ id: 'n4', peer_address: 'n4:2', client_address: 'n4:1', learner_only: false });
    const retry = await s.call({ id: 'n4', peer_address: 'n4:2', client_address: 'n4:1', learner_only: false });
    expect(s.learners).toEqual(['n4']);
    expect(retry.applied_index).toBe('42');
  });
});
