// Original file: proto/raftkv/auth/v1/auth.proto


export interface DeleteRoleResponse {
}

export interface DeleteRoleResponse__Output {
}
