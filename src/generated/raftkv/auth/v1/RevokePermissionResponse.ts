// Original file: proto/raftkv/auth/v1/auth.proto


export interface RevokePermissionResponse {
}

export interface RevokePermissionResponse__Output {
}
