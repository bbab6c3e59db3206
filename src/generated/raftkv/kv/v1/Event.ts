// Original file: proto/raftkv/kv/v1/kv.proto

import type { EventType as _raftkv_kv_v1_EventType, EventType__Output as _raftkv_kv_v1_EventType__Output } from '../../../raftkv/kv/v1/EventType';
import type { KeyValue as _raftkv_kv_v1_KeyValue, KeyValue__Output as _raftkv_kv_v1_KeyValue__Output } from '../../../raftkv/kv/v1/KeyValue';

export interface Event {
  'type'?: (_raftkv_kv_v1_EventType);
  /**
   * The key after the change. For a delete: key and mod_revision (the
   * revision of the delete) only.
   */
  'kv'?: (_raftkv_kv_v1_KeyValue | null);
  /**
   * The key before the change, when prev_kv was asked and it existed.
   */
  'prev_kv'?: (_raftkv_kv_v1_KeyValue | null);
}

export interface Event__Output {
  'type': (_raftkv_kv_v1_EventType__Output);
  /**
   * The key after the change. For a delete: key and mod_revision (the
   * revision of the delete) only.
   */
  'kv': (_raftkv_kv_v1_KeyValue__Output | null);
  /**
   * The key before the change, when prev_kv was asked and it existed.
   */
  'prev_kv': (_raftkv_kv_v1_KeyValue__Output | null);
}
