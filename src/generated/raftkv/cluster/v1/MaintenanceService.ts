// Original file: proto/raftkv/cluster/v1/cluster.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DefragmentRequest as _raftkv_cluster_v1_DefragmentRequest, DefragmentRequest__Output as _raftkv_cluster_v1_DefragmentRequest__Output } from '../../../raftkv/cluster/v1/DefragmentRequest';
import type { DefragmentResponse as _raftkv_cluster_v1_DefragmentResponse, DefragmentResponse__Output as _raftkv_cluster_v1_DefragmentResponse__Output } from '../../../raftkv/cluster/v1/DefragmentResponse';
import type { DisarmAlarmsRequest as _raftkv_cluster_v1_DisarmAlarmsRequest, DisarmAlarmsRequest__Output as _raftkv_cluster_v1_DisarmAlarmsRequest__Output } from '../../../raftkv/cluster/v1/DisarmAlarmsRequest';
import type { DisarmAlarmsResponse as _raftkv_cluster_v1_DisarmAlarmsResponse, DisarmAlarmsResponse__Output as _raftkv_cluster_v1_DisarmAlarmsResponse__Output } from '../../../raftkv/cluster/v1/DisarmAlarmsResponse';
import type { ListAlarmsRequest as _raftkv_cluster_v1_ListAlarmsRequest, ListAlarmsRequest__Output as _raftkv_cluster_v1_ListAlarmsRequest__Output } from '../../../raftkv/cluster/v1/ListAlarmsRequest';
import type { ListAlarmsResponse as _raftkv_cluster_v1_ListAlarmsResponse, ListAlarmsResponse__Output as _raftkv_cluster_v1_ListAlarmsResponse__Output } from '../../../raftkv/cluster/v1/ListAlarmsResponse';
import type { SnapshotRequest as _raftkv_cluster_v1_SnapshotRequest, SnapshotRequest__Output as _raftkv_cluster_v1_SnapshotRequest__Output } from '../../../raftkv/cluster/v1/SnapshotRequest';
import type { SnapshotResponse as _raftkv_cluster_v1_SnapshotResponse, SnapshotResponse__Output as _raftkv_cluster_v1_SnapshotResponse__Output } from '../../../raftkv/cluster/v1/SnapshotResponse';

/**
 * MaintenanceService keeps the data safe: backups of any member's state.
 */
export interface MaintenanceServiceClient extends grpc.Client {
  /**
   * Defragment rewrites the answering member's database without the space
   * of deleted and overwritten entries (LevelDB compactRange), and answers
   * its size on disk before and after. Reads and writes go on meanwhile.
   */
  Defragment(argument: _raftkv_cluster_v1_DefragmentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_DefragmentResponse__Output>): grpc.ClientUnaryCall;
  Defragment(argument: _raftkv_cluster_v1_DefragmentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_DefragmentResponse__Output>): grpc.ClientUnaryCall;
  Defragment(argument: _raftkv_cluster_v1_DefragmentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_DefragmentResponse__Output>): grpc.ClientUnaryCall;
  Defragment(argument: _raftkv_cluster_v1_DefragmentRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_DefragmentResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Defragment rewrites the answering member's database without the space
   * of deleted and overwritten entries (LevelDB compactRange), and answers
   * its size on disk before and after. Reads and writes go on meanwhile.
   */
  defragment(argument: _raftkv_cluster_v1_DefragmentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_DefragmentResponse__Output>): grpc.ClientUnaryCall;
  defragment(argument: _raftkv_cluster_v1_DefragmentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_DefragmentResponse__Output>): grpc.ClientUnaryCall;
  defragment(argument: _raftkv_cluster_v1_DefragmentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_DefragmentResponse__Output>): grpc.ClientUnaryCall;
  defragment(argument: _raftkv_cluster_v1_DefragmentRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_DefragmentResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * DisarmAlarms clears every active alarm of `alarm` (every alarm when
   * unspecified). NOSPACE is refused with FAILED_PRECONDITION while the
   * answering member's database is still over --quota-backend-bytes.
   */
  DisarmAlarms(argument: _raftkv_cluster_v1_DisarmAlarmsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_DisarmAlarmsResponse__Output>): grpc.ClientUnaryCall;
  DisarmAlarms(argument: _raftkv_cluster_v1_DisarmAlarmsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_DisarmAlarmsResponse__Output>): grpc.ClientUnaryCall;
  DisarmAlarms(argument: _raftkv_cluster_v1_DisarmAlarmsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_DisarmAlarmsResponse__Output>): grpc.ClientUnaryCall;
  DisarmAlarms(argument: _raftkv_cluster_v1_DisarmAlarmsRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_DisarmAlarmsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * DisarmAlarms clears every active alarm of `alarm` (every alarm when
   * unspecified). NOSPACE is refused with FAILED_PRECONDITION while the
   * answering member's database is still over --quota-backend-bytes.
   */
  disarmAlarms(argument: _raftkv_cluster_v1_DisarmAlarmsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_DisarmAlarmsResponse__Output>): grpc.ClientUnaryCall;
  disarmAlarms(argument: _raftkv_cluster_v1_DisarmAlarmsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_DisarmAlarmsResponse__Output>): grpc.ClientUnaryCall;
  disarmAlarms(argument: _raftkv_cluster_v1_DisarmAlarmsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_DisarmAlarmsResponse__Output>): grpc.ClientUnaryCall;
  disarmAlarms(argument: _raftkv_cluster_v1_DisarmAlarmsRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_DisarmAlarmsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ListAlarms lists the cluster's active alarms, as the answering member
   * has applied them (raised and cleared through the log).
   */
  ListAlarms(argument: _raftkv_cluster_v1_ListAlarmsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_ListAlarmsResponse__Output>): grpc.ClientUnaryCall;
  ListAlarms(argument: _raftkv_cluster_v1_ListAlarmsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_ListAlarmsResponse__Output>): grpc.ClientUnaryCall;
  ListAlarms(argument: _raftkv_cluster_v1_ListAlarmsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_ListAlarmsResponse__Output>): grpc.ClientUnaryCall;
  ListAlarms(argument: _raftkv_cluster_v1_ListAlarmsRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_ListAlarmsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ListAlarms lists the cluster's active alarms, as the answering member
   * has applied them (raised and cleared through the log).
   */
  listAlarms(argument: _raftkv_cluster_v1_ListAlarmsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_ListAlarmsResponse__Output>): grpc.ClientUnaryCall;
  listAlarms(argument: _raftkv_cluster_v1_ListAlarmsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_ListAlarmsResponse__Output>): grpc.ClientUnaryCall;
  listAlarms(argument: _raftkv_cluster_v1_ListAlarmsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_ListAlarmsResponse__Output>): grpc.ClientUnaryCall;
  listAlarms(argument: _raftkv_cluster_v1_ListAlarmsRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_ListAlarmsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Snapshot streams a consistent point-in-time backup of the answering
   * member's applied state (the file `kvctl snapshot save` writes, format in
   * docs/backup-restore.md): taken from one LevelDB snapshot while writes go
   * on, sent in pieces of about 1 MiB, ending with its sha256.
   */
  Snapshot(argument: _raftkv_cluster_v1_SnapshotRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_raftkv_cluster_v1_SnapshotResponse__Output>;
  Snapshot(argument: _raftkv_cluster_v1_SnapshotRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_raftkv_cluster_v1_SnapshotResponse__Output>;
  /**
   * Snapshot streams a consistent point-in-time backup of the answering
   * member's applied state (the file `kvctl snapshot save` writes, format in
   * docs/backup-restore.md): taken from one LevelDB snapshot while writes go
   * on, sent in pieces of about 1 MiB, ending with its sha256.
   */
  snapshot(argument: _raftkv_cluster_v1_SnapshotRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_raftkv_cluster_v1_SnapshotResponse__Output>;
  snapshot(argument: _raftkv_cluster_v1_SnapshotRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_raftkv_cluster_v1_SnapshotResponse__Output>;
  
}

/**
 * MaintenanceService keeps the data safe: backups of any member's state.
 */
export interface MaintenanceServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Defragment rewrites the answering member's database without the space
   * of deleted and overwritten entries (LevelDB compactRange), and answers
   * its size on disk before and after. Reads and writes go on meanwhile.
   */
  Defragment: grpc.handleUnaryCall<_raftkv_cluster_v1_DefragmentRequest__Output, _raftkv_cluster_v1_DefragmentResponse>;
  
  /**
   * DisarmAlarms clears every active alarm of `alarm` (every alarm when
   * unspecified). NOSPACE is refused with FAILED_PRECONDITION while the
   * answering member's database is still over --quota-backend-bytes.
   */
  DisarmAlarms: grpc.handleUnaryCall<_raftkv_cluster_v1_DisarmAlarmsRequest__Output, _raftkv_cluster_v1_DisarmAlarmsResponse>;
  
  /**
   * ListAlarms lists the cluster's active alarms, as the answering member
   * has applied them (raised and cleared through the log).
   */
  ListAlarms: grpc.handleUnaryCall<_raftkv_cluster_v1_ListAlarmsRequest__Output, _raftkv_cluster_v1_ListAlarmsResponse>;
  
  /**
   * Snapshot streams a consistent point-in-time backup of the answering
   * member's applied state (the file `kvctl snapshot save` writes, format in
   * docs/backup-restore.md): taken from one LevelDB snapshot while writes go
   * on, sent in pieces of about 1 MiB, ending with its sha256.
   */
  Snapshot: grpc.handleServerStreamingCall<_raftkv_cluster_v1_SnapshotRequest__Output, _raftkv_cluster_v1_SnapshotResponse>;
  
}

export interface MaintenanceServiceDefinition extends grpc.ServiceDefinition {
  Defragment: MethodDefinition<_raftkv_cluster_v1_DefragmentRequest, _raftkv_cluster_v1_DefragmentResponse, _raftkv_cluster_v1_DefragmentRequest__Output, _raftkv_cluster_v1_DefragmentResponse__Output>
  DisarmAlarms: MethodDefinition<_raftkv_cluster_v1_DisarmAlarmsRequest, _raftkv_cluster_v1_DisarmAlarmsResponse, _raftkv_cluster_v1_DisarmAlarmsRequest__Output, _raftkv_cluster_v1_DisarmAlarmsResponse__Output>
  ListAlarms: MethodDefinition<_raftkv_cluster_v1_ListAlarmsRequest, _raftkv_cluster_v1_ListAlarmsResponse, _raftkv_cluster_v1_ListAlarmsRequest__Output, _raftkv_cluster_v1_ListAlarmsResponse__Output>
  Snapshot: MethodDefinition<_raftkv_cluster_v1_SnapshotRequest, _raftkv_cluster_v1_SnapshotResponse, _raftkv_cluster_v1_SnapshotRequest__Output, _raftkv_cluster_v1_SnapshotResponse__Output>
}
