// Original file: proto/etcd/etcdserverpb/rpc.proto

import type { Long } from '@grpc/proto-loader';

export interface Member {
  /**
   * Derived from the raftkv member id (docs/etcd-compatibility.md).
   */
  'ID'?: (number | string | Long);
  /**
   * The raftkv member id.
   */
  'name'?: (string);
  'peerURLs'?: (string)[];
  'clientURLs'?: (string)[];
  'isLearner'?: (boolean);
}

export interface Member__Output {
  /**
   * Derived from the raftkv member id (docs/etcd-compatibility.md).
   */
  'ID': (string);
  /**
   * The raftkv member id.
   */
  'name': (string);
  'peerURLs': (string)[];
  'clientURLs': (string)[];
  'isLearner': (boolean);
}
