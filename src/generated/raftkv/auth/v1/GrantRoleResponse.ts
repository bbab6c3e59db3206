// Original file: proto/raftkv/auth/v1/auth.proto


export interface GrantRoleResponse {
}

export interface GrantRoleResponse__Output {
}
