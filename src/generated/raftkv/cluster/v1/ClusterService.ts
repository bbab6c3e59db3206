// Original file: proto/raftkv/cluster/v1/cluster.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddMemberRequest as _raftkv_cluster_v1_AddMemberRequest, AddMemberRequest__Output as _raftkv_cluster_v1_AddMemberRequest__Output } from '../../../raftkv/cluster/v1/AddMemberRequest';
import type { AddMemberResponse as _raftkv_cluster_v1_AddMemberResponse, AddMemberResponse__Output as _raftkv_cluster_v1_AddMemberResponse__Output } from '../../../raftkv/cluster/v1/AddMemberResponse';
import type { ListMembersRequest as _raftkv_cluster_v1_ListMembersRequest, ListMembersRequest__Output as _raftkv_cluster_v1_ListMembersRequest__Output } from '../../../raftkv/cluster/v1/ListMembersRequest';
import type { ListMembersResponse as _raftkv_cluster_v1_ListMembersResponse, ListMembersResponse__Output as _raftkv_cluster_v1_ListMembersResponse__Output } from '../../../raftkv/cluster/v1/ListMembersResponse';
import type { PromoteMemberRequest as _raftkv_cluster_v1_PromoteMemberRequest, PromoteMemberRequest__Output as _raftkv_cluster_v1_PromoteMemberRequest__Output } from '../../../raftkv/cluster/v1/PromoteMemberRequest';
import type { PromoteMemberResponse as _raftkv_cluster_v1_PromoteMemberResponse, PromoteMemberResponse__Output as _raftkv_cluster_v1_PromoteMemberResponse__Output } from '../../../raftkv/cluster/v1/PromoteMemberResponse';
import type { RemoveMemberRequest as _raftkv_cluster_v1_RemoveMemberRequest, RemoveMemberRequest__Output as _raftkv_cluster_v1_RemoveMemberRequest__Output } from '../../../raftkv/cluster/v1/RemoveMemberRequest';
import type { RemoveMemberResponse as _raftkv_cluster_v1_RemoveMemberResponse, RemoveMemberResponse__Output as _raftkv_cluster_v1_RemoveMemberResponse__Output } from '../../../raftkv/cluster/v1/RemoveMemberResponse';
import type { StatusRequest as _raftkv_cluster_v1_StatusRequest, StatusRequest__Output as _raftkv_cluster_v1_StatusRequest__Output } from '../../../raftkv/cluster/v1/StatusRequest';
import type { StatusResponse as _raftkv_cluster_v1_StatusResponse, StatusResponse__Output as _raftkv_cluster_v1_StatusResponse__Output } from '../../../raftkv/cluster/v1/StatusResponse';
import type { TransferLeadershipRequest as _raftkv_cluster_v1_TransferLeadershipRequest, TransferLeadershipRequest__Output as _raftkv_cluster_v1_TransferLeadershipRequest__Output } from '../../../raftkv/cluster/v1/TransferLeadershipRequest';
import type { TransferLeadershipResponse as _raftkv_cluster_v1_TransferLeadershipResponse, TransferLeadershipResponse__Output as _raftkv_cluster_v1_TransferLeadershipResponse__Output } from '../../../raftkv/cluster/v1/TransferLeadershipResponse';

/**
 * ClusterService reports on the cluster and changes its membership. Any node
 * answers; membership changes are forwarded to the leader. One change at a
 * time: a change made while another is in flight is retried until the
 * deadline, then answered UNAVAILABLE (not applied, safe to retry).
 */
export interface ClusterServiceClient extends grpc.Client {
  /**
   * AddMember adds a node as a learner (non-voting). Unless learner_only is
   * set, the leader promotes it to voter once it has caught up. Adding a
   * member that already exists with the same addresses succeeds (so a
   * joining node may retry); with other addresses it is FAILED_PRECONDITION.
   */
  AddMember(argument: _raftkv_cluster_v1_AddMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  AddMember(argument: _raftkv_cluster_v1_AddMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  AddMember(argument: _raftkv_cluster_v1_AddMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  AddMember(argument: _raftkv_cluster_v1_AddMemberRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  /**
   * AddMember adds a node as a learner (non-voting). Unless learner_only is
   * set, the leader promotes it to voter once it has caught up. Adding a
   * member that already exists with the same addresses succeeds (so a
   * joining node may retry); with other addresses it is FAILED_PRECONDITION.
   */
  addMember(argument: _raftkv_cluster_v1_AddMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  addMember(argument: _raftkv_cluster_v1_AddMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  addMember(argument: _raftkv_cluster_v1_AddMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  addMember(argument: _raftkv_cluster_v1_AddMemberRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  
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
   * PromoteMember turns a learner into a voter.
   */
  PromoteMember(argument: _raftkv_cluster_v1_PromoteMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_PromoteMemberResponse__Output>): grpc.ClientUnaryCall;
  PromoteMember(argument: _raftkv_cluster_v1_PromoteMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_PromoteMemberResponse__Output>): grpc.ClientUnaryCall;
  PromoteMember(argument: _raftkv_cluster_v1_PromoteMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_PromoteMemberResponse__Output>): grpc.ClientUnaryCall;
  PromoteMember(argument: _raftkv_cluster_v1_PromoteMemberRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_PromoteMemberResponse__Output>): grpc.ClientUnaryCall;
  /**
   * PromoteMember turns a learner into a voter.
   */
  promoteMember(argument: _raftkv_cluster_v1_PromoteMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_PromoteMemberResponse__Output>): grpc.ClientUnaryCall;
  promoteMember(argument: _raftkv_cluster_v1_PromoteMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_PromoteMemberResponse__Output>): grpc.ClientUnaryCall;
  promoteMember(argument: _raftkv_cluster_v1_PromoteMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_PromoteMemberResponse__Output>): grpc.ClientUnaryCall;
  promoteMember(argument: _raftkv_cluster_v1_PromoteMemberRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_PromoteMemberResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * RemoveMember removes a voter or learner, the leader included (it hands
   * leadership over and steps down once the removal commits).
   */
  RemoveMember(argument: _raftkv_cluster_v1_RemoveMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _raftkv_cluster_v1_RemoveMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _raftkv_cluster_v1_RemoveMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _raftkv_cluster_v1_RemoveMemberRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  /**
   * RemoveMember removes a voter or learner, the leader included (it hands
   * leadership over and steps down once the removal commits).
   */
  removeMember(argument: _raftkv_cluster_v1_RemoveMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _raftkv_cluster_v1_RemoveMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _raftkv_cluster_v1_RemoveMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _raftkv_cluster_v1_RemoveMemberRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  
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
  
  /**
   * TransferLeadership hands leadership to the voter `to`. Only the leader
   * can do it; every other node answers FAILED_PRECONDITION naming the leader
   * (trailing metadata raftkv-leader). Answers once `to` leads.
   */
  TransferLeadership(argument: _raftkv_cluster_v1_TransferLeadershipRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  TransferLeadership(argument: _raftkv_cluster_v1_TransferLeadershipRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  TransferLeadership(argument: _raftkv_cluster_v1_TransferLeadershipRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  TransferLeadership(argument: _raftkv_cluster_v1_TransferLeadershipRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  /**
   * TransferLeadership hands leadership to the voter `to`. Only the leader
   * can do it; every other node answers FAILED_PRECONDITION naming the leader
   * (trailing metadata raftkv-leader). Answers once `to` leads.
   */
  transferLeadership(argument: _raftkv_cluster_v1_TransferLeadershipRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  transferLeadership(argument: _raftkv_cluster_v1_TransferLeadershipRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_cluster_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  transferLeadership(argument: _raftkv_cluster_v1_TransferLeadershipRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_cluster_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  transferLeadership(argument: _raftkv_cluster_v1_TransferLeadershipRequest, callback: grpc.requestCallback<_raftkv_cluster_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * ClusterService reports on the cluster and changes its membership. Any node
 * answers; membership changes are forwarded to the leader. One change at a
 * time: a change made while another is in flight is retried until the
 * deadline, then answered UNAVAILABLE (not applied, safe to retry).
 */
export interface ClusterServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * AddMember adds a node as a learner (non-voting). Unless learner_only is
   * set, the leader promotes it to voter once it has caught up. Adding a
   * member that already exists with the same addresses succeeds (so a
   * joining node may retry); with other addresses it is FAILED_PRECONDITION.
   */
  AddMember: grpc.handleUnaryCall<_raftkv_cluster_v1_AddMemberRequest__Output, _raftkv_cluster_v1_AddMemberResponse>;
  
  /**
   * ListMembers lists the members of the current configuration.
   */
  ListMembers: grpc.handleUnaryCall<_raftkv_cluster_v1_ListMembersRequest__Output, _raftkv_cluster_v1_ListMembersResponse>;
  
  /**
   * PromoteMember turns a learner into a voter.
   */
  PromoteMember: grpc.handleUnaryCall<_raftkv_cluster_v1_PromoteMemberRequest__Output, _raftkv_cluster_v1_PromoteMemberResponse>;
  
  /**
   * RemoveMember removes a voter or learner, the leader included (it hands
   * leadership over and steps down once the removal commits).
   */
  RemoveMember: grpc.handleUnaryCall<_raftkv_cluster_v1_RemoveMemberRequest__Output, _raftkv_cluster_v1_RemoveMemberResponse>;
  
  /**
   * Status describes the node that answers.
   */
  Status: grpc.handleUnaryCall<_raftkv_cluster_v1_StatusRequest__Output, _raftkv_cluster_v1_StatusResponse>;
  
  /**
   * TransferLeadership hands leadership to the voter `to`. Only the leader
   * can do it; every other node answers FAILED_PRECONDITION naming the leader
   * (trailing metadata raftkv-leader). Answers once `to` leads.
   */
  TransferLeadership: grpc.handleUnaryCall<_raftkv_cluster_v1_TransferLeadershipRequest__Output, _raftkv_cluster_v1_TransferLeadershipResponse>;
  
}

export interface ClusterServiceDefinition extends grpc.ServiceDefinition {
  AddMember: MethodDefinition<_raftkv_cluster_v1_AddMemberRequest, _raftkv_cluster_v1_AddMemberResponse, _raftkv_cluster_v1_AddMemberRequest__Output, _raftkv_cluster_v1_AddMemberResponse__Output>
  ListMembers: MethodDefinition<_raftkv_cluster_v1_ListMembersRequest, _raftkv_cluster_v1_ListMembersResponse, _raftkv_cluster_v1_ListMembersRequest__Output, _raftkv_cluster_v1_ListMembersResponse__Output>
  PromoteMember: MethodDefinition<_raftkv_cluster_v1_PromoteMemberRequest, _raftkv_cluster_v1_PromoteMemberResponse, _raftkv_cluster_v1_PromoteMemberRequest__Output, _raftkv_cluster_v1_PromoteMemberResponse__Output>
  RemoveMember: MethodDefinition<_raftkv_cluster_v1_RemoveMemberRequest, _raftkv_cluster_v1_RemoveMemberResponse, _raftkv_cluster_v1_RemoveMemberRequest__Output, _raftkv_cluster_v1_RemoveMemberResponse__Output>
  Status: MethodDefinition<_raftkv_cluster_v1_StatusRequest, _raftkv_cluster_v1_StatusResponse, _raftkv_cluster_v1_StatusRequest__Output, _raftkv_cluster_v1_StatusResponse__Output>
  TransferLeadership: MethodDefinition<_raftkv_cluster_v1_TransferLeadershipRequest, _raftkv_cluster_v1_TransferLeadershipResponse, _raftkv_cluster_v1_TransferLeadershipRequest__Output, _raftkv_cluster_v1_TransferLeadershipResponse__Output>
}
