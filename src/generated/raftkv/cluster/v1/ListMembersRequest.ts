// Original file: proto/raftkv/cluster/v1/cluster.proto


export interface ListMembersRequest {
}

export interface ListMembersRequest__Output {
}
