// Original file: proto/raftkv/auth/v1/auth.proto

import type { PermissionType as _raftkv_auth_v1_PermissionType, PermissionType__Output as _raftkv_auth_v1_PermissionType__Output } from '../../../raftkv/auth/v1/PermissionType';

/**
 * Permission covers one key (range_end empty, prefix false), the keys in
 * [key, range_end) (range_end "\0": every key from key on), or every key
 * starting with key (prefix true).
 */
export interface Permission {
  'type'?: (_raftkv_auth_v1_PermissionType);
  'key'?: (string);
  'range_end'?: (string);
  'prefix'?: (boolean);
}

/**
 * Permission covers one key (range_end empty, prefix false), the keys in
 * [key, range_end) (range_end "\0": every key from key on), or every key
 * starting with key (prefix true).
 */
export interface Permission__Output {
  'type': (_raftkv_auth_v1_PermissionType__Output);
  'key': (string);
  'range_end': (string);
  'prefix': (boolean);
}
