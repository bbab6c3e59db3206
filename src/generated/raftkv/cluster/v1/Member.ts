// Original file: proto/raftkv/cluster/v1/cluster.proto

import type { Suffrage as _raftkv_cluster_v1_Suffrage, Suffrage__Output as _raftkv_cluster_v1_Suffrage__Output } from '../../../raftkv/cluster/v1/Suffrage';
import type { Long } from '@grpc/proto-loader';

export interface Member {
  'id'?: (string);
  /**
   * Address of the member's peer (RaftService) port.
   */
  'peer_address'?: (string);
  /**
   * Address of the member's client (KVService) port.
   */
  'client_address'?: (string);
  'suffrage'?: (_raftkv_cluster_v1_Suffrage);
  /**
   * Highest log index known to be replicated on this member (leader's view;
   * 0 when the answering node is not the leader).
   */
  'match_index'?: (number | string | Long);
  'is_leader'?: (boolean);
  /**
   * Whether the member's log is within a small distance of the leader's
   * commit index (leader's view; false when the answering node is not the
   * leader).
   */
  'caught_up'?: (boolean);
}

export interface Member__Output {
  'id': (string);
  /**
   * Address of the member's peer (RaftService) port.
   */
  'peer_address': (string);
  /**
   * Address of the member's client (KVService) port.
   */
  'client_address': (string);
  'suffrage': (_raftkv_cluster_v1_Suffrage__Output);
  /**
   * Highest log index known to be replicated on this member (leader's view;
   * 0 when the answering node is not the leader).
   */
  'match_index': (string);
  'is_leader': (boolean);
  /**
   * Whether the member's log is within a small distance of the leader's
   * commit index (leader's view; false when the answering node is not the
   * leader).
   */
  'caught_up': (boolean);
}
