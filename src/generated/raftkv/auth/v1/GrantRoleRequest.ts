// Original file: proto/raftkv/auth/v1/auth.proto


export interface GrantRoleRequest {
  'user'?: (string);
  'role'?: (string);
}

export interface GrantRoleRequest__Output {
  'user': (string);
  'role': (string);
}
