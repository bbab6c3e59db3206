// Original file: proto/raftkv/auth/v1/auth.proto


export interface RevokeRoleResponse {
}

export interface RevokeRoleResponse__Output {
}
