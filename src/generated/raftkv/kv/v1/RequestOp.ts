// Original file: proto/raftkv/kv/v1/kv.proto

import type { RangeRequest as _raftkv_kv_v1_RangeRequest, RangeRequest__Output as _raftkv_kv_v1_RangeRequest__Output } from '../../../raftkv/kv/v1/RangeRequest';
import type { PutRequest as _raftkv_kv_v1_PutRequest, PutRequest__Output as _raftkv_kv_v1_PutRequest__Output } from '../../../raftkv/kv/v1/PutRequest';
import type { DeleteRequest as _raftkv_kv_v1_DeleteRequest, DeleteRequest__Output as _raftkv_kv_v1_DeleteRequest__Output } from '../../../raftkv/kv/v1/DeleteRequest';
import type { TxnRequest as _raftkv_kv_v1_TxnRequest, TxnRequest__Output as _raftkv_kv_v1_TxnRequest__Output } from '../../../raftkv/kv/v1/TxnRequest';

/**
 * RequestOp is one operation of a Txn branch. Range operations read the
 * state as of the operations before them in the branch.
 */
export interface RequestOp {
  'request_range'?: (_raftkv_kv_v1_RangeRequest | null);
  'request_put'?: (_raftkv_kv_v1_PutRequest | null);
  'request_delete'?: (_raftkv_kv_v1_DeleteRequest | null);
  /**
   * A nested transaction: its compares are evaluated, with every other
   * compare of the request, against the state before the request began;
   * its operations run in place, at the request's one revision.
   */
  'request_txn'?: (_raftkv_kv_v1_TxnRequest | null);
  'request'?: "request_range"|"request_put"|"request_delete"|"request_txn";
}

/**
 * RequestOp is one operation of a Txn branch. Range operations read the
 * state as of the operations before them in the branch.
 */
export interface RequestOp__Output {
  'request_range'?: (_raftkv_kv_v1_RangeRequest__Output | null);
  'request_put'?: (_raftkv_kv_v1_PutRequest__Output | null);
  'request_delete'?: (_raftkv_kv_v1_DeleteRequest__Output | null);
  /**
   * A nested transaction: its compares are evaluated, with every other
   * compare of the request, against the state before the request began;
   * its operations run in place, at the request's one revision.
   */
  'request_txn'?: (_raftkv_kv_v1_TxnRequest__Output | null);
  'request'?: "request_range"|"request_put"|"request_delete"|"request_txn";
}
