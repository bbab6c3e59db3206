// Original file: proto/raftkv/cluster/v1/cluster.proto

import type { Member as _raftkv_cluster_v1_Member, Member__Output as _raftkv_cluster_v1_Member__Output } from '../../../raftkv/cluster/v1/Member';
import type { Long } from '@grpc/proto-loader';

export interface AddMemberResponse {
  /**
   * The members as the answering node knows them once the change applied.
   */
  'members'?: (_raftkv_cluster_v1_Member)[];
  /**
   * The log index of the entry that added the member (on a retry for a
   * member already added: that entry as the answering node's log knows it,
   * or the start of its log when the entry was compacted away). A node
   * re-added under an id removed earlier ignores removals of that id below
   * this index, which belong to its previous incarnation.
   */
  'applied_index'?: (number | string | Long);
}

export interface AddMemberResponse__Output {
  /**
   * The members as the answering node knows them once the change applied.
   */
  'members': (_raftkv_cluster_v1_Member__Output)[];
  /**
   * The log index of the entry that added the member (on a retry for a
   * member already added: that entry as the answering node's log knows it,
   * or the start of its log when the entry was compacted away). A node
   * re-added under an id removed earlier ignores removals of that id below
   * this index, which belong to its previous incarnation.
   */
  'applied_index': (string);
}
