// Original file: proto/raftkv/auth/v1/auth.proto


export interface EnableResponse {
}

export interface EnableResponse__Output {
}
