// Original file: proto/raftkv/kv/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

export interface PutRequest {
  /**
   * Non-empty, at most 4096 bytes of UTF-8.
   */
  'key'?: (string);
  /**
   * At most 1 MiB.
   */
  'value'?: (Buffer | Uint8Array | string);
  /**
   * Attach the key to this existing lease (0: no lease). A put always
   * replaces the key's lease: a put without one detaches the key.
   */
  'lease'?: (number | string | Long);
  /**
   * Return the key's previous KeyValue in prev_kv.
   */
  'prev_kv'?: (boolean);
  /**
   * Convenience: grant a new lease of this many seconds and attach the key
   * to it, in the same log entry (PutResponse.lease names it). Exclusive
   * with lease. Not allowed inside a Txn.
   */
  'ttl_seconds'?: (number | string | Long);
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
  /**
   * Attach the key to this existing lease (0: no lease). A put always
   * replaces the key's lease: a put without one detaches the key.
   */
  'lease': (string);
  /**
   * Return the key's previous KeyValue in prev_kv.
   */
  'prev_kv': (boolean);
  /**
   * Convenience: grant a new lease of this many seconds and attach the key
   * to it, in the same log entry (PutResponse.lease names it). Exclusive
   * with lease. Not allowed inside a Txn.
   */
  'ttl_seconds': (string);
}
