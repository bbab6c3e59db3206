// Original file: proto/raftkv/kv/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

/**
 * WatchRequest watches `key`, or [key, range_end), or every key starting
 * with `key` when prefix is set.
 */
export interface WatchRequest {
  /**
   * Non-empty unless range_end or prefix is set.
   */
  'key'?: (string);
  'range_end'?: (string);
  'prefix'?: (boolean);
  /**
   * First revision to send events of; 0 means changes after the current
   * revision. Older than the retained history: OUT_OF_RANGE "compacted".
   */
  'start_revision'?: (number | string | Long);
  /**
   * Send each event's previous KeyValue.
   */
  'prev_kv'?: (boolean);
  /**
   * Send a progress notification (no events, header.revision = the revision
   * every event up to which was sent) when the watch is idle.
   */
  'progress_notify'?: (boolean);
}

/**
 * WatchRequest watches `key`, or [key, range_end), or every key starting
 * with `key` when prefix is set.
 */
export interface WatchRequest__Output {
  /**
   * Non-empty unless range_end or prefix is set.
   */
  'key': (string);
  'range_end': (string);
  'prefix': (boolean);
  /**
   * First revision to send events of; 0 means changes after the current
   * revision. Older than the retained history: OUT_OF_RANGE "compacted".
   */
  'start_revision': (string);
  /**
   * Send each event's previous KeyValue.
   */
  'prev_kv': (boolean);
  /**
   * Send a progress notification (no events, header.revision = the revision
   * every event up to which was sent) when the watch is idle.
   */
  'progress_notify': (boolean);
}
