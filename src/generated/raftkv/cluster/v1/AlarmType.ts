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
   * The consistency check (--corrupt-check-interval-ms) found this member's
   * state differs from the majority's: it refuses reads and watches with
   * DATA_LOSS until replaced (docs/operations.md).
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
   * The consistency check (--corrupt-check-interval-ms) found this member's
   * state differs from the majority's: it refuses reads and watches with
   * DATA_LOSS until replaced (docs/operations.md).
   */
  | 'ALARM_TYPE_CORRUPT'
  | 2

/**
 * A cluster-wide alarm (docs/operations.md, "Space").
 */
export type AlarmType__Output = typeof AlarmType[keyof typeof AlarmType]
