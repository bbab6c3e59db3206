// Original file: proto/raftkv/cluster/v1/cluster.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ListMembersRequest as _raftkv_cluster_v1_ListMembersRequest, ListMembersRequest__Output as _raftkv_cluster_v1_ListMembersRequest__Output } from '../../../raftkv/cluster/v1/ListMembersRequest';
import type { ListMembersResponse as _raftkv_cluster_v1_ListMembersResponse, ListMembersResponse__Output as _raftkv_cluster_v1_ListMembersResponse__Output } from '../../../raftkv/cluster/v1/ListMembersResponse';
import type { StatusRequest as _raftkv_cluster_v1_StatusRequest, StatusRequest__Output as _raftkv_cluster_v1_StatusRequest__Output } from '../../../raftkv/cluster/v1/StatusRequest';
import type { StatusResponse as _raftkv_cluster_v1_StatusResponse, StatusResponse__Output as _raftkv_cluster_v1_StatusResponse__Output } from '../../../raftkv/cluster/v1/StatusResponse';

/**
 * ClusterService reports on the cluster and, later, changes its membership.
 */
export interface ClusterServiceClient extends grpc.Client {
  /**
   * ListMembers lists the members of the current configuration.
   */
  ListMembers(argument: _raftkv_cluster_v1_ListMembersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  ListMembers(argument: _raftkv_cluster_v1_ListMembersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  ListMembers(argument: _raftkv_cluster_v1_ListMembersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  ListMembers(argument: _raftkv_cluster_v1_ListMembersRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ListMembers lists the members of the current configuration.
   */
  listMembers(argument: _raftkv_cluster_v1_ListMembersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  listMembers(argument: _raftkv_cluster_v1_ListMembersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  listMembers(argument: _raftkv_cluster_v1_ListMembersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  listMembers(argument: _raftkv_cluster_v1_ListMembersRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Status describes the node that answers.
   */
  Status(argument: _raftkv_cluster_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _raftkv_cluster_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _raftkv_cluster_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _raftkv_cluster_v1_StatusRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Status describes the node that answers.
   */
  status(argument: _raftkv_cluster_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _raftkv_cluster_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _raftkv_cluster_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _raftkv_cluster_v1_StatusRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * ClusterService reports on the cluster and, later, changes its membership.
 */
export interface ClusterServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * ListMembers lists the members of the current configuration.
   */
  ListMembers: grpc.handleUnaryCall<_raftkv_cluster_v1_ListMembersRequest__Output, _raftkv_cluster_v1_ListMembersResponse>;
  
  /**
   * Status describes the node that answers.
   */
  Status: grpc.handleUnaryCall<_raftkv_cluster_v1_StatusRequest__Output, _raftkv_cluster_v1_StatusResponse>;
  
}

export interface ClusterServiceDefinition extends grpc.ServiceDefinition {
  ListMembers: MethodDefinition<_raftkv_cluster_v1_ListMembersRequest, _raftkv_cluster_v1_ListMembersResponse, _raftkv_cluster_v1_ListMembersRequest__Output, _raftkv_cluster_v1_ListMembersResponse__Output>
  Status: MethodDefinition<_raftkv_cluster_v1_StatusRequest, _raftkv_cluster_v1_StatusResponse, _raftkv_cluster_v1_StatusRequest__Output, _raftkv_cluster_v1_StatusResponse__Output>
}
