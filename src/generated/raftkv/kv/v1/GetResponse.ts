// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';
import type { KeyValue as _raftkv_kv_v1_KeyValue, KeyValue__Output as _raftkv_kv_v1_KeyValue__Output } from '../../../raftkv/kv/v1/KeyValue';

export interface GetResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  /**
   * Whether the key exists. When false, value is empty.
   */
  'found'?: (boolean);
  'value'?: (Buffer | Uint8Array | string);
  /**
   * The key with its metadata; unset when not found.
   */
  'kv'?: (_raftkv_kv_v1_KeyValue | null);
}

export interface GetResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  /**
   * Whether the key exists. When false, value is empty.
   */
  'found': (boolean);
  'value': (Buffer);
  /**
   * The key with its metadata; unset when not found.
   */
  'kv': (_raftkv_kv_v1_KeyValue__Output | null);
}
