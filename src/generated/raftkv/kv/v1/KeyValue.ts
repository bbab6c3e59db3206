// Original file: proto/raftkv/kv/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

/**
 * KeyValue is a key with its value and metadata.
 */
export interface KeyValue {
  'key'?: (string);
  /**
   * Empty when the request asked for keys_only, and in delete events.
   */
  'value'?: (Buffer | Uint8Array | string);
  /**
   * Revision of the change that created the key (since its last delete).
   */
  'create_revision'?: (number | string | Long);
  /**
   * Revision of the last change to the key.
   */
  'mod_revision'?: (number | string | Long);
  /**
   * Number of puts since the key was created: 1 after the first put.
   */
  'version'?: (number | string | Long);
  /**
   * Lease the key is attached to; 0 for none.
   */
  'lease'?: (number | string | Long);
}

/**
 * KeyValue is a key with its value and metadata.
 */
export interface KeyValue__Output {
  'key': (string);
  /**
   * Empty when the request asked for keys_only, and in delete events.
   */
  'value': (Buffer);
  /**
   * Revision of the change that created the key (since its last delete).
   */
  'create_revision': (string);
  /**
   * Revision of the last change to the key.
   */
  'mod_revision': (string);
  /**
   * Number of puts since the key was created: 1 after the first put.
   */
  'version': (string);
  /**
   * Lease the key is attached to; 0 for none.
   */
  'lease': (string);
}
