// Original file: proto/raftkv/auth/v1/auth.proto


export interface AddUserRequest {
  'name'?: (string);
  /**
   * Hashed (salted scrypt) by the node that receives it; never stored or replicated as sent.
   */
  'password'?: (string);
  /**
   * A user without a password authenticates only by client certificate.
   */
  'no_password'?: (boolean);
}

export interface AddUserRequest__Output {
  'name': (string);
  /**
   * Hashed (salted scrypt) by the node that receives it; never stored or replicated as sent.
   */
  'password': (string);
  /**
   * A user without a password authenticates only by client certificate.
   */
  'no_password': (boolean);
}
