// Original file: proto/raftkv/kv/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

export interface LeaseRevokeRequest {
  'id'?: (number | string | Long);
}

export interface LeaseRevokeRequest__Output {
  'id': (string);
}
