// Original file: proto/raftkv/auth/v1/auth.proto


export interface AddRoleRequest {
  'name'?: (string);
}

export interface AddRoleRequest__Output {
  'name': (string);
}
