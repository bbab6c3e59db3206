// Original file: proto/raftkv/auth/v1/auth.proto

import type { Permission as _raftkv_auth_v1_Permission, Permission__Output as _raftkv_auth_v1_Permission__Output } from '../../../raftkv/auth/v1/Permission';

export interface GrantPermissionRequest {
  'role'?: (string);
  'permission'?: (_raftkv_auth_v1_Permission | null);
}

export interface GrantPermissionRequest__Output {
  'role': (string);
  'permission': (_raftkv_auth_v1_Permission__Output | null);
}
