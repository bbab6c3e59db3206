// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';
import type { Long } from '@grpc/proto-loader';

export interface LeaseKeepAliveResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  'id'?: (number | string | Long);
  /**
   * The TTL restarted; 0 when the lease does not exist (expired or revoked).
   */
  'ttl_seconds'?: (number | string | Long);
}

export interface LeaseKeepAliveResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  'id': (string);
  /**
   * The TTL restarted; 0 when the lease does not exist (expired or revoked).
   */
  'ttl_seconds': (string);
}
