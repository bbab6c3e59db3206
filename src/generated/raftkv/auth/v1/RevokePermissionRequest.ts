// Original file: proto/raftkv/auth/v1/auth.proto

import type { Permission as _raftkv_auth_v1_Permission, Permission__Output as _raftkv_auth_v1_Permission__Output } from '../../../raftkv/auth/v1/Permission';

export interface RevokePermissionRequest {
  'role'?: (string);
  /**
   * The key and range of the permission to revoke, as granted (type is ignored).
   */
  'permission'?: (_raftkv_auth_v1_Permission | null);
}

export interface RevokePermissionRequest__Output {
  'role': (string);
  /**
   * The key and range of the permission to revoke, as granted (type is ignored).
   */
  'permission': (_raftkv_auth_v1_Permission__Output | null);
}
