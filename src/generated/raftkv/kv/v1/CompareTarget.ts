// Original file: proto/raftkv/kv/v1/kv.proto

/**
 * What a Compare looks at.
 */
export const CompareTarget = {
  COMPARE_TARGET_UNSPECIFIED: 'COMPARE_TARGET_UNSPECIFIED',
  COMPARE_TARGET_VALUE: 'COMPARE_TARGET_VALUE',
  COMPARE_TARGET_VERSION: 'COMPARE_TARGET_VERSION',
  COMPARE_TARGET_CREATE_REVISION: 'COMPARE_TARGET_CREATE_REVISION',
  COMPARE_TARGET_MOD_REVISION: 'COMPARE_TARGET_MOD_REVISION',
  COMPARE_TARGET_LEASE: 'COMPARE_TARGET_LEASE',
} as const;

/**
 * What a Compare looks at.
 */
export type CompareTarget =
  | 'COMPARE_TARGET_UNSPECIFIED'
  | 0
  | 'COMPARE_TARGET_VALUE'
  | 1
  | 'COMPARE_TARGET_VERSION'
  | 2
  | 'COMPARE_TARGET_CREATE_REVISION'
  | 3
  | 'COMPARE_TARGET_MOD_REVISION'
  | 4
  | 'COMPARE_TARGET_LEASE'
  | 5

/**
 * What a Compare looks at.
 */
export type CompareTarget__Output = typeof CompareTarget[keyof typeof CompareTarget]
