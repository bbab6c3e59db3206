// Original file: proto/raftkv/kv/v1/kv.proto


export interface PutRequest {
  /**
   * Non-empty, at most 4096 bytes of UTF-8.
   */
  'key'?: (string);
  /**
   * At most 1 MiB.
   */
  'value'?: (Buffer | Uint8Array | string);
}

export interface PutRequest__Output {
  /**
   * Non-empty, at most 4096 bytes of UTF-8.
   */
  'key': (string);
  /**
   * At most 1 MiB.
   */
  'value': (Buffer);
}
