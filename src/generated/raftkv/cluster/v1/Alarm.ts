// Original file: proto/raftkv/cluster/v1/cluster.proto

import type { AlarmType as _raftkv_cluster_v1_AlarmType, AlarmType__Output as _raftkv_cluster_v1_AlarmType__Output } from '../../../raftkv/cluster/v1/AlarmType';

export interface Alarm {
  /**
   * The member whose condition raised it.
   */
  'member_id'?: (string);
  'alarm'?: (_raftkv_cluster_v1_AlarmType);
}

export interface Alarm__Output {
  /**
   * The member whose condition raised it.
   */
  'member_id': (string);
  'alarm': (_raftkv_cluster_v1_AlarmType__Output);
}
