/**
 * etcd's response header and numeric ids. etcd names clusters and members
 * with uint64 ids; raftkv names them with strings (--id, the cluster id). A
 * cluster id derived at bootstrap (src/discovery/cluster-id.ts) is a uint64
 * already, shown as is; any other id (a member's, or a cluster id configured
 * with --cluster-id or stored before ids were derived) is shown as the first
 * 8 bytes, big-endian, of the SHA-256 of its string: stable across restarts
 * and nodes, computed alike by everyone, and never 0 (etcd's "none"). MemberRemove/Promote/MoveLeader map an id
 * back by hashing the current members.
 */
import { createHash } from 'node:crypto';
import { clusterIdNumber } from '../discovery/cluster-id';
import type { ResponseHeader } from '../generated/etcdserverpb/ResponseHeader';

/** The uint64 etcd id of a raftkv cluster or member id, as a decimal string ("0" for none: ""). */
export function etcdId(name: string): string {
  if (name === '') return '0';
  const id = createHash('sha256').update(name, 'utf8').digest().readBigUInt64BE(0);
  return (id === 0n ? 1n : id).toString();
}

/** What a header reads of the node. */
export interface EtcdHeaderNode {
  readonly id: string;
  status(): { readonly term: number };
}

export type EtcdHeader = (revision: number) => ResponseHeader;

/** Builds headers for one node: cluster and member ids computed once, term read at each call. */
export function etcdHeader(node: EtcdHeaderNode, clusterId: string): EtcdHeader {
  const cluster_id = clusterIdNumber(clusterId) ?? etcdId(clusterId);
  const member_id = etcdId(node.id);
  return (revision) => ({ cluster_id, member_id, revision: String(revision), raft_term: String(node.status().term) });
}
