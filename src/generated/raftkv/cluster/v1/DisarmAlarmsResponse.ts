// Original file: proto/raftkv/cluster/v1/cluster.proto

import type { Alarm as _raftkv_cluster_v1_Alarm, Alarm__Output as _raftkv_cluster_v1_Alarm__Output } from '../../../raftkv/cluster/v1/Alarm';

export interface DisarmAlarmsResponse {
  /**
   * The alarms cleared.
   */
  'disarmed'?: (_raftkv_cluster_v1_Alarm)[];
}

export interface DisarmAlarmsResponse__Output {
  /**
   * The alarms cleared.
   */
  'disarmed': (_raftkv_cluster_v1_Alarm__Output)[];
}
