// Original file: proto/raftkv/cluster/v1/cluster.proto


export interface ListAlarmsRequest {
}

export interface ListAlarmsRequest__Output {
}
