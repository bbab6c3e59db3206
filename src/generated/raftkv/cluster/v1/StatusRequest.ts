// Original file: proto/raftkv/cluster/v1/cluster.proto


export interface StatusRequest {
}

export interface StatusRequest__Output {
}
