// Original file: proto/etcd/etcdserverpb/rpc.proto


export interface SnapshotRequest {
}

export interface SnapshotRequest__Output {
}
