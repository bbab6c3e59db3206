// Original file: proto/raftkv/kv/v1/kv.proto

/**
 * Consistency chooses how a read is served.
 */
export const Consistency = {
  /**
   * Same as CONSISTENCY_LINEARIZABLE.
   */
  CONSISTENCY_UNSPECIFIED: 'CONSISTENCY_UNSPECIFIED',
  /**
   * The read reflects every write acknowledged before it started (read index).
   */
  CONSISTENCY_LINEARIZABLE: 'CONSISTENCY_LINEARIZABLE',
  /**
   * The read is served from the local node at once and may be stale.
   */
  CONSISTENCY_SERIALIZABLE: 'CONSISTENCY_SERIALIZABLE',
} as const;

/**
 * Consistency chooses how a read is served.
 */
export type Consistency =
  /**
   * Same as CONSISTENCY_LINEARIZABLE.
   */
  | 'CONSISTENCY_UNSPECIFIED'
  | 0
  /**
   * The read reflects every write acknowledged before it started (read index).
   */
  | 'CONSISTENCY_LINEARIZABLE'
  | 1
  /**
   * The read is served from the local node at once and may be stale.
   */
  | 'CONSISTENCY_SERIALIZABLE'
  | 2

/**
 * Consistency chooses how a read is served.
 */
export type Consistency__Output = typeof Consistency[keyof typeof Consistency]
