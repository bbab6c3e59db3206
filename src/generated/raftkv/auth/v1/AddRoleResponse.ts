// Original file: proto/raftkv/auth/v1/auth.proto


export interface AddRoleResponse {
}

export interface AddRoleResponse__Output {
}
