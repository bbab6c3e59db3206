// Original file: proto/raftkv/kv/v1/kv.proto

import type { Compare as _raftkv_kv_v1_Compare, Compare__Output as _raftkv_kv_v1_Compare__Output } from '../../../raftkv/kv/v1/Compare';
import type { RequestOp as _raftkv_kv_v1_RequestOp, RequestOp__Output as _raftkv_kv_v1_RequestOp__Output } from '../../../raftkv/kv/v1/RequestOp';

/**
 * TxnRequest: if every compare holds, apply success, else failure. At most
 * 128 compares and 128 operations per branch; a key is written at most once
 * per branch.
 */
export interface TxnRequest {
  'compare'?: (_raftkv_kv_v1_Compare)[];
  'success'?: (_raftkv_kv_v1_RequestOp)[];
  'failure'?: (_raftkv_kv_v1_RequestOp)[];
}

/**
 * TxnRequest: if every compare holds, apply success, else failure. At most
 * 128 compares and 128 operations per branch; a key is written at most once
 * per branch.
 */
export interface TxnRequest__Output {
  'compare': (_raftkv_kv_v1_Compare__Output)[];
  'success': (_raftkv_kv_v1_RequestOp__Output)[];
  'failure': (_raftkv_kv_v1_RequestOp__Output)[];
}
