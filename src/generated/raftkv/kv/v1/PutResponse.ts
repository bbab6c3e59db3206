// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';
import type { KeyValue as _raftkv_kv_v1_KeyValue, KeyValue__Output as _raftkv_kv_v1_KeyValue__Output } from '../../../raftkv/kv/v1/KeyValue';
import type { Long } from '@grpc/proto-loader';

export interface PutResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  /**
   * The previous KeyValue, when prev_kv was asked and the key existed.
   */
  'prev_kv'?: (_raftkv_kv_v1_KeyValue | null);
  /**
   * The lease the key is now attached to (0 for none).
   */
  'lease'?: (number | string | Long);
}

export interface PutResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  /**
   * The previous KeyValue, when prev_kv was asked and the key existed.
   */
  'prev_kv': (_raftkv_kv_v1_KeyValue__Output | null);
  /**
   * The lease the key is now attached to (0 for none).
   */
  'lease': (string);
}
