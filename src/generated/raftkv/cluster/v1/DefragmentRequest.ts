// Original file: proto/raftkv/cluster/v1/cluster.proto


export interface DefragmentRequest {
}

export interface DefragmentRequest__Output {
}
