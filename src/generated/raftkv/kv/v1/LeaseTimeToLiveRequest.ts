// Original file: proto/raftkv/kv/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

export interface LeaseTimeToLiveRequest {
  'id'?: (number | string | Long);
  /**
   * List the keys attached to the lease.
   */
  'keys'?: (boolean);
}

export interface LeaseTimeToLiveRequest__Output {
  'id': (string);
  /**
   * List the keys attached to the lease.
   */
  'keys': (boolean);
}
