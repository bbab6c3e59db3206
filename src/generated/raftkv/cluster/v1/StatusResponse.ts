// Original file: proto/raftkv/cluster/v1/cluster.proto

import type { Role as _raftkv_cluster_v1_Role, Role__Output as _raftkv_cluster_v1_Role__Output } from '../../../raftkv/cluster/v1/Role';
import type { Member as _raftkv_cluster_v1_Member, Member__Output as _raftkv_cluster_v1_Member__Output } from '../../../raftkv/cluster/v1/Member';
import type { Long } from '@grpc/proto-loader';

export interface StatusResponse {
  'id'?: (string);
  'cluster_id'?: (string);
  'role'?: (_raftkv_cluster_v1_Role);
  'term'?: (number | string | Long);
  /**
   * Id of the leader this node knows of, empty when none.
   */
  'leader_id'?: (string);
  'commit_index'?: (number | string | Long);
  'applied_index'?: (number | string | Long);
  'last_log_index'?: (number | string | Long);
  'members'?: (_raftkv_cluster_v1_Member)[];
}

export interface StatusResponse__Output {
  'id': (string);
  'cluster_id': (string);
  'role': (_raftkv_cluster_v1_Role__Output);
  'term': (string);
  /**
   * Id of the leader this node knows of, empty when none.
   */
  'leader_id': (string);
  'commit_index': (string);
  'applied_index': (string);
  'last_log_index': (string);
  'members': (_raftkv_cluster_v1_Member__Output)[];
}
