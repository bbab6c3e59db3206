// Original file: proto/raftkv/auth/v1/auth.proto

import type { Permission as _raftkv_auth_v1_Permission, Permission__Output as _raftkv_auth_v1_Permission__Output } from '../../../raftkv/auth/v1/Permission';

export interface GetRoleResponse {
  'name'?: (string);
  'permissions'?: (_raftkv_auth_v1_Permission)[];
}

export interface GetRoleResponse__Output {
  'name': (string);
  'permissions': (_raftkv_auth_v1_Permission__Output)[];
}
