// Original file: proto/etcd/mvccpb/kv.proto

import type { KeyValue as _mvccpb_KeyValue, KeyValue__Output as _mvccpb_KeyValue__Output } from '../mvccpb/KeyValue';

// Original file: proto/etcd/mvccpb/kv.proto

export const _mvccpb_Event_EventType = {
  PUT: 'PUT',
  DELETE: 'DELETE',
} as const;

export type _mvccpb_Event_EventType =
  | 'PUT'
  | 0
  | 'DELETE'
  | 1

export type _mvccpb_Event_EventType__Output = typeof _mvccpb_Event_EventType[keyof typeof _mvccpb_Event_EventType]

/**
 * One change to one key.
 */
export interface Event {
  'type'?: (_mvccpb_Event_EventType);
  /**
   * After the change. For a DELETE: the key and mod_revision (the delete's revision).
   */
  'kv'?: (_mvccpb_KeyValue | null);
  /**
   * Before the change, when the watch asked for prev_kv and the key existed.
   */
  'prev_kv'?: (_mvccpb_KeyValue | null);
}

/**
 * One change to one key.
 */
export interface Event__Output {
  'type': (_mvccpb_Event_EventType__Output);
  /**
   * After the change. For a DELETE: the key and mod_revision (the delete's revision).
   */
  'kv': (_mvccpb_KeyValue__Output | null);
  /**
   * Before the change, when the watch asked for prev_kv and the key existed.
   */
  'prev_kv': (_mvccpb_KeyValue__Output | null);
}
