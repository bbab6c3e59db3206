// Original file: proto/etcd/etcdserverpb/rpc.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Which cluster and member answered, at which revision and term. raftkv ids
 * are strings; these uint64 ids are derived from them (docs/etcd-compatibility.md).
 */
export interface ResponseHeader {
  'cluster_id'?: (number | string | Long);
  'member_id'?: (number | string | Long);
  'revision'?: (number | string | Long);
  'raft_term'?: (number | string | Long);
}

/**
 * Which cluster and member answered, at which revision and term. raftkv ids
 * are strings; these uint64 ids are derived from them (docs/etcd-compatibility.md).
 */
export interface ResponseHeader__Output {
  'cluster_id': (string);
  'member_id': (string);
  'revision': (string);
  'raft_term': (string);
}
