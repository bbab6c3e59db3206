// Original file: proto/raftkv/auth/v1/auth.proto


export interface ChangePasswordResponse {
}

export interface ChangePasswordResponse__Output {
}
