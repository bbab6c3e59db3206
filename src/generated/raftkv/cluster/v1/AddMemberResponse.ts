// Original file: proto/raftkv/cluster/v1/cluster.proto

import type { Member as _raftkv_cluster_v1_Member, Member__Output as _raftkv_cluster_v1_Member__Output } from '../../../raftkv/cluster/v1/Member';

export interface AddMemberResponse {
  /**
   * The members as the answering node knows them once the change applied.
   */
  'members'?: (_raftkv_cluster_v1_Member)[];
}

export interface AddMemberResponse__Output {
  /**
   * The members as the answering node knows them once the change applied.
   */
  'members': (_raftkv_cluster_v1_Member__Output)[];
}
