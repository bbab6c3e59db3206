// Original file: proto/raftkv/auth/v1/auth.proto


export interface ChangePasswordRequest {
  'name'?: (string);
  'password'?: (string);
}

export interface ChangePasswordRequest__Output {
  'name': (string);
  'password': (string);
}
