// Original file: proto/raftkv/kv/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

export interface LeaseStatus {
  'id'?: (number | string | Long);
  'granted_ttl_seconds'?: (number | string | Long);
}

export interface LeaseStatus__Output {
  'id': (string);
  'granted_ttl_seconds': (string);
}
