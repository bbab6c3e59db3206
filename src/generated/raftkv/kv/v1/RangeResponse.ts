// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';
import type { KeyValue as _raftkv_kv_v1_KeyValue, KeyValue__Output as _raftkv_kv_v1_KeyValue__Output } from '../../../raftkv/kv/v1/KeyValue';
import type { Long } from '@grpc/proto-loader';

export interface RangeResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  'kvs'?: (_raftkv_kv_v1_KeyValue)[];
  /**
   * Whether more keys follow this page; then next_page_token is set.
   */
  'more'?: (boolean);
  /**
   * With count_only, or count_all in a Txn: the number of keys in the
   * range. Otherwise the number of kvs in this page.
   */
  'count'?: (number | string | Long);
  /**
   * Pass as page_token to read the next page (after a Txn: with Range).
   */
  'next_page_token'?: (string);
}

export interface RangeResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  'kvs': (_raftkv_kv_v1_KeyValue__Output)[];
  /**
   * Whether more keys follow this page; then next_page_token is set.
   */
  'more': (boolean);
  /**
   * With count_only, or count_all in a Txn: the number of keys in the
   * range. Otherwise the number of kvs in this page.
   */
  'count': (string);
  /**
   * Pass as page_token to read the next page (after a Txn: with Range).
   */
  'next_page_token': (string);
}
