// Original file: proto/raftkv/auth/v1/auth.proto


export interface DeleteRoleRequest {
  'name'?: (string);
}

export interface DeleteRoleRequest__Output {
  'name': (string);
}
