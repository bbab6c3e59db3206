// Original file: proto/raftkv/cluster/v1/cluster.proto

/**
 * Role of a node in the Raft protocol.
 */
export const Role = {
  ROLE_UNSPECIFIED: 'ROLE_UNSPECIFIED',
  ROLE_FOLLOWER: 'ROLE_FOLLOWER',
  ROLE_PRE_CANDIDATE: 'ROLE_PRE_CANDIDATE',
  ROLE_CANDIDATE: 'ROLE_CANDIDATE',
  ROLE_LEADER: 'ROLE_LEADER',
} as const;

/**
 * Role of a node in the Raft protocol.
 */
export type Role =
  | 'ROLE_UNSPECIFIED'
  | 0
  | 'ROLE_FOLLOWER'
  | 1
  | 'ROLE_PRE_CANDIDATE'
  | 2
  | 'ROLE_CANDIDATE'
  | 3
  | 'ROLE_LEADER'
  | 4

/**
 * Role of a node in the Raft protocol.
 */
export type Role__Output = typeof Role[keyof typeof Role]
