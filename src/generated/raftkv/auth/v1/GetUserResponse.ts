// Original file: proto/raftkv/auth/v1/auth.proto


export interface GetUserResponse {
  'name'?: (string);
  'roles'?: (string)[];
}

export interface GetUserResponse__Output {
  'name': (string);
  'roles': (string)[];
}
