// Original file: proto/raftkv/kv/v1/kv.proto

import type { CompareTarget as _raftkv_kv_v1_CompareTarget, CompareTarget__Output as _raftkv_kv_v1_CompareTarget__Output } from '../../../raftkv/kv/v1/CompareTarget';
import type { CompareOp as _raftkv_kv_v1_CompareOp, CompareOp__Output as _raftkv_kv_v1_CompareOp__Output } from '../../../raftkv/kv/v1/CompareOp';
import type { Long } from '@grpc/proto-loader';

/**
 * Compare is one condition of a Txn. A missing key has version 0, create and
 * mod revision 0 and lease 0; a VALUE compare on a missing key is false.
 */
export interface Compare {
  'key'?: (string);
  'target'?: (_raftkv_kv_v1_CompareTarget);
  'op'?: (_raftkv_kv_v1_CompareOp);
  'value'?: (Buffer | Uint8Array | string);
  'version'?: (number | string | Long);
  'create_revision'?: (number | string | Long);
  'mod_revision'?: (number | string | Long);
  'lease'?: (number | string | Long);
  /**
   * When set, every key in [key, range_end) must satisfy the compare ("\0":
   * every key from `key` on); a range holding no key is compared as one
   * missing key. Empty: `key` alone.
   */
  'range_end'?: (string);
  /**
   * The operand; the member set must match target.
   */
  'operand'?: "value"|"version"|"create_revision"|"mod_revision"|"lease";
}

/**
 * Compare is one condition of a Txn. A missing key has version 0, create and
 * mod revision 0 and lease 0; a VALUE compare on a missing key is false.
 */
export interface Compare__Output {
  'key': (string);
  'target': (_raftkv_kv_v1_CompareTarget__Output);
  'op': (_raftkv_kv_v1_CompareOp__Output);
  'value'?: (Buffer);
  'version'?: (string);
  'create_revision'?: (string);
  'mod_revision'?: (string);
  'lease'?: (string);
  /**
   * When set, every key in [key, range_end) must satisfy the compare ("\0":
   * every key from `key` on); a range holding no key is compared as one
   * missing key. Empty: `key` alone.
   */
  'range_end': (string);
  /**
   * The operand; the member set must match target.
   */
  'operand'?: "value"|"version"|"create_revision"|"mod_revision"|"lease";
}
