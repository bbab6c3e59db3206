// Original file: proto/etcd/etcdserverpb/rpc.proto

import type { Long } from '@grpc/proto-loader';

export interface PutRequest {
  'key'?: (Buffer | Uint8Array | string);
  'value'?: (Buffer | Uint8Array | string);
  'lease'?: (number | string | Long);
  'prev_kv'?: (boolean);
  /**
   * Keep the key's current value (the key must exist).
   */
  'ignore_value'?: (boolean);
  /**
   * Keep the key's current lease (the key must exist).
   */
  'ignore_lease'?: (boolean);
}

export interface PutRequest__Output {
  'key': (Buffer);
  'value': (Buffer);
  'lease': (string);
  'prev_kv': (boolean);
  /**
   * Keep the key's current value (the key must exist).
   */
  'ignore_value': (boolean);
  /**
   * Keep the key's current lease (the key must exist).
   */
  'ignore_lease': (boolean);
}
