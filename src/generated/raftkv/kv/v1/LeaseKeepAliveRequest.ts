// Original file: proto/raftkv/kv/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

export interface LeaseKeepAliveRequest {
  'id'?: (number | string | Long);
}

export interface LeaseKeepAliveRequest__Output {
  'id': (string);
}
