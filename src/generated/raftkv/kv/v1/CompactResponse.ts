// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';

export interface CompactResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
}

export interface CompactResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
}
