// Original file: proto/raftkv/kv/v1/kv.proto

import type { Consistency as _raftkv_kv_v1_Consistency, Consistency__Output as _raftkv_kv_v1_Consistency__Output } from '../../../raftkv/kv/v1/Consistency';

export interface GetRequest {
  'key'?: (string);
  'consistency'?: (_raftkv_kv_v1_Consistency);
}

export interface GetRequest__Output {
  'key': (string);
  'consistency': (_raftkv_kv_v1_Consistency__Output);
}
