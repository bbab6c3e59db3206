// Original file: proto/raftkv/auth/v1/auth.proto


export interface ListUsersRequest {
}

export interface ListUsersRequest__Output {
}
