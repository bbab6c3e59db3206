// Original file: proto/raftkv/auth/v1/auth.proto

import type { Long } from '@grpc/proto-loader';

export interface AuthenticateResponse {
  'token'?: (string);
  /**
   * Seconds the token stays valid without use; every use restarts it.
   */
  'ttl_seconds'?: (number | string | Long);
}

export interface AuthenticateResponse__Output {
  'token': (string);
  /**
   * Seconds the token stays valid without use; every use restarts it.
   */
  'ttl_seconds': (string);
}
