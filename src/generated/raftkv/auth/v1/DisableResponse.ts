// Original file: proto/raftkv/auth/v1/auth.proto


export interface DisableResponse {
}

export interface DisableResponse__Output {
}
