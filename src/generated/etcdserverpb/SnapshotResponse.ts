// Original file: proto/etcd/etcdserverpb/rpc.proto

import type { ResponseHeader as _etcdserverpb_ResponseHeader, ResponseHeader__Output as _etcdserverpb_ResponseHeader__Output } from '../etcdserverpb/ResponseHeader';
import type { Long } from '@grpc/proto-loader';

export interface SnapshotResponse {
  'header'?: (_etcdserverpb_ResponseHeader | null);
  /**
   * Bytes still to come; 0 when not known ahead (raftkv streams as it reads).
   */
  'remaining_bytes'?: (number | string | Long);
  'blob'?: (Buffer | Uint8Array | string);
}

export interface SnapshotResponse__Output {
  'header': (_etcdserverpb_ResponseHeader__Output | null);
  /**
   * Bytes still to come; 0 when not known ahead (raftkv streams as it reads).
   */
  'remaining_bytes': (string);
  'blob': (Buffer);
}
