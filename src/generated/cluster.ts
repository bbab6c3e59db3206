import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddMemberRequest as _raftkv_cluster_v1_AddMemberRequest, AddMemberRequest__Output as _raftkv_cluster_v1_AddMemberRequest__Output } from './raftkv/cluster/v1/AddMemberRequest';
import type { AddMemberResponse as _raftkv_cluster_v1_AddMemberResponse, AddMemberResponse__Output as _raftkv_cluster_v1_AddMemberResponse__Output } from './raftkv/cluster/v1/AddMemberResponse';
import type { Alarm as _raftkv_cluster_v1_Alarm, Alarm__Output as _raftkv_cluster_v1_Alarm__Output } from './raftkv/cluster/v1/Alarm';
import type { ClusterServiceClient as _raftkv_cluster_v1_ClusterServiceClient, ClusterServiceDefinition as _raftkv_cluster_v1_ClusterServiceDefinition } from './raftkv/cluster/v1/ClusterService';
import type { DefragmentRequest as _raftkv_cluster_v1_DefragmentRequest, DefragmentRequest__Output as _raftkv_cluster_v1_DefragmentRequest__Output } from './raftkv/cluster/v1/DefragmentRequest';
import type { DefragmentResponse as _raftkv_cluster_v1_DefragmentResponse, DefragmentResponse__Output as _raftkv_cluster_v1_DefragmentResponse__Output } from './raftkv/cluster/v1/DefragmentResponse';
import type { DisarmAlarmsRequest as _raftkv_cluster_v1_DisarmAlarmsRequest, DisarmAlarmsRequest__Output as _raftkv_cluster_v1_DisarmAlarmsRequest__Output } from './raftkv/cluster/v1/DisarmAlarmsRequest';
import type { DisarmAlarmsResponse as _raftkv_cluster_v1_DisarmAlarmsResponse, DisarmAlarmsResponse__Output as _raftkv_cluster_v1_DisarmAlarmsResponse__Output } from './raftkv/cluster/v1/DisarmAlarmsResponse';
import type { ListAlarmsRequest as _raftkv_cluster_v1_ListAlarmsRequest, ListAlarmsRequest__Output as _raftkv_cluster_v1_ListAlarmsRequest__Output } from './raftkv/cluster/v1/ListAlarmsRequest';
import type { ListAlarmsResponse as _raftkv_cluster_v1_ListAlarmsResponse, ListAlarmsResponse__Output as _raftkv_cluster_v1_ListAlarmsResponse__Output } from './raftkv/cluster/v1/ListAlarmsResponse';
import type { ListMembersRequest as _raftkv_cluster_v1_ListMembersRequest, ListMembersRequest__Output as _raftkv_cluster_v1_ListMembersRequest__Output } from './raftkv/cluster/v1/ListMembersRequest';
import type { ListMembersResponse as _raftkv_cluster_v1_ListMembersResponse, ListMembersResponse__Output as _raftkv_cluster_v1_ListMembersResponse__Output } from './raftkv/cluster/v1/ListMembersResponse';
import type { MaintenanceServiceClient as _raftkv_cluster_v1_MaintenanceServiceClient, MaintenanceServiceDefinition as _raftkv_cluster_v1_MaintenanceServiceDefinition } from './raftkv/cluster/v1/MaintenanceService';
import type { Member as _raftkv_cluster_v1_Member, Member__Output as _raftkv_cluster_v1_Member__Output } from './raftkv/cluster/v1/Member';
import type { PromoteMemberRequest as _raftkv_cluster_v1_PromoteMemberRequest, PromoteMemberRequest__Output as _raftkv_cluster_v1_PromoteMemberRequest__Output } from './raftkv/cluster/v1/PromoteMemberRequest';
import type { PromoteMemberResponse as _raftkv_cluster_v1_PromoteMemberResponse, PromoteMemberResponse__Output as _raftkv_cluster_v1_PromoteMemberResponse__Output } from './raftkv/cluster/v1/PromoteMemberResponse';
import type { RemoveMemberRequest as _raftkv_cluster_v1_RemoveMemberRequest, RemoveMemberRequest__Output as _raftkv_cluster_v1_RemoveMemberRequest__Output } from './raftkv/cluster/v1/RemoveMemberRequest';
import type { RemoveMemberResponse as _raftkv_cluster_v1_RemoveMemberResponse, RemoveMemberResponse__Output as _raftkv_cluster_v1_RemoveMemberResponse__Output } from './raftkv/cluster/v1/RemoveMemberResponse';
import type { SnapshotRequest as _raftkv_cluster_v1_SnapshotRequest, SnapshotRequest__Output as _raftkv_cluster_v1_SnapshotRequest__Output } from './raftkv/cluster/v1/SnapshotRequest';
import type { SnapshotResponse as _raftkv_cluster_v1_SnapshotResponse, SnapshotResponse__Output as _raftkv_cluster_v1_SnapshotResponse__Output } from './raftkv/cluster/v1/SnapshotResponse';
import type { StatusRequest as _raftkv_cluster_v1_StatusRequest, StatusRequest__Output as _raftkv_cluster_v1_StatusRequest__Output } from './raftkv/cluster/v1/StatusRequest';
import type { StatusResponse as _raftkv_cluster_v1_StatusResponse, StatusResponse__Output as _raftkv_cluster_v1_StatusResponse__Output } from './raftkv/cluster/v1/StatusResponse';
import type { TransferLeadershipRequest as _raftkv_cluster_v1_TransferLeadershipRequest, TransferLeadershipRequest__Output as _raftkv_cluster_v1_TransferLeadershipRequest__Output } from './raftkv/cluster/v1/TransferLeadershipRequest';
import type { TransferLeadershipResponse as _raftkv_cluster_v1_TransferLeadershipResponse, TransferLeadershipResponse__Output as _raftkv_cluster_v1_TransferLeadershipResponse__Output } from './raftkv/cluster/v1/TransferLeadershipResponse';

// `any` below is the generator's: it matches any constructor and never reaches our types.
type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  raftkv: {
    cluster: {
      v1: {
        AddMemberRequest: MessageTypeDefinition<_raftkv_cluster_v1_AddMemberRequest, _raftkv_cluster_v1_AddMemberRequest__Output>
        AddMemberResponse: MessageTypeDefinition<_raftkv_cluster_v1_AddMemberResponse, _raftkv_cluster_v1_AddMemberResponse__Output>
        Alarm: MessageTypeDefinition<_raftkv_cluster_v1_Alarm, _raftkv_cluster_v1_Alarm__Output>
        AlarmType: EnumTypeDefinition
        /**
         * ClusterService reports on the cluster and changes its membership. Any node
         * answers; membership changes are forwarded to the leader. One change at a
         * time: a change made while another is in flight is retried until the
         * deadline, then answered UNAVAILABLE (not applied, safe to retry).
         */
        ClusterService: SubtypeConstructor<typeof grpc.Client, _raftkv_cluster_v1_ClusterServiceClient> & { service: _raftkv_cluster_v1_ClusterServiceDefinition }
        DefragmentRequest: MessageTypeDefinition<_raftkv_cluster_v1_DefragmentRequest, _raftkv_cluster_v1_DefragmentRequest__Output>
        DefragmentResponse: MessageTypeDefinition<_raftkv_cluster_v1_DefragmentResponse, _raftkv_cluster_v1_DefragmentResponse__Output>
        DisarmAlarmsRequest: MessageTypeDefinition<_raftkv_cluster_v1_DisarmAlarmsRequest, _raftkv_cluster_v1_DisarmAlarmsRequest__Output>
        DisarmAlarmsResponse: MessageTypeDefinition<_raftkv_cluster_v1_DisarmAlarmsResponse, _raftkv_cluster_v1_DisarmAlarmsResponse__Output>
        ListAlarmsRequest: MessageTypeDefinition<_raftkv_cluster_v1_ListAlarmsRequest, _raftkv_cluster_v1_ListAlarmsRequest__Output>
        ListAlarmsResponse: MessageTypeDefinition<_raftkv_cluster_v1_ListAlarmsResponse, _raftkv_cluster_v1_ListAlarmsResponse__Output>
        ListMembersRequest: MessageTypeDefinition<_raftkv_cluster_v1_ListMembersRequest, _raftkv_cluster_v1_ListMembersRequest__Output>
        ListMembersResponse: MessageTypeDefinition<_raftkv_cluster_v1_ListMembersResponse, _raftkv_cluster_v1_ListMembersResponse__Output>
        /**
         * MaintenanceService keeps the data safe: backups of any member's state.
         */
        MaintenanceService: SubtypeConstructor<typeof grpc.Client, _raftkv_cluster_v1_MaintenanceServiceClient> & { service: _raftkv_cluster_v1_MaintenanceServiceDefinition }
        Member: MessageTypeDefinition<_raftkv_cluster_v1_Member, _raftkv_cluster_v1_Member__Output>
        PromoteMemberRequest: MessageTypeDefinition<_raftkv_cluster_v1_PromoteMemberRequest, _raftkv_cluster_v1_PromoteMemberRequest__Output>
        PromoteMemberResponse: MessageTypeDefinition<_raftkv_cluster_v1_PromoteMemberResponse, _raftkv_cluster_v1_PromoteMemberResponse__Output>
        RemoveMemberRequest: MessageTypeDefinition<_raftkv_cluster_v1_RemoveMemberRequest, _raftkv_cluster_v1_RemoveMemberRequest__Output>
        RemoveMemberResponse: MessageTypeDefinition<_raftkv_cluster_v1_RemoveMemberResponse, _raftkv_cluster_v1_RemoveMemberResponse__Output>
        Role: EnumTypeDefinition
        SnapshotRequest: MessageTypeDefinition<_raftkv_cluster_v1_SnapshotRequest, _raftkv_cluster_v1_SnapshotRequest__Output>
        SnapshotResponse: MessageTypeDefinition<_raftkv_cluster_v1_SnapshotResponse, _raftkv_cluster_v1_SnapshotResponse__Output>
        StatusRequest: MessageTypeDefinition<_raftkv_cluster_v1_StatusRequest, _raftkv_cluster_v1_StatusRequest__Output>
        StatusResponse: MessageTypeDefinition<_raftkv_cluster_v1_StatusResponse, _raftkv_cluster_v1_StatusResponse__Output>
        Suffrage: EnumTypeDefinition
        TransferLeadershipRequest: MessageTypeDefinition<_raftkv_cluster_v1_TransferLeadershipRequest, _raftkv_cluster_v1_TransferLeadershipRequest__Output>
        TransferLeadershipResponse: MessageTypeDefinition<_raftkv_cluster_v1_TransferLeadershipResponse, _raftkv_cluster_v1_TransferLeadershipResponse__Output>
      }
    }
  }
}

