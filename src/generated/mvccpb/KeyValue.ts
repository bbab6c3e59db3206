// Original file: proto/etcd/mvccpb/kv.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A key with its value and metadata.
 */
export interface KeyValue {
  /**
   * Keys are bytes on the wire; raftkv stores UTF-8 keys only.
   */
  'key'?: (Buffer | Uint8Array | string);
  /**
   * Revision of the change that created the key (since its last delete).
   */
  'create_revision'?: (number | string | Long);
  /**
   * Revision of the key's last change.
   */
  'mod_revision'?: (number | string | Long);
  /**
   * Puts since the key was created; 0 means the key was deleted.
   */
  'version'?: (number | string | Long);
  'value'?: (Buffer | Uint8Array | string);
  /**
   * Lease the key is attached to; 0 for none.
   */
  'lease'?: (number | string | Long);
}

/**
 * A key with its value and metadata.
 */
export interface KeyValue__Output {
  /**
   * Keys are bytes on the wire; raftkv stores UTF-8 keys only.
   */
  'key': (Buffer);
  /**
   * Revision of the change that created the key (since its last delete).
   */
  'create_revision': (string);
  /**
   * Revision of the key's last change.
   */
  'mod_revision': (string);
  /**
   * Puts since the key was created; 0 means the key was deleted.
   */
  'version': (string);
  'value': (Buffer);
  /**
   * Lease the key is attached to; 0 for none.
   */
  'lease': (string);
}
