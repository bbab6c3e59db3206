// Original file: proto/raftkv/auth/v1/auth.proto

export const PermissionType = {
  PERMISSION_TYPE_UNSPECIFIED: 'PERMISSION_TYPE_UNSPECIFIED',
  PERMISSION_TYPE_READ: 'PERMISSION_TYPE_READ',
  PERMISSION_TYPE_WRITE: 'PERMISSION_TYPE_WRITE',
  PERMISSION_TYPE_READWRITE: 'PERMISSION_TYPE_READWRITE',
} as const;

export type PermissionType =
  | 'PERMISSION_TYPE_UNSPECIFIED'
  | 0
  | 'PERMISSION_TYPE_READ'
  | 1
  | 'PERMISSION_TYPE_WRITE'
  | 2
  | 'PERMISSION_TYPE_READWRITE'
  | 3

export type PermissionType__Output = typeof PermissionType[keyof typeof PermissionType]
