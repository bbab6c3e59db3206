/**
 * etcd's Cluster service over raftkv's membership. Members show with a uint64
 * ID derived from the raftkv id (etcd-header.ts), the raftkv id as name, and
 * http:// URLs of their peer and client addresses. Remove and Promote map an
 * ID back to the member whose id hashes to it. MemberAdd and MemberUpdate do
 * not map: etcd's MemberAdd names only peer URLs and lets the server choose
 * the id, while a raftkv member's id is its own (--id), chosen by the joiner.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ClusterHandlers } from '../generated/etcdserverpb/Cluster';
import type { Member } from '../generated/etcdserverpb/Member';
import type { RaftNode } from '../node/raft-node';
import { ConfChangeType } from '../raft/types';
import { listMembers } from '../server/cluster-service';
import { requestDeadline } from '../server/request-context';
import { unary, type HandlerLogger } from '../server/unary';
import { etcdId, type EtcdHeader } from './etcd-header';
import { EtcdError, EtcdUnsupportedError, etcdStatus } from './etcd-status';

export type EtcdClusterNode = Pick<RaftNode, 'status' | 'members' | 'proposeConfChange'>;

export interface EtcdClusterDeps {
  readonly node: EtcdClusterNode;
  readonly header: EtcdHeader;
  readonly revision: () => number;
  readonly advertiseClientAddr: string;
  readonly requestTimeoutMs: number;
  readonly logger: HandlerLogger;
}

const url = (address: string): string[] => (address === '' ? [] : [`http://${address}`]);

/** The raftkv id of the member whose etcd ID is `id`; etcd's "member not found" if none. */
export function memberIdOf(node: Pick<RaftNode, 'status'>, id: string): string {
  const cs = node.status().confState;
  const found = [...cs.voters, ...cs.learners].find((m) => etcdId(m) === id);
  if (found === undefined) throw new EtcdError('memberNotFound');
  return found;
}

export function etcdClusterHandlers(deps: EtcdClusterDeps): ClusterHandlers {
  const { node, header, logger } = deps;
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);
  const members = (): Member[] =>
    listMembers(node, deps.advertiseClientAddr).map((m) => ({
      ID: etcdId(m.id ?? ''),
      name: m.id ?? '',
      peerURLs: url(m.peer_address ?? ''),
      clientURLs: url(m.client_address ?? ''),
      isLearner: m.suffrage === 'SUFFRAGE_LEARNER',
    }));
  const change = (type: ConfChangeType, what: string) =>
    unary<{ ID: string }, { header: ReturnType<EtcdHeader>; members: Member[] }>(
      `etcd.Member${what}`,
      logger,
      async (req, call) => {
        await node.proposeConfChange({ type, nodeId: memberIdOf(node, req.ID) }, deadlineOf(call));
        return { header: header(deps.revision()), members: members() };
      },
      etcdStatus,
    );
  const unsupported = (what: string, why: string) =>
    unary<unknown, never>(
      `etcd.Member${what}`,
      logger,
      async () => {
        throw new EtcdUnsupportedError(`Member${what} is not supported: ${why}`);
      },
      etcdStatus,
    );
  return {
    MemberList: unary('etcd.MemberList', logger, async () => ({ header: header(deps.revision()), members: members() }), etcdStatus),
    MemberRemove: change(ConfChangeType.RemoveNode, 'Remove'),
    MemberPromote: change(ConfChangeType.PromoteLearner, 'Promote'),
    MemberAdd: unsupported('Add', "a raftkv member chooses its own id; start it with --join (or use raftkv's ClusterService.AddMember)"),
    MemberUpdate: unsupported('Update', 'raftkv members record their own addresses when they start'),
  };
}
