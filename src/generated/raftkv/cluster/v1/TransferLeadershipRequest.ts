// Original file: proto/raftkv/cluster/v1/cluster.proto


export interface TransferLeadershipRequest {
  /**
   * Id of the voter to hand leadership to.
   */
  'to'?: (string);
}

export interface TransferLeadershipRequest__Output {
  /**
   * Id of the voter to hand leadership to.
   */
  'to': (string);
}
