// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';

export interface DeleteResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  /**
   * Whether the key existed before the delete.
   */
  'found'?: (boolean);
}

export interface DeleteResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  /**
   * Whether the key existed before the delete.
   */
  'found': (boolean);
}
