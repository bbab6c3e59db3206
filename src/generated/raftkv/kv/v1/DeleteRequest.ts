// Original file: proto/raftkv/kv/v1/kv.proto


/**
 * DeleteRequest deletes `key`, or the keys in [key, range_end), or every key
 * starting with `key` when prefix is set.
 */
export interface DeleteRequest {
  /**
   * Non-empty unless range_end or prefix is set.
   */
  'key'?: (string);
  /**
   * Delete [key, range_end). "\u0000" means every key >= key.
   */
  'range_end'?: (string);
  /**
   * Delete every key starting with key ("" with prefix: every key).
   */
  'prefix'?: (boolean);
  /**
   * Return the deleted KeyValues in prev_kvs.
   */
  'prev_kv'?: (boolean);
}

/**
 * DeleteRequest deletes `key`, or the keys in [key, range_end), or every key
 * starting with `key` when prefix is set.
 */
export interface DeleteRequest__Output {
  /**
   * Non-empty unless range_end or prefix is set.
   */
  'key': (string);
  /**
   * Delete [key, range_end). "\u0000" means every key >= key.
   */
  'range_end': (string);
  /**
   * Delete every key starting with key ("" with prefix: every key).
   */
  'prefix': (boolean);
  /**
   * Return the deleted KeyValues in prev_kvs.
   */
  'prev_kv': (boolean);
}
