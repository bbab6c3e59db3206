/** raftkv.cluster.v1.ClusterService: what this node knows of itself and the cluster. */
import type { ClusterServiceHandlers } from '../generated/raftkv/cluster/v1/ClusterService';
import type { Member } from '../generated/raftkv/cluster/v1/Member';
import type { Role as RoleName } from '../generated/raftkv/cluster/v1/Role';
import type { RaftNode } from '../node/raft-node';
import { Role } from '../raft/types';
import { unary, type HandlerLogger } from './unary';

export interface ClusterServiceDeps {
  readonly node: RaftNode;
  readonly clusterId: string;
  /** Peer addresses by member id. */
  readonly peerAddresses: () => ReadonlyMap<string, string>;
  readonly advertiseClientAddr: string;
  readonly logger: HandlerLogger;
}

const ROLE_NAMES: Record<Role, RoleName> = {
  [Role.Follower]: 'ROLE_FOLLOWER',
  [Role.PreCandidate]: 'ROLE_PRE_CANDIDATE',
  [Role.Candidate]: 'ROLE_CANDIDATE',
  [Role.Leader]: 'ROLE_LEADER',
};

export function clusterServiceHandlers(deps: ClusterServiceDeps): ClusterServiceHandlers {
  const members = (): Member[] => {
    const s = deps.node.status();
    const addresses = deps.peerAddresses();
    const describe = (id: string, suffrage: Member['suffrage']): Member => ({
      id,
      peer_address: addresses.get(id) ?? '',
      client_address: id === s.id ? deps.advertiseClientAddr : '',
      suffrage,
      match_index: String(s.progress.get(id)?.match ?? 0),
      is_leader: id === s.lead,
    });
    return [
      ...s.confState.voters.map((id) => describe(id, 'SUFFRAGE_VOTER')),
      ...s.confState.learners.map((id) => describe(id, 'SUFFRAGE_LEARNER')),
    ];
  };
  return {
    Status: unary('Status', deps.logger, async () => {
      const s = deps.node.status();
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
  };
}
