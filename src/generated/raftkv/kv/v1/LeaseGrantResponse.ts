// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';
import type { Long } from '@grpc/proto-loader';

export interface LeaseGrantResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  'id'?: (number | string | Long);
  'ttl_seconds'?: (number | string | Long);
}

export interface LeaseGrantResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  'id': (string);
  'ttl_seconds': (string);
}
