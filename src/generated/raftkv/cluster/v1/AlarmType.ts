// Original file: proto/raftkv/cluster/v1/cluster.proto

/**
 * A cluster-wide alarm (docs/operations.md, "Space").
 */
export const AlarmType = {
  ALARM_TYPE_UNSPECIFIED: 'ALARM_TYPE_UNSPECIFIED',
  /**
   * A member's database passed --quota-backend-bytes: writes that add data are refused.
   */
  ALARM_TYPE_NOSPACE: 'ALARM_TYPE_NOSPACE',
  /**
   * Members' states diverged.
   */
  ALARM_TYPE_CORRUPT: 'ALARM_TYPE_CORRUPT',
} as const;

/**
 * A cluster-wide alarm (docs/operations.md, "Space").
 */
export type AlarmType =
  | 'ALARM_TYPE_UNSPECIFIED'
  | 0
  /**
   * A member's database passed --quota-backend-bytes: writes that add data are refused.
   */
  | 'ALARM_TYPE_NOSPACE'
  | 1
  /**
   * Members' states diverged.
   */
  | 'ALARM_TYPE_CORRUPT'
  | 2

/**
 * A cluster-wide alarm (docs/operations.md, "Space").
 */
export type AlarmType__Output = typeof AlarmType[keyof typeof AlarmType]
