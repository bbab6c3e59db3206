// Original file: proto/raftkv/cluster/v1/cluster.proto


export interface TransferLeadershipResponse {
  /**
   * The leader once the transfer completed.
   */
  'leader_id'?: (string);
}

export interface TransferLeadershipResponse__Output {
  /**
   * The leader once the transfer completed.
   */
  'leader_id': (string);
}
