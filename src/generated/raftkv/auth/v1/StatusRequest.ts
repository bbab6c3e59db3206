// Original file: proto/raftkv/auth/v1/auth.proto


export interface StatusRequest {
}

export interface StatusRequest__Output {
}
