// Original file: proto/raftkv/auth/v1/auth.proto


export interface EnableRequest {
}

export interface EnableRequest__Output {
}
