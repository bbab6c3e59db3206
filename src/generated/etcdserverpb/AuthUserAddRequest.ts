// Original file: proto/etcd/etcdserverpb/rpc.proto

import type { UserAddOptions as _authpb_UserAddOptions, UserAddOptions__Output as _authpb_UserAddOptions__Output } from '../authpb/UserAddOptions';

export interface AuthUserAddRequest {
  'name'?: (string);
  'password'?: (string);
  'options'?: (_authpb_UserAddOptions | null);
  /**
   * etcd 3.5 lets a client send a bcrypt hash; raftkv refuses it (its hashes are scrypt).
   */
  'hashedPassword'?: (string);
}

export interface AuthUserAddRequest__Output {
  'name': (string);
  'password': (string);
  'options': (_authpb_UserAddOptions__Output | null);
  /**
   * etcd 3.5 lets a client send a bcrypt hash; raftkv refuses it (its hashes are scrypt).
   */
  'hashedPassword': (string);
}
