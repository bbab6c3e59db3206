import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddRoleRequest as _raftkv_auth_v1_AddRoleRequest, AddRoleRequest__Output as _raftkv_auth_v1_AddRoleRequest__Output } from './raftkv/auth/v1/AddRoleRequest';
import type { AddRoleResponse as _raftkv_auth_v1_AddRoleResponse, AddRoleResponse__Output as _raftkv_auth_v1_AddRoleResponse__Output } from './raftkv/auth/v1/AddRoleResponse';
import type { AddUserRequest as _raftkv_auth_v1_AddUserRequest, AddUserRequest__Output as _raftkv_auth_v1_AddUserRequest__Output } from './raftkv/auth/v1/AddUserRequest';
import type { AddUserResponse as _raftkv_auth_v1_AddUserResponse, AddUserResponse__Output as _raftkv_auth_v1_AddUserResponse__Output } from './raftkv/auth/v1/AddUserResponse';
import type { AuthServiceClient as _raftkv_auth_v1_AuthServiceClient, AuthServiceDefinition as _raftkv_auth_v1_AuthServiceDefinition } from './raftkv/auth/v1/AuthService';
import type { AuthenticateRequest as _raftkv_auth_v1_AuthenticateRequest, AuthenticateRequest__Output as _raftkv_auth_v1_AuthenticateRequest__Output } from './raftkv/auth/v1/AuthenticateRequest';
import type { AuthenticateResponse as _raftkv_auth_v1_AuthenticateResponse, AuthenticateResponse__Output as _raftkv_auth_v1_AuthenticateResponse__Output } from './raftkv/auth/v1/AuthenticateResponse';
import type { ChangePasswordRequest as _raftkv_auth_v1_ChangePasswordRequest, ChangePasswordRequest__Output as _raftkv_auth_v1_ChangePasswordRequest__Output } from './raftkv/auth/v1/ChangePasswordRequest';
import type { ChangePasswordResponse as _raftkv_auth_v1_ChangePasswordResponse, ChangePasswordResponse__Output as _raftkv_auth_v1_ChangePasswordResponse__Output } from './raftkv/auth/v1/ChangePasswordResponse';
import type { DeleteRoleRequest as _raftkv_auth_v1_DeleteRoleRequest, DeleteRoleRequest__Output as _raftkv_auth_v1_DeleteRoleRequest__Output } from './raftkv/auth/v1/DeleteRoleRequest';
import type { DeleteRoleResponse as _raftkv_auth_v1_DeleteRoleResponse, DeleteRoleResponse__Output as _raftkv_auth_v1_DeleteRoleResponse__Output } from './raftkv/auth/v1/DeleteRoleResponse';
import type { DeleteUserRequest as _raftkv_auth_v1_DeleteUserRequest, DeleteUserRequest__Output as _raftkv_auth_v1_DeleteUserRequest__Output } from './raftkv/auth/v1/DeleteUserRequest';
import type { DeleteUserResponse as _raftkv_auth_v1_DeleteUserResponse, DeleteUserResponse__Output as _raftkv_auth_v1_DeleteUserResponse__Output } from './raftkv/auth/v1/DeleteUserResponse';
import type { DisableRequest as _raftkv_auth_v1_DisableRequest, DisableRequest__Output as _raftkv_auth_v1_DisableRequest__Output } from './raftkv/auth/v1/DisableRequest';
import type { DisableResponse as _raftkv_auth_v1_DisableResponse, DisableResponse__Output as _raftkv_auth_v1_DisableResponse__Output } from './raftkv/auth/v1/DisableResponse';
import type { EnableRequest as _raftkv_auth_v1_EnableRequest, EnableRequest__Output as _raftkv_auth_v1_EnableRequest__Output } from './raftkv/auth/v1/EnableRequest';
import type { EnableResponse as _raftkv_auth_v1_EnableResponse, EnableResponse__Output as _raftkv_auth_v1_EnableResponse__Output } from './raftkv/auth/v1/EnableResponse';
import type { GetRoleRequest as _raftkv_auth_v1_GetRoleRequest, GetRoleRequest__Output as _raftkv_auth_v1_GetRoleRequest__Output } from './raftkv/auth/v1/GetRoleRequest';
import type { GetRoleResponse as _raftkv_auth_v1_GetRoleResponse, GetRoleResponse__Output as _raftkv_auth_v1_GetRoleResponse__Output } from './raftkv/auth/v1/GetRoleResponse';
import type { GetUserRequest as _raftkv_auth_v1_GetUserRequest, GetUserRequest__Output as _raftkv_auth_v1_GetUserRequest__Output } from './raftkv/auth/v1/GetUserRequest';
import type { GetUserResponse as _raftkv_auth_v1_GetUserResponse, GetUserResponse__Output as _raftkv_auth_v1_GetUserResponse__Output } from './raftkv/auth/v1/GetUserResponse';
import type { GrantPermissionRequest as _raftkv_auth_v1_GrantPermissionRequest, GrantPermissionRequest__Output as _raftkv_auth_v1_GrantPermissionRequest__Output } from './raftkv/auth/v1/GrantPermissionRequest';
import type { GrantPermissionResponse as _raftkv_auth_v1_GrantPermissionResponse, GrantPermissionResponse__Output as _raftkv_auth_v1_GrantPermissionResponse__Output } from './raftkv/auth/v1/GrantPermissionResponse';
import type { GrantRoleRequest as _raftkv_auth_v1_GrantRoleRequest, GrantRoleRequest__Output as _raftkv_auth_v1_GrantRoleRequest__Output } from './raftkv/auth/v1/GrantRoleRequest';
import type { GrantRoleResponse as _raftkv_auth_v1_GrantRoleResponse, GrantRoleResponse__Output as _raftkv_auth_v1_GrantRoleResponse__Output } from './raftkv/auth/v1/GrantRoleResponse';
import type { ListRolesRequest as _raftkv_auth_v1_ListRolesRequest, ListRolesRequest__Output as _raftkv_auth_v1_ListRolesRequest__Output } from './raftkv/auth/v1/ListRolesRequest';
import type { ListRolesResponse as _raftkv_auth_v1_ListRolesResponse, ListRolesResponse__Output as _raftkv_auth_v1_ListRolesResponse__Output } from './raftkv/auth/v1/ListRolesResponse';
import type { ListUsersRequest as _raftkv_auth_v1_ListUsersRequest, ListUsersRequest__Output as _raftkv_auth_v1_ListUsersRequest__Output } from './raftkv/auth/v1/ListUsersRequest';
import type { ListUsersResponse as _raftkv_auth_v1_ListUsersResponse, ListUsersResponse__Output as _raftkv_auth_v1_ListUsersResponse__Output } from './raftkv/auth/v1/ListUsersResponse';
import type { Permission as _raftkv_auth_v1_Permission, Permission__Output as _raftkv_auth_v1_Permission__Output } from './raftkv/auth/v1/Permission';
import type { RevokePermissionRequest as _raftkv_auth_v1_RevokePermissionRequest, RevokePermissionRequest__Output as _raftkv_auth_v1_RevokePermissionRequest__Output } from './raftkv/auth/v1/RevokePermissionRequest';
import type { RevokePermissionResponse as _raftkv_auth_v1_RevokePermissionResponse, RevokePermissionResponse__Output as _raftkv_auth_v1_RevokePermissionResponse__Output } from './raftkv/auth/v1/RevokePermissionResponse';
import type { RevokeRoleRequest as _raftkv_auth_v1_RevokeRoleRequest, RevokeRoleRequest__Output as _raftkv_auth_v1_RevokeRoleRequest__Output } from './raftkv/auth/v1/RevokeRoleRequest';
import type { RevokeRoleResponse as _raftkv_auth_v1_RevokeRoleResponse, RevokeRoleResponse__Output as _raftkv_auth_v1_RevokeRoleResponse__Output } from './raftkv/auth/v1/RevokeRoleResponse';
import type { StatusRequest as _raftkv_auth_v1_StatusRequest, StatusRequest__Output as _raftkv_auth_v1_StatusRequest__Output } from './raftkv/auth/v1/StatusRequest';
import type { StatusResponse as _raftkv_auth_v1_StatusResponse, StatusResponse__Output as _raftkv_auth_v1_StatusResponse__Output } from './raftkv/auth/v1/StatusResponse';

// `any` below is the generator's: it matches any constructor and never reaches our types.
type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  raftkv: {
    auth: {
      v1: {
        AddRoleRequest: MessageTypeDefinition<_raftkv_auth_v1_AddRoleRequest, _raftkv_auth_v1_AddRoleRequest__Output>
        AddRoleResponse: MessageTypeDefinition<_raftkv_auth_v1_AddRoleResponse, _raftkv_auth_v1_AddRoleResponse__Output>
        AddUserRequest: MessageTypeDefinition<_raftkv_auth_v1_AddUserRequest, _raftkv_auth_v1_AddUserRequest__Output>
        AddUserResponse: MessageTypeDefinition<_raftkv_auth_v1_AddUserResponse, _raftkv_auth_v1_AddUserResponse__Output>
        /**
         * AuthService manages users, roles and permissions, and issues the tokens
         * clients send in the `token` metadata key (docs/security.md, "Authentication
         * and roles"). The same state serves etcd's etcdserverpb.Auth. Once auth is
         * enabled every call but Authenticate and Status needs a token (or, under
         * --client-cert-auth, a client certificate whose common name is a user), and
         * every call here but Authenticate and Status needs the root role.
         */
        AuthService: SubtypeConstructor<typeof grpc.Client, _raftkv_auth_v1_AuthServiceClient> & { service: _raftkv_auth_v1_AuthServiceDefinition }
        AuthenticateRequest: MessageTypeDefinition<_raftkv_auth_v1_AuthenticateRequest, _raftkv_auth_v1_AuthenticateRequest__Output>
        AuthenticateResponse: MessageTypeDefinition<_raftkv_auth_v1_AuthenticateResponse, _raftkv_auth_v1_AuthenticateResponse__Output>
        ChangePasswordRequest: MessageTypeDefinition<_raftkv_auth_v1_ChangePasswordRequest, _raftkv_auth_v1_ChangePasswordRequest__Output>
        ChangePasswordResponse: MessageTypeDefinition<_raftkv_auth_v1_ChangePasswordResponse, _raftkv_auth_v1_ChangePasswordResponse__Output>
        DeleteRoleRequest: MessageTypeDefinition<_raftkv_auth_v1_DeleteRoleRequest, _raftkv_auth_v1_DeleteRoleRequest__Output>
        DeleteRoleResponse: MessageTypeDefinition<_raftkv_auth_v1_DeleteRoleResponse, _raftkv_auth_v1_DeleteRoleResponse__Output>
        DeleteUserRequest: MessageTypeDefinition<_raftkv_auth_v1_DeleteUserRequest, _raftkv_auth_v1_DeleteUserRequest__Output>
        DeleteUserResponse: MessageTypeDefinition<_raftkv_auth_v1_DeleteUserResponse, _raftkv_auth_v1_DeleteUserResponse__Output>
        DisableRequest: MessageTypeDefinition<_raftkv_auth_v1_DisableRequest, _raftkv_auth_v1_DisableRequest__Output>
        DisableResponse: MessageTypeDefinition<_raftkv_auth_v1_DisableResponse, _raftkv_auth_v1_DisableResponse__Output>
        EnableRequest: MessageTypeDefinition<_raftkv_auth_v1_EnableRequest, _raftkv_auth_v1_EnableRequest__Output>
        EnableResponse: MessageTypeDefinition<_raftkv_auth_v1_EnableResponse, _raftkv_auth_v1_EnableResponse__Output>
        GetRoleRequest: MessageTypeDefinition<_raftkv_auth_v1_GetRoleRequest, _raftkv_auth_v1_GetRoleRequest__Output>
        GetRoleResponse: MessageTypeDefinition<_raftkv_auth_v1_GetRoleResponse, _raftkv_auth_v1_GetRoleResponse__Output>
        GetUserRequest: MessageTypeDefinition<_raftkv_auth_v1_GetUserRequest, _raftkv_auth_v1_GetUserRequest__Output>
        GetUserResponse: MessageTypeDefinition<_raftkv_auth_v1_GetUserResponse, _raftkv_auth_v1_GetUserResponse__Output>
        GrantPermissionRequest: MessageTypeDefinition<_raftkv_auth_v1_GrantPermissionRequest, _raftkv_auth_v1_GrantPermissionRequest__Output>
        GrantPermissionResponse: MessageTypeDefinition<_raftkv_auth_v1_GrantPermissionResponse, _raftkv_auth_v1_GrantPermissionResponse__Output>
        GrantRoleRequest: MessageTypeDefinition<_raftkv_auth_v1_GrantRoleRequest, _raftkv_auth_v1_GrantRoleRequest__Output>
        GrantRoleResponse: MessageTypeDefinition<_raftkv_auth_v1_GrantRoleResponse, _raftkv_auth_v1_GrantRoleResponse__Output>
        ListRolesRequest: MessageTypeDefinition<_raftkv_auth_v1_ListRolesRequest, _raftkv_auth_v1_ListRolesRequest__Output>
        ListRolesResponse: MessageTypeDefinition<_raftkv_auth_v1_ListRolesResponse, _raftkv_auth_v1_ListRolesResponse__Output>
        ListUsersRequest: MessageTypeDefinition<_raftkv_auth_v1_ListUsersRequest, _raftkv_auth_v1_ListUsersRequest__Output>
        ListUsersResponse: MessageTypeDefinition<_raftkv_auth_v1_ListUsersResponse, _raftkv_auth_v1_ListUsersResponse__Output>
        Permission: MessageTypeDefinition<_raftkv_auth_v1_Permission, _raftkv_auth_v1_Permission__Output>
        PermissionType: EnumTypeDefinition
        RevokePermissionRequest: MessageTypeDefinition<_raftkv_auth_v1_RevokePermissionRequest, _raftkv_auth_v1_RevokePermissionRequest__Output>
        RevokePermissionResponse: MessageTypeDefinition<_raftkv_auth_v1_RevokePermissionResponse, _raftkv_auth_v1_RevokePermissionResponse__Output>
        RevokeRoleRequest: MessageTypeDefinition<_raftkv_auth_v1_RevokeRoleRequest, _raftkv_auth_v1_RevokeRoleRequest__Output>
        RevokeRoleResponse: MessageTypeDefinition<_raftkv_auth_v1_RevokeRoleResponse, _raftkv_auth_v1_RevokeRoleResponse__Output>
        StatusRequest: MessageTypeDefinition<_raftkv_auth_v1_StatusRequest, _raftkv_auth_v1_StatusRequest__Output>
        StatusResponse: MessageTypeDefinition<_raftkv_auth_v1_StatusResponse, _raftkv_auth_v1_StatusResponse__Output>
      }
    }
  }
}

