// Original file: proto/raftkv/auth/v1/auth.proto


export interface DisableRequest {
}

export interface DisableRequest__Output {
}
