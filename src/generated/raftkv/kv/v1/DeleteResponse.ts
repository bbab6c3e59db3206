// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';
import type { KeyValue as _raftkv_kv_v1_KeyValue, KeyValue__Output as _raftkv_kv_v1_KeyValue__Output } from '../../../raftkv/kv/v1/KeyValue';
import type { Long } from '@grpc/proto-loader';

export interface DeleteResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  /**
   * Whether anything was deleted.
   */
  'found'?: (boolean);
  /**
   * How many keys were deleted.
   */
  'deleted'?: (number | string | Long);
  /**
   * The deleted keys, when prev_kv was asked.
   */
  'prev_kvs'?: (_raftkv_kv_v1_KeyValue)[];
}

export interface DeleteResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  /**
   * Whether anything was deleted.
   */
  'found': (boolean);
  /**
   * How many keys were deleted.
   */
  'deleted': (string);
  /**
   * The deleted keys, when prev_kv was asked.
   */
  'prev_kvs': (_raftkv_kv_v1_KeyValue__Output)[];
}
