// Original file: proto/raftkv/auth/v1/auth.proto


export interface ListRolesResponse {
  'names'?: (string)[];
}

export interface ListRolesResponse__Output {
  'names': (string)[];
}
