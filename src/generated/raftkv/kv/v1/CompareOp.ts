// Original file: proto/raftkv/kv/v1/kv.proto

/**
 * How a Compare compares the key's target with the operand.
 */
export const CompareOp = {
  COMPARE_OP_UNSPECIFIED: 'COMPARE_OP_UNSPECIFIED',
  COMPARE_OP_EQUAL: 'COMPARE_OP_EQUAL',
  COMPARE_OP_NOT_EQUAL: 'COMPARE_OP_NOT_EQUAL',
  COMPARE_OP_GREATER: 'COMPARE_OP_GREATER',
  COMPARE_OP_LESS: 'COMPARE_OP_LESS',
} as const;

/**
 * How a Compare compares the key's target with the operand.
 */
export type CompareOp =
  | 'COMPARE_OP_UNSPECIFIED'
  | 0
  | 'COMPARE_OP_EQUAL'
  | 1
  | 'COMPARE_OP_NOT_EQUAL'
  | 2
  | 'COMPARE_OP_GREATER'
  | 3
  | 'COMPARE_OP_LESS'
  | 4

/**
 * How a Compare compares the key's target with the operand.
 */
export type CompareOp__Output = typeof CompareOp[keyof typeof CompareOp]
