// Original file: proto/raftkv/auth/v1/auth.proto


export interface ListRolesRequest {
}

export interface ListRolesRequest__Output {
}
