import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ClusterServiceClient as _raftkv_cluster_v1_ClusterServiceClient, ClusterServiceDefinition as _raftkv_cluster_v1_ClusterServiceDefinition } from './raftkv/cluster/v1/ClusterService';
import type { ListMembersRequest as _raftkv_cluster_v1_ListMembersRequest, ListMembersRequest__Output as _raftkv_cluster_v1_ListMembersRequest__Output } from './raftkv/cluster/v1/ListMembersRequest';
import type { ListMembersResponse as _raftkv_cluster_v1_ListMembersResponse, ListMembersResponse__Output as _raftkv_cluster_v1_ListMembersResponse__Output } from './raftkv/cluster/v1/ListMembersResponse';
import type { Member as _raftkv_cluster_v1_Member, Member__Output as _raftkv_cluster_v1_Member__Output } from './raftkv/cluster/v1/Member';
import type { StatusRequest as _raftkv_cluster_v1_StatusRequest, StatusRequest__Output as _raftkv_cluster_v1_StatusRequest__Output } from './raftkv/cluster/v1/StatusRequest';
import type { StatusResponse as _raftkv_cluster_v1_StatusResponse, StatusResponse__Output as _raftkv_cluster_v1_StatusResponse__Output } from './raftkv/cluster/v1/StatusResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  raftkv: {
    cluster: {
      v1: {
        /**
         * ClusterService reports on the cluster and, later, changes its membership.
         */
        ClusterService: SubtypeConstructor<typeof grpc.Client, _raftkv_cluster_v1_ClusterServiceClient> & { service: _raftkv_cluster_v1_ClusterServiceDefinition }
        ListMembersRequest: MessageTypeDefinition<_raftkv_cluster_v1_ListMembersRequest, _raftkv_cluster_v1_ListMembersRequest__Output>
        ListMembersResponse: MessageTypeDefinition<_raftkv_cluster_v1_ListMembersResponse, _raftkv_cluster_v1_ListMembersResponse__Output>
        Member: MessageTypeDefinition<_raftkv_cluster_v1_Member, _raftkv_cluster_v1_Member__Output>
        Role: EnumTypeDefinition
        StatusRequest: MessageTypeDefinition<_raftkv_cluster_v1_StatusRequest, _raftkv_cluster_v1_StatusRequest__Output>
        StatusResponse: MessageTypeDefinition<_raftkv_cluster_v1_StatusResponse, _raftkv_cluster_v1_StatusResponse__Output>
        Suffrage: EnumTypeDefinition
      }
    }
  }
}

