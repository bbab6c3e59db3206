// Original file: proto/raftkv/cluster/v1/cluster.proto


export interface AddMemberRequest {
  /**
   * Node id: 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit.
   */
  'id'?: (string);
  /**
   * host:port of the new node's peer (RaftService) port.
   */
  'peer_address'?: (string);
  /**
   * host:port of the new node's client port.
   */
  'client_address'?: (string);
  /**
   * Keep the node a learner; by default it is promoted once caught up.
   */
  'learner_only'?: (boolean);
}

export interface AddMemberRequest__Output {
  /**
   * Node id: 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit.
   */
  'id': (string);
  /**
   * host:port of the new node's peer (RaftService) port.
   */
  'peer_address': (string);
  /**
   * host:port of the new node's client port.
   */
  'client_address': (string);
  /**
   * Keep the node a learner; by default it is promoted once caught up.
   */
  'learner_only': (boolean);
}
