// Original file: proto/raftkv/auth/v1/auth.proto


export interface RevokeRoleRequest {
  'user'?: (string);
  'role'?: (string);
}

export interface RevokeRoleRequest__Output {
  'user': (string);
  'role': (string);
}
