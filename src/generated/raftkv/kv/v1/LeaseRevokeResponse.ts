// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';
import type { Long } from '@grpc/proto-loader';

export interface LeaseRevokeResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  /**
   * How many keys were deleted with the lease.
   */
  'deleted'?: (number | string | Long);
}

export interface LeaseRevokeResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  /**
   * How many keys were deleted with the lease.
   */
  'deleted': (string);
}
