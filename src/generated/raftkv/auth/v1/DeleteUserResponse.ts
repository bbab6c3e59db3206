// Original file: proto/raftkv/auth/v1/auth.proto


export interface DeleteUserResponse {
}

export interface DeleteUserResponse__Output {
}
