// Original file: proto/raftkv/kv/v1/kv.proto

import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from '../../../raftkv/kv/v1/ResponseHeader';
import type { Event as _raftkv_kv_v1_Event, Event__Output as _raftkv_kv_v1_Event__Output } from '../../../raftkv/kv/v1/Event';

export interface WatchResponse {
  'header'?: (_raftkv_kv_v1_ResponseHeader | null);
  /**
   * First message of the stream: the watch is registered and events after
   * header.revision (or from start_revision) follow.
   */
  'created'?: (boolean);
  /**
   * Events in revision order; events of one revision are never split across
   * messages.
   */
  'events'?: (_raftkv_kv_v1_Event)[];
  /**
   * A progress notification: no events, every event up to header.revision
   * was sent.
   */
  'progress_notify'?: (boolean);
}

export interface WatchResponse__Output {
  'header': (_raftkv_kv_v1_ResponseHeader__Output | null);
  /**
   * First message of the stream: the watch is registered and events after
   * header.revision (or from start_revision) follow.
   */
  'created': (boolean);
  /**
   * Events in revision order; events of one revision are never split across
   * messages.
   */
  'events': (_raftkv_kv_v1_Event__Output)[];
  /**
   * A progress notification: no events, every event up to header.revision
   * was sent.
   */
  'progress_notify': (boolean);
}
