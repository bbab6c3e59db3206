// Original file: proto/raftkv/auth/v1/auth.proto


export interface GetUserRequest {
  'name'?: (string);
}

export interface GetUserRequest__Output {
  'name': (string);
}
