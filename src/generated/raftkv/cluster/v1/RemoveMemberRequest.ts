// Original file: proto/raftkv/cluster/v1/cluster.proto


export interface RemoveMemberRequest {
  'id'?: (string);
}

export interface RemoveMemberRequest__Output {
  'id': (string);
}
