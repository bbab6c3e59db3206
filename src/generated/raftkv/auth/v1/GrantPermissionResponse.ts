// Original file: proto/raftkv/auth/v1/auth.proto


export interface GrantPermissionResponse {
}

export interface GrantPermissionResponse__Output {
}
