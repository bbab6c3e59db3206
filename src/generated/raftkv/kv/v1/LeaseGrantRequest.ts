// Original file: proto/raftkv/kv/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

export interface LeaseGrantRequest {
  /**
   * Lifetime in seconds without keep-alives: at least 2, at most 9000000000.
   */
  'ttl_seconds'?: (number | string | Long);
  /**
   * The lease id to use; 0 lets the server choose.
   */
  'id'?: (number | string | Long);
}

export interface LeaseGrantRequest__Output {
  /**
   * Lifetime in seconds without keep-alives: at least 2, at most 9000000000.
   */
  'ttl_seconds': (string);
  /**
   * The lease id to use; 0 lets the server choose.
   */
  'id': (string);
}
