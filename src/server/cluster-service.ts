/** raftkv.cluster.v1.ClusterService: what this node knows of itself and the cluster, and membership changes. */
import type * as grpc from '@grpc/grpc-js';
import type { ClusterServiceHandlers } from '../generated/raftkv/cluster/v1/ClusterService';
import type { Member } from '../generated/raftkv/cluster/v1/Member';
import type { Role as RoleName } from '../generated/raftkv/cluster/v1/Role';
import { CAUGHT_UP_DISTANCE, type RaftNode } from '../node/raft-node';
import { ConfChangeType, Role } from '../raft/types';
import { encodeMemberContext } from '../codec/member-codec';
import { FailedPreconditionError, NotAttemptedError } from '../errors';
import { requestDeadline } from './request-context';
import { validateAddress, validateMemberId } from './member-validation';
import { unary, type HandlerLogger } from './unary';

export interface ClusterServiceDeps {
  readonly node: RaftNode;
  readonly clusterId: string;
  readonly advertiseClientAddr: string;
  readonly requestTimeoutMs: number;
  readonly logger: HandlerLogger;
}

const ROLE_NAMES: Record<Role, RoleName> = {
  [Role.Follower]: 'ROLE_FOLLOWER',
  [Role.PreCandidate]: 'ROLE_PRE_CANDIDATE',
  [Role.Candidate]: 'ROLE_CANDIDATE',
  [Role.Leader]: 'ROLE_LEADER',
};

/**
 * Every member as this node knows it: voters then learners, with addresses
 * and, on the leader, replication progress. Shared with etcd's Cluster service.
 */
export function listMembers(node: Pick<RaftNode, 'status' | 'members'>, advertiseClientAddr: string): Member[] {
  const s = node.status();
  const book = node.members();
  const describe = (id: string, suffrage: Member['suffrage']): Member => {
    const record = book.get(id);
    const match = s.progress.get(id)?.match;
    return {
      id,
      peer_address: record?.peerAddress ?? '',
      client_address: record?.clientAddress || (id === s.id ? advertiseClientAddr : ''),
      suffrage,
      match_index: String(match ?? 0),
      is_leader: id === s.lead,
      caught_up: match !== undefined && match > 0 && match + CAUGHT_UP_DISTANCE >= s.commit,
    };
  };
  return [
    ...s.confState.voters.map((id) => describe(id, 'SUFFRAGE_VOTER')),
    ...s.confState.learners.map((id) => describe(id, 'SUFFRAGE_LEARNER')),
  ];
}

export function clusterServiceHandlers(deps: ClusterServiceDeps): ClusterServiceHandlers {
  const { node } = deps;
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);
  const members = (): Member[] => listMembers(node, deps.advertiseClientAddr);
  return {
    Status: unary('Status', deps.logger, async () => {
      const s = node.status();
      return {
        id: s.id,
        cluster_id: deps.clusterId,
        role: ROLE_NAMES[s.role],
        term: String(s.term),
        leader_id: s.lead,
        commit_index: String(s.commit),
        applied_index: String(s.applied),
        last_log_index: String(s.lastIndex),
        members: members(),
      };
    }),
    ListMembers: unary('ListMembers', deps.logger, async () => ({ members: members() })),
    AddMember: unary('AddMember', deps.logger, async (req, call) => {
      const id = validateMemberId('id', req.id);
      const peerAddress = validateAddress('peer_address', req.peer_address);
      const clientAddress = validateAddress('client_address', req.client_address);
      const cs = node.status().confState;
      if (cs.voters.includes(id) || cs.learners.includes(id)) {
        // Idempotent for a joining node that retries after a lost answer.
        const record = node.members().get(id);
        if (record === undefined) throw new NotAttemptedError(`the change adding ${id} is still being applied; retry`);
        if (record.peerAddress !== peerAddress) {
          throw new FailedPreconditionError(`${id} is already a member with peer address ${record.peerAddress}; remove it first to change its address`);
        }
        // A retry after a lost answer: the same entry as the first answer named, as this log knows it.
        return { members: members(), applied_index: String(node.memberSince(id) ?? node.appliedIndex) };
      }
      const context = encodeMemberContext({ peerAddress, clientAddress, autoPromote: !req.learner_only });
      // The index of the entry that added the learner, not this node's applied index: the new node
      // ignores removals of its id only below it (those of an earlier incarnation), never its own.
      const added = await node.proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: id, context }, deadlineOf(call));
      return { members: members(), applied_index: String(added.index) };
    }),
    PromoteMember: unary('PromoteMember', deps.logger, async (req, call) => {
      const id = validateMemberId('id', req.id);
      await node.proposeConfChange({ type: ConfChangeType.PromoteLearner, nodeId: id }, deadlineOf(call));
      return { members: members() };
    }),
    RemoveMember: unary('RemoveMember', deps.logger, async (req, call) => {
      const id = validateMemberId('id', req.id);
      await node.proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: id }, deadlineOf(call));
      return { members: members() };
    }),
    TransferLeadership: unary('TransferLeadership', deps.logger, async (req, call) => {
      const to = validateMemberId('to', req.to);
      return { leader_id: await node.transferLeadership(to, deadlineOf(call)) };
    }),
  };
}
