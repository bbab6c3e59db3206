// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';
import type { ResponseOp as _raftkv_kv_v1_ResponseOp, ResponseOp__Output as _raftkv_kv_v1_ResponseOp__Output } from '../../../raftkv/kv/v1/ResponseOp';

export interface TxnResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  /**
   * Whether every compare held (success ran) or not (failure ran).
   */
  'succeeded'?: (boolean);
  /**
   * One response per operation of the branch that ran, in order.
   */
  'responses'?: (_raftkv_kv_v1_ResponseOp)[];
}

export interface TxnResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  /**
   * Whether every compare held (success ran) or not (failure ran).
   */
  'succeeded': (boolean);
  /**
   * One response per operation of the branch that ran, in order.
   */
  'responses': (_raftkv_kv_v1_ResponseOp__Output)[];
}
