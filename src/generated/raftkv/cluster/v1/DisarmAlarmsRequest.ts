// Original file: proto/raftkv/cluster/v1/cluster.proto

import type { AlarmType as _raftkv_cluster_v1_AlarmType, AlarmType__Output as _raftkv_cluster_v1_AlarmType__Output } from '../../../raftkv/cluster/v1/AlarmType';

export interface DisarmAlarmsRequest {
  /**
   * The type to clear; unspecified clears every alarm.
   */
  'alarm'?: (_raftkv_cluster_v1_AlarmType);
}

export interface DisarmAlarmsRequest__Output {
  /**
   * The type to clear; unspecified clears every alarm.
   */
  'alarm': (_raftkv_cluster_v1_AlarmType__Output);
}
