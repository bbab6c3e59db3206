// Original file: proto/raftkv/cluster/v1/cluster.proto

/**
 * Suffrage of a member: voters count toward quorums, learners only replicate.
 */
export const Suffrage = {
  SUFFRAGE_UNSPECIFIED: 'SUFFRAGE_UNSPECIFIED',
  SUFFRAGE_VOTER: 'SUFFRAGE_VOTER',
  SUFFRAGE_LEARNER: 'SUFFRAGE_LEARNER',
} as const;

/**
 * Suffrage of a member: voters count toward quorums, learners only replicate.
 */
export type Suffrage =
  | 'SUFFRAGE_UNSPECIFIED'
  | 0
  | 'SUFFRAGE_VOTER'
  | 1
  | 'SUFFRAGE_LEARNER'
  | 2

/**
 * Suffrage of a member: voters count toward quorums, learners only replicate.
 */
export type Suffrage__Output = typeof Suffrage[keyof typeof Suffrage]
