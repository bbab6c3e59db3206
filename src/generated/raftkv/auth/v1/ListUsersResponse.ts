// Original file: proto/raftkv/auth/v1/auth.proto


export interface ListUsersResponse {
  'names'?: (string)[];
}

export interface ListUsersResponse__Output {
  'names': (string)[];
}
