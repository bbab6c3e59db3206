// Original file: proto/raftkv/auth/v1/auth.proto


export interface AddUserResponse {
}

export interface AddUserResponse__Output {
}
