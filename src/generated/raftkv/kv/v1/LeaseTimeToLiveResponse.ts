// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';
import type { Long } from '@grpc/proto-loader';

export interface LeaseTimeToLiveResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  'id'?: (number | string | Long);
  /**
   * Seconds left before expiry (rounded up); -1 when the lease does not exist.
   */
  'ttl_seconds'?: (number | string | Long);
  /**
   * The TTL the lease was granted with.
   */
  'granted_ttl_seconds'?: (number | string | Long);
  'keys'?: (string)[];
}

export interface LeaseTimeToLiveResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  'id': (string);
  /**
   * Seconds left before expiry (rounded up); -1 when the lease does not exist.
   */
  'ttl_seconds': (string);
  /**
   * The TTL the lease was granted with.
   */
  'granted_ttl_seconds': (string);
  'keys': (string)[];
}
