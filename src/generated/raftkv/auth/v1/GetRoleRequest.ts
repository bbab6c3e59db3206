// Original file: proto/raftkv/auth/v1/auth.proto


export interface GetRoleRequest {
  'name'?: (string);
}

export interface GetRoleRequest__Output {
  'name': (string);
}
