// Original file: proto/raftkv/kv/v1/kv.proto

import type { Consistency as _raftkv_kv_v1_Consistency, Consistency__Output as _raftkv_kv_v1_Consistency__Output } from '../../../raftkv/kv/v1/Consistency';
import type { Long } from '@grpc/proto-loader';

/**
 * RangeRequest reads `key`, or the keys in [key, range_end), or every key
 * starting with `key` when prefix is set, in key order (bytewise UTF-8), one
 * page at a time.
 */
export interface RangeRequest {
  /**
   * Non-empty unless range_end or prefix is set.
   */
  'key'?: (string);
  /**
   * Read [key, range_end). "\u0000" means every key >= key.
   */
  'range_end'?: (string);
  /**
   * Read every key starting with key ("" with prefix: every key).
   */
  'prefix'?: (boolean);
  /**
   * Most keys to return in this page; 0 means the server's page size (1000).
   * At most 10000. A page also ends after 2 MiB of keys and values (in a
   * Txn, 2 MiB shared by all its ranges: see TxnRequest).
   */
  'limit'?: (number | string | Long);
  /**
   * Return keys and metadata without values.
   */
  'keys_only'?: (boolean);
  /**
   * Return only the count of keys in the range (no kvs).
   */
  'count_only'?: (boolean);
  'consistency'?: (_raftkv_kv_v1_Consistency);
  /**
   * Continue a paged read: next_page_token of the previous page. The same
   * key, range_end and prefix must be sent again.
   */
  'page_token'?: (string);
  /**
   * Inside a Txn only: count every key of the range (etcd's count), not
   * just those of this page. Costs a scan of the whole range.
   */
  'count_all'?: (boolean);
}

/**
 * RangeRequest reads `key`, or the keys in [key, range_end), or every key
 * starting with `key` when prefix is set, in key order (bytewise UTF-8), one
 * page at a time.
 */
export interface RangeRequest__Output {
  /**
   * Non-empty unless range_end or prefix is set.
   */
  'key': (string);
  /**
   * Read [key, range_end). "\u0000" means every key >= key.
   */
  'range_end': (string);
  /**
   * Read every key starting with key ("" with prefix: every key).
   */
  'prefix': (boolean);
  /**
   * Most keys to return in this page; 0 means the server's page size (1000).
   * At most 10000. A page also ends after 2 MiB of keys and values (in a
   * Txn, 2 MiB shared by all its ranges: see TxnRequest).
   */
  'limit': (string);
  /**
   * Return keys and metadata without values.
   */
  'keys_only': (boolean);
  /**
   * Return only the count of keys in the range (no kvs).
   */
  'count_only': (boolean);
  'consistency': (_raftkv_kv_v1_Consistency__Output);
  /**
   * Continue a paged read: next_page_token of the previous page. The same
   * key, range_end and prefix must be sent again.
   */
  'page_token': (string);
  /**
   * Inside a Txn only: count every key of the range (etcd's count), not
   * just those of this page. Costs a scan of the whole range.
   */
  'count_all': (boolean);
}
