// Original file: proto/raftkv/kv/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

/**
 * ResponseHeader says which node answered and at what point of the log.
 */
export interface ResponseHeader {
  /**
   * Id of the node that served the request.
   */
  'member_id'?: (string);
  /**
   * Raft term of that node when it answered.
   */
  'raft_term'?: (number | string | Long);
  /**
   * Index of the last log entry applied to that node's state machine.
   */
  'applied_index'?: (number | string | Long);
  /**
   * The store's revision as of the response: for a write, the revision it
   * was applied at (or the current one if it changed nothing); for a read,
   * the revision the data reflects.
   */
  'revision'?: (number | string | Long);
}

/**
 * ResponseHeader says which node answered and at what point of the log.
 */
export interface ResponseHeader__Output {
  /**
   * Id of the node that served the request.
   */
  'member_id': (string);
  /**
   * Raft term of that node when it answered.
   */
  'raft_term': (string);
  /**
   * Index of the last log entry applied to that node's state machine.
   */
  'applied_index': (string);
  /**
   * The store's revision as of the response: for a write, the revision it
   * was applied at (or the current one if it changed nothing); for a read,
   * the revision the data reflects.
   */
  'revision': (string);
}
