// Original file: proto/raftkv/cluster/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface DefragmentResponse {
  /**
   * The database's size on disk, in bytes, before and after.
   */
  'size_before'?: (number | string | Long);
  'size_after'?: (number | string | Long);
}

export interface DefragmentResponse__Output {
  /**
   * The database's size on disk, in bytes, before and after.
   */
  'size_before': (string);
  'size_after': (string);
}
