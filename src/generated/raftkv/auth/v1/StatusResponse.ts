// Original file: proto/raftkv/auth/v1/auth.proto

import type { Long } from '@grpc/proto-loader';

export interface StatusResponse {
  'enabled'?: (boolean);
  /**
   * Counts changes to users, roles and the enabled flag.
   */
  'auth_revision'?: (number | string | Long);
}

export interface StatusResponse__Output {
  'enabled': (boolean);
  /**
   * Counts changes to users, roles and the enabled flag.
   */
  'auth_revision': (string);
}
