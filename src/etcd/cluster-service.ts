/**
 * etcd's Cluster service over raftkv's membership. Members show with a uint64
 * ID derived from the raftkv id (etcd-header.ts), the raftkv id as name, and
 * http:// URLs of their peer and client addresses. Remove, Promote and Update
 * map an ID back to the member whose id hashes to it. MemberAdd names only a
 * peer URL, so the new member's raftkv id is derived from it
 * (etcd-member-id.ts) and the joining node is started with that id; it is
 * added as a learner, promoted once caught up unless added as a learner.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ClusterHandlers } from '../generated/etcdserverpb/Cluster';
import type { Member } from '../generated/etcdserverpb/Member';
import { encodeMemberContext } from '../codec/member-codec';
import { decodeResult, encodeCommand, throwIfFailed } from '../kv/command';
import type { RaftNode } from '../node/raft-node';
import { ConfChangeType } from '../raft/types';
import { listMembers } from '../server/cluster-service';
import { requestDeadline } from '../server/request-context';
import { unary, type HandlerLogger } from '../server/unary';
import { etcdId, type EtcdHeader } from './etcd-header';
import { EtcdError, etcdStatus } from './etcd-status';
import { memberIdForPeer, peerAddressOfUrls } from './etcd-member-id';

export type EtcdClusterNode = Pick<RaftNode, 'status' | 'members' | 'proposeConfChange' | 'propose'>;

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
      // As etcd: no name until the member has started (it records its client address when it does).
      name: (m.client_address ?? '') === '' ? '' : (m.id ?? ''),
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
  /** etcd refuses a peer URL another member has; raftkv would route two members' traffic to one node. */
  const assertPeerUnused = (peerAddress: string, except?: string): void => {
    for (const [id, m] of node.members()) if (id !== except && m.peerAddress === peerAddress) throw new EtcdError('peerUrlExists');
  };
  return {
    MemberList: unary('etcd.MemberList', logger, async () => ({ header: header(deps.revision()), members: members() }), etcdStatus),
    MemberRemove: change(ConfChangeType.RemoveNode, 'Remove'),
    MemberPromote: change(ConfChangeType.PromoteLearner, 'Promote'),
    MemberAdd: unary(
      'etcd.MemberAdd',
      logger,
      async (req, call) => {
        const peerAddress = peerAddressOfUrls(req.peerURLs);
        assertPeerUnused(peerAddress);
        const id = memberIdForPeer(peerAddress);
        const cs = node.status().confState;
        if (cs.voters.includes(id) || cs.learners.includes(id)) throw new EtcdError('memberExists');
        // Always a learner first: a new, empty voter could cost the quorum while it catches up. Unless
        // etcd's isLearner was asked, raftkv promotes it once it has caught up. Its client address it records itself.
        const context = encodeMemberContext({ peerAddress, clientAddress: '', autoPromote: !req.isLearner });
        await node.proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: id, context }, deadlineOf(call));
        const all = members();
        const added = all.find((m) => m.name === id) ?? { ID: etcdId(id), name: id, peerURLs: url(peerAddress), clientURLs: [], isLearner: true };
        return { header: header(deps.revision()), member: added, members: all };
      },
      etcdStatus,
    ),
    MemberUpdate: unary(
      'etcd.MemberUpdate',
      logger,
      async (req, call) => {
        const id = memberIdOf(node, req.ID);
        const peerAddress = peerAddressOfUrls(req.peerURLs);
        assertPeerUnused(peerAddress, id);
        const applied = await node.propose(encodeCommand({ op: 'member-update', id, clientAddress: '', peerAddress }), deadlineOf(call));
        const result = decodeResult(applied.result);
        throwIfFailed(result);
        // Removed between the lookup and the apply.
        if (!result.found) throw new EtcdError('memberNotFound');
        return { header: header(deps.revision()), members: members() };
      },
      etcdStatus,
    ),
  };
}
