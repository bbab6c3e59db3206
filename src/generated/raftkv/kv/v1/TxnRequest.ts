// Original file: proto/raftkv/kv/v1/kv.proto

import type { Compare as _raftkv_kv_v1_Compare, Compare__Output as _raftkv_kv_v1_Compare__Output } from '../../../raftkv/kv/v1/Compare';
import type { RequestOp as _raftkv_kv_v1_RequestOp, RequestOp__Output as _raftkv_kv_v1_RequestOp__Output } from '../../../raftkv/kv/v1/RequestOp';

/**
 * TxnRequest: if every compare holds, apply success, else failure. At most
 * 128 compares and 128 operations per branch; a key is written at most once
 * per branch.
 * 
 * The range operations of one Txn share ONE 2 MiB budget of keys and values
 * (not 2 MiB each), so a response stays bounded. They take it in order: once
 * it is spent, a later range returns the keys that still fit, possibly none,
 * with more = true and a next_page_token; read the rest with Range outside
 * the Txn (same key, range_end and prefix, page_token = that token). Where
 * the pages end depends only on the data, never on timing or the node. The
 * first range that reads a key always returns at least one.
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
 * 
 * The range operations of one Txn share ONE 2 MiB budget of keys and values
 * (not 2 MiB each), so a response stays bounded. They take it in order: once
 * it is spent, a later range returns the keys that still fit, possibly none,
 * with more = true and a next_page_token; read the rest with Range outside
 * the Txn (same key, range_end and prefix, page_token = that token). Where
 * the pages end depends only on the data, never on timing or the node. The
 * first range that reads a key always returns at least one.
 */
export interface TxnRequest__Output {
  'compare': (_raftkv_kv_v1_Compare__Output)[];
  'success': (_raftkv_kv_v1_RequestOp__Output)[];
  'failure': (_raftkv_kv_v1_RequestOp__Output)[];
}
