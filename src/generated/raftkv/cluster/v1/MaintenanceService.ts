// Original file: proto/raftkv/cluster/v1/cluster.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { SnapshotRequest as _raftkv_cluster_v1_SnapshotRequest, SnapshotRequest__Output as _raftkv_cluster_v1_SnapshotRequest__Output } from '../../../raftkv/cluster/v1/SnapshotRequest';
import type { SnapshotResponse as _raftkv_cluster_v1_SnapshotResponse, SnapshotResponse__Output as _raftkv_cluster_v1_SnapshotResponse__Output } from '../../../raftkv/cluster/v1/SnapshotResponse';

/**
 * MaintenanceService keeps the data safe: backups of any member's state.
 */
export interface MaintenanceServiceClient extends grpc.Client {
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
   * Snapshot streams a consistent point-in-time backup of the answering
   * member's applied state (the file `kvctl snapshot save` writes, format in
   * docs/backup-restore.md): taken from one LevelDB snapshot while writes go
   * on, sent in pieces of about 1 MiB, ending with its sha256.
   */
  Snapshot: grpc.handleServerStreamingCall<_raftkv_cluster_v1_SnapshotRequest__Output, _raftkv_cluster_v1_SnapshotResponse>;
  
}

export interface MaintenanceServiceDefinition extends grpc.ServiceDefinition {
  Snapshot: MethodDefinition<_raftkv_cluster_v1_SnapshotRequest, _raftkv_cluster_v1_SnapshotResponse, _raftkv_cluster_v1_SnapshotRequest__Output, _raftkv_cluster_v1_SnapshotResponse__Output>
}
