// Original file: proto/raftkv/cluster/v1/cluster.proto


export interface PromoteMemberRequest {
  'id'?: (string);
}

export interface PromoteMemberRequest__Output {
  'id': (string);
}
