// Original file: proto/raftkv/kv/v1/kv.proto


export interface LeaseLeasesRequest {
}

export interface LeaseLeasesRequest__Output {
}
