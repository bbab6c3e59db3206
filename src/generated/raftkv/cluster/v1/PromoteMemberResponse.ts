// Original file: proto/raftkv/cluster/v1/cluster.proto

import type { Member as _raftkv_cluster_v1_Member, Member__Output as _raftkv_cluster_v1_Member__Output } from '../../../raftkv/cluster/v1/Member';

export interface PromoteMemberResponse {
  'members'?: (_raftkv_cluster_v1_Member)[];
}

export interface PromoteMemberResponse__Output {
  'members': (_raftkv_cluster_v1_Member__Output)[];
}
