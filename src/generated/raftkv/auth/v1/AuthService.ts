// Original file: proto/raftkv/auth/v1/auth.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddRoleRequest as _raftkv_auth_v1_AddRoleRequest, AddRoleRequest__Output as _raftkv_auth_v1_AddRoleRequest__Output } from '../../../raftkv/auth/v1/AddRoleRequest';
import type { AddRoleResponse as _raftkv_auth_v1_AddRoleResponse, AddRoleResponse__Output as _raftkv_auth_v1_AddRoleResponse__Output } from '../../../raftkv/auth/v1/AddRoleResponse';
import type { AddUserRequest as _raftkv_auth_v1_AddUserRequest, AddUserRequest__Output as _raftkv_auth_v1_AddUserRequest__Output } from '../../../raftkv/auth/v1/AddUserRequest';
import type { AddUserResponse as _raftkv_auth_v1_AddUserResponse, AddUserResponse__Output as _raftkv_auth_v1_AddUserResponse__Output } from '../../../raftkv/auth/v1/AddUserResponse';
import type { AuthenticateRequest as _raftkv_auth_v1_AuthenticateRequest, AuthenticateRequest__Output as _raftkv_auth_v1_AuthenticateRequest__Output } from '../../../raftkv/auth/v1/AuthenticateRequest';
import type { AuthenticateResponse as _raftkv_auth_v1_AuthenticateResponse, AuthenticateResponse__Output as _raftkv_auth_v1_AuthenticateResponse__Output } from '../../../raftkv/auth/v1/AuthenticateResponse';
import type { ChangePasswordRequest as _raftkv_auth_v1_ChangePasswordRequest, ChangePasswordRequest__Output as _raftkv_auth_v1_ChangePasswordRequest__Output } from '../../../raftkv/auth/v1/ChangePasswordRequest';
import type { ChangePasswordResponse as _raftkv_auth_v1_ChangePasswordResponse, ChangePasswordResponse__Output as _raftkv_auth_v1_ChangePasswordResponse__Output } from '../../../raftkv/auth/v1/ChangePasswordResponse';
import type { DeleteRoleRequest as _raftkv_auth_v1_DeleteRoleRequest, DeleteRoleRequest__Output as _raftkv_auth_v1_DeleteRoleRequest__Output } from '../../../raftkv/auth/v1/DeleteRoleRequest';
import type { DeleteRoleResponse as _raftkv_auth_v1_DeleteRoleResponse, DeleteRoleResponse__Output as _raftkv_auth_v1_DeleteRoleResponse__Output } from '../../../raftkv/auth/v1/DeleteRoleResponse';
import type { DeleteUserRequest as _raftkv_auth_v1_DeleteUserRequest, DeleteUserRequest__Output as _raftkv_auth_v1_DeleteUserRequest__Output } from '../../../raftkv/auth/v1/DeleteUserRequest';
import type { DeleteUserResponse as _raftkv_auth_v1_DeleteUserResponse, DeleteUserResponse__Output as _raftkv_auth_v1_DeleteUserResponse__Output } from '../../../raftkv/auth/v1/DeleteUserResponse';
import type { DisableRequest as _raftkv_auth_v1_DisableRequest, DisableRequest__Output as _raftkv_auth_v1_DisableRequest__Output } from '../../../raftkv/auth/v1/DisableRequest';
import type { DisableResponse as _raftkv_auth_v1_DisableResponse, DisableResponse__Output as _raftkv_auth_v1_DisableResponse__Output } from '../../../raftkv/auth/v1/DisableResponse';
import type { EnableRequest as _raftkv_auth_v1_EnableRequest, EnableRequest__Output as _raftkv_auth_v1_EnableRequest__Output } from '../../../raftkv/auth/v1/EnableRequest';
import type { EnableResponse as _raftkv_auth_v1_EnableResponse, EnableResponse__Output as _raftkv_auth_v1_EnableResponse__Output } from '../../../raftkv/auth/v1/EnableResponse';
import type { GetRoleRequest as _raftkv_auth_v1_GetRoleRequest, GetRoleRequest__Output as _raftkv_auth_v1_GetRoleRequest__Output } from '../../../raftkv/auth/v1/GetRoleRequest';
import type { GetRoleResponse as _raftkv_auth_v1_GetRoleResponse, GetRoleResponse__Output as _raftkv_auth_v1_GetRoleResponse__Output } from '../../../raftkv/auth/v1/GetRoleResponse';
import type { GetUserRequest as _raftkv_auth_v1_GetUserRequest, GetUserRequest__Output as _raftkv_auth_v1_GetUserRequest__Output } from '../../../raftkv/auth/v1/GetUserRequest';
import type { GetUserResponse as _raftkv_auth_v1_GetUserResponse, GetUserResponse__Output as _raftkv_auth_v1_GetUserResponse__Output } from '../../../raftkv/auth/v1/GetUserResponse';
import type { GrantPermissionRequest as _raftkv_auth_v1_GrantPermissionRequest, GrantPermissionRequest__Output as _raftkv_auth_v1_GrantPermissionRequest__Output } from '../../../raftkv/auth/v1/GrantPermissionRequest';
import type { GrantPermissionResponse as _raftkv_auth_v1_GrantPermissionResponse, GrantPermissionResponse__Output as _raftkv_auth_v1_GrantPermissionResponse__Output } from '../../../raftkv/auth/v1/GrantPermissionResponse';
import type { GrantRoleRequest as _raftkv_auth_v1_GrantRoleRequest, GrantRoleRequest__Output as _raftkv_auth_v1_GrantRoleRequest__Output } from '../../../raftkv/auth/v1/GrantRoleRequest';
import type { GrantRoleResponse as _raftkv_auth_v1_GrantRoleResponse, GrantRoleResponse__Output as _raftkv_auth_v1_GrantRoleResponse__Output } from '../../../raftkv/auth/v1/GrantRoleResponse';
import type { ListRolesRequest as _raftkv_auth_v1_ListRolesRequest, ListRolesRequest__Output as _raftkv_auth_v1_ListRolesRequest__Output } from '../../../raftkv/auth/v1/ListRolesRequest';
import type { ListRolesResponse as _raftkv_auth_v1_ListRolesResponse, ListRolesResponse__Output as _raftkv_auth_v1_ListRolesResponse__Output } from '../../../raftkv/auth/v1/ListRolesResponse';
import type { ListUsersRequest as _raftkv_auth_v1_ListUsersRequest, ListUsersRequest__Output as _raftkv_auth_v1_ListUsersRequest__Output } from '../../../raftkv/auth/v1/ListUsersRequest';
import type { ListUsersResponse as _raftkv_auth_v1_ListUsersResponse, ListUsersResponse__Output as _raftkv_auth_v1_ListUsersResponse__Output } from '../../../raftkv/auth/v1/ListUsersResponse';
import type { RevokePermissionRequest as _raftkv_auth_v1_RevokePermissionRequest, RevokePermissionRequest__Output as _raftkv_auth_v1_RevokePermissionRequest__Output } from '../../../raftkv/auth/v1/RevokePermissionRequest';
import type { RevokePermissionResponse as _raftkv_auth_v1_RevokePermissionResponse, RevokePermissionResponse__Output as _raftkv_auth_v1_RevokePermissionResponse__Output } from '../../../raftkv/auth/v1/RevokePermissionResponse';
import type { RevokeRoleRequest as _raftkv_auth_v1_RevokeRoleRequest, RevokeRoleRequest__Output as _raftkv_auth_v1_RevokeRoleRequest__Output } from '../../../raftkv/auth/v1/RevokeRoleRequest';
import type { RevokeRoleResponse as _raftkv_auth_v1_RevokeRoleResponse, RevokeRoleResponse__Output as _raftkv_auth_v1_RevokeRoleResponse__Output } from '../../../raftkv/auth/v1/RevokeRoleResponse';
import type { StatusRequest as _raftkv_auth_v1_StatusRequest, StatusRequest__Output as _raftkv_auth_v1_StatusRequest__Output } from '../../../raftkv/auth/v1/StatusRequest';
import type { StatusResponse as _raftkv_auth_v1_StatusResponse, StatusResponse__Output as _raftkv_auth_v1_StatusResponse__Output } from '../../../raftkv/auth/v1/StatusResponse';

/**
 * AuthService manages users, roles and permissions, and issues the tokens
 * clients send in the `token` metadata key (docs/security.md, "Authentication
 * and roles"). The same state serves etcd's etcdserverpb.Auth. Once auth is
 * enabled every call but Authenticate and Status needs a token (or, under
 * --client-cert-auth, a client certificate whose common name is a user), and
 * every call here but Authenticate and Status needs the root role.
 */
export interface AuthServiceClient extends grpc.Client {
  AddRole(argument: _raftkv_auth_v1_AddRoleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AddRoleResponse__Output>): grpc.ClientUnaryCall;
  AddRole(argument: _raftkv_auth_v1_AddRoleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_AddRoleResponse__Output>): grpc.ClientUnaryCall;
  AddRole(argument: _raftkv_auth_v1_AddRoleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AddRoleResponse__Output>): grpc.ClientUnaryCall;
  AddRole(argument: _raftkv_auth_v1_AddRoleRequest, callback: grpc.requestCallback<_raftkv_auth_v1_AddRoleResponse__Output>): grpc.ClientUnaryCall;
  addRole(argument: _raftkv_auth_v1_AddRoleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AddRoleResponse__Output>): grpc.ClientUnaryCall;
  addRole(argument: _raftkv_auth_v1_AddRoleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_AddRoleResponse__Output>): grpc.ClientUnaryCall;
  addRole(argument: _raftkv_auth_v1_AddRoleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AddRoleResponse__Output>): grpc.ClientUnaryCall;
  addRole(argument: _raftkv_auth_v1_AddRoleRequest, callback: grpc.requestCallback<_raftkv_auth_v1_AddRoleResponse__Output>): grpc.ClientUnaryCall;
  
  AddUser(argument: _raftkv_auth_v1_AddUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AddUserResponse__Output>): grpc.ClientUnaryCall;
  AddUser(argument: _raftkv_auth_v1_AddUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_AddUserResponse__Output>): grpc.ClientUnaryCall;
  AddUser(argument: _raftkv_auth_v1_AddUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AddUserResponse__Output>): grpc.ClientUnaryCall;
  AddUser(argument: _raftkv_auth_v1_AddUserRequest, callback: grpc.requestCallback<_raftkv_auth_v1_AddUserResponse__Output>): grpc.ClientUnaryCall;
  addUser(argument: _raftkv_auth_v1_AddUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AddUserResponse__Output>): grpc.ClientUnaryCall;
  addUser(argument: _raftkv_auth_v1_AddUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_AddUserResponse__Output>): grpc.ClientUnaryCall;
  addUser(argument: _raftkv_auth_v1_AddUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AddUserResponse__Output>): grpc.ClientUnaryCall;
  addUser(argument: _raftkv_auth_v1_AddUserRequest, callback: grpc.requestCallback<_raftkv_auth_v1_AddUserResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Authenticate checks a password and returns a token held by this node only:
   * a client that moves to another node authenticates again.
   */
  Authenticate(argument: _raftkv_auth_v1_AuthenticateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  Authenticate(argument: _raftkv_auth_v1_AuthenticateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  Authenticate(argument: _raftkv_auth_v1_AuthenticateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  Authenticate(argument: _raftkv_auth_v1_AuthenticateRequest, callback: grpc.requestCallback<_raftkv_auth_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Authenticate checks a password and returns a token held by this node only:
   * a client that moves to another node authenticates again.
   */
  authenticate(argument: _raftkv_auth_v1_AuthenticateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  authenticate(argument: _raftkv_auth_v1_AuthenticateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  authenticate(argument: _raftkv_auth_v1_AuthenticateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  authenticate(argument: _raftkv_auth_v1_AuthenticateRequest, callback: grpc.requestCallback<_raftkv_auth_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  
  ChangePassword(argument: _raftkv_auth_v1_ChangePasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  ChangePassword(argument: _raftkv_auth_v1_ChangePasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  ChangePassword(argument: _raftkv_auth_v1_ChangePasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  ChangePassword(argument: _raftkv_auth_v1_ChangePasswordRequest, callback: grpc.requestCallback<_raftkv_auth_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  changePassword(argument: _raftkv_auth_v1_ChangePasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  changePassword(argument: _raftkv_auth_v1_ChangePasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  changePassword(argument: _raftkv_auth_v1_ChangePasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  changePassword(argument: _raftkv_auth_v1_ChangePasswordRequest, callback: grpc.requestCallback<_raftkv_auth_v1_ChangePasswordResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteRole(argument: _raftkv_auth_v1_DeleteRoleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteRoleResponse__Output>): grpc.ClientUnaryCall;
  DeleteRole(argument: _raftkv_auth_v1_DeleteRoleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteRoleResponse__Output>): grpc.ClientUnaryCall;
  DeleteRole(argument: _raftkv_auth_v1_DeleteRoleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteRoleResponse__Output>): grpc.ClientUnaryCall;
  DeleteRole(argument: _raftkv_auth_v1_DeleteRoleRequest, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteRoleResponse__Output>): grpc.ClientUnaryCall;
  deleteRole(argument: _raftkv_auth_v1_DeleteRoleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteRoleResponse__Output>): grpc.ClientUnaryCall;
  deleteRole(argument: _raftkv_auth_v1_DeleteRoleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteRoleResponse__Output>): grpc.ClientUnaryCall;
  deleteRole(argument: _raftkv_auth_v1_DeleteRoleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteRoleResponse__Output>): grpc.ClientUnaryCall;
  deleteRole(argument: _raftkv_auth_v1_DeleteRoleRequest, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteRoleResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteUser(argument: _raftkv_auth_v1_DeleteUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _raftkv_auth_v1_DeleteUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _raftkv_auth_v1_DeleteUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _raftkv_auth_v1_DeleteUserRequest, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _raftkv_auth_v1_DeleteUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _raftkv_auth_v1_DeleteUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _raftkv_auth_v1_DeleteUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _raftkv_auth_v1_DeleteUserRequest, callback: grpc.requestCallback<_raftkv_auth_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  
  Disable(argument: _raftkv_auth_v1_DisableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DisableResponse__Output>): grpc.ClientUnaryCall;
  Disable(argument: _raftkv_auth_v1_DisableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_DisableResponse__Output>): grpc.ClientUnaryCall;
  Disable(argument: _raftkv_auth_v1_DisableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DisableResponse__Output>): grpc.ClientUnaryCall;
  Disable(argument: _raftkv_auth_v1_DisableRequest, callback: grpc.requestCallback<_raftkv_auth_v1_DisableResponse__Output>): grpc.ClientUnaryCall;
  disable(argument: _raftkv_auth_v1_DisableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DisableResponse__Output>): grpc.ClientUnaryCall;
  disable(argument: _raftkv_auth_v1_DisableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_DisableResponse__Output>): grpc.ClientUnaryCall;
  disable(argument: _raftkv_auth_v1_DisableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_DisableResponse__Output>): grpc.ClientUnaryCall;
  disable(argument: _raftkv_auth_v1_DisableRequest, callback: grpc.requestCallback<_raftkv_auth_v1_DisableResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Enable turns authentication on; refused unless a user "root" with the root role exists.
   */
  Enable(argument: _raftkv_auth_v1_EnableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_EnableResponse__Output>): grpc.ClientUnaryCall;
  Enable(argument: _raftkv_auth_v1_EnableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_EnableResponse__Output>): grpc.ClientUnaryCall;
  Enable(argument: _raftkv_auth_v1_EnableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_EnableResponse__Output>): grpc.ClientUnaryCall;
  Enable(argument: _raftkv_auth_v1_EnableRequest, callback: grpc.requestCallback<_raftkv_auth_v1_EnableResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Enable turns authentication on; refused unless a user "root" with the root role exists.
   */
  enable(argument: _raftkv_auth_v1_EnableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_EnableResponse__Output>): grpc.ClientUnaryCall;
  enable(argument: _raftkv_auth_v1_EnableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_EnableResponse__Output>): grpc.ClientUnaryCall;
  enable(argument: _raftkv_auth_v1_EnableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_EnableResponse__Output>): grpc.ClientUnaryCall;
  enable(argument: _raftkv_auth_v1_EnableRequest, callback: grpc.requestCallback<_raftkv_auth_v1_EnableResponse__Output>): grpc.ClientUnaryCall;
  
  GetRole(argument: _raftkv_auth_v1_GetRoleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GetRoleResponse__Output>): grpc.ClientUnaryCall;
  GetRole(argument: _raftkv_auth_v1_GetRoleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_GetRoleResponse__Output>): grpc.ClientUnaryCall;
  GetRole(argument: _raftkv_auth_v1_GetRoleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GetRoleResponse__Output>): grpc.ClientUnaryCall;
  GetRole(argument: _raftkv_auth_v1_GetRoleRequest, callback: grpc.requestCallback<_raftkv_auth_v1_GetRoleResponse__Output>): grpc.ClientUnaryCall;
  getRole(argument: _raftkv_auth_v1_GetRoleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GetRoleResponse__Output>): grpc.ClientUnaryCall;
  getRole(argument: _raftkv_auth_v1_GetRoleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_GetRoleResponse__Output>): grpc.ClientUnaryCall;
  getRole(argument: _raftkv_auth_v1_GetRoleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GetRoleResponse__Output>): grpc.ClientUnaryCall;
  getRole(argument: _raftkv_auth_v1_GetRoleRequest, callback: grpc.requestCallback<_raftkv_auth_v1_GetRoleResponse__Output>): grpc.ClientUnaryCall;
  
  GetUser(argument: _raftkv_auth_v1_GetUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _raftkv_auth_v1_GetUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _raftkv_auth_v1_GetUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _raftkv_auth_v1_GetUserRequest, callback: grpc.requestCallback<_raftkv_auth_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  getUser(argument: _raftkv_auth_v1_GetUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  getUser(argument: _raftkv_auth_v1_GetUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  getUser(argument: _raftkv_auth_v1_GetUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  getUser(argument: _raftkv_auth_v1_GetUserRequest, callback: grpc.requestCallback<_raftkv_auth_v1_GetUserResponse__Output>): grpc.ClientUnaryCall;
  
  GrantPermission(argument: _raftkv_auth_v1_GrantPermissionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GrantPermissionResponse__Output>): grpc.ClientUnaryCall;
  GrantPermission(argument: _raftkv_auth_v1_GrantPermissionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_GrantPermissionResponse__Output>): grpc.ClientUnaryCall;
  GrantPermission(argument: _raftkv_auth_v1_GrantPermissionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GrantPermissionResponse__Output>): grpc.ClientUnaryCall;
  GrantPermission(argument: _raftkv_auth_v1_GrantPermissionRequest, callback: grpc.requestCallback<_raftkv_auth_v1_GrantPermissionResponse__Output>): grpc.ClientUnaryCall;
  grantPermission(argument: _raftkv_auth_v1_GrantPermissionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GrantPermissionResponse__Output>): grpc.ClientUnaryCall;
  grantPermission(argument: _raftkv_auth_v1_GrantPermissionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_GrantPermissionResponse__Output>): grpc.ClientUnaryCall;
  grantPermission(argument: _raftkv_auth_v1_GrantPermissionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GrantPermissionResponse__Output>): grpc.ClientUnaryCall;
  grantPermission(argument: _raftkv_auth_v1_GrantPermissionRequest, callback: grpc.requestCallback<_raftkv_auth_v1_GrantPermissionResponse__Output>): grpc.ClientUnaryCall;
  
  GrantRole(argument: _raftkv_auth_v1_GrantRoleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GrantRoleResponse__Output>): grpc.ClientUnaryCall;
  GrantRole(argument: _raftkv_auth_v1_GrantRoleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_GrantRoleResponse__Output>): grpc.ClientUnaryCall;
  GrantRole(argument: _raftkv_auth_v1_GrantRoleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GrantRoleResponse__Output>): grpc.ClientUnaryCall;
  GrantRole(argument: _raftkv_auth_v1_GrantRoleRequest, callback: grpc.requestCallback<_raftkv_auth_v1_GrantRoleResponse__Output>): grpc.ClientUnaryCall;
  grantRole(argument: _raftkv_auth_v1_GrantRoleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GrantRoleResponse__Output>): grpc.ClientUnaryCall;
  grantRole(argument: _raftkv_auth_v1_GrantRoleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_GrantRoleResponse__Output>): grpc.ClientUnaryCall;
  grantRole(argument: _raftkv_auth_v1_GrantRoleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_GrantRoleResponse__Output>): grpc.ClientUnaryCall;
  grantRole(argument: _raftkv_auth_v1_GrantRoleRequest, callback: grpc.requestCallback<_raftkv_auth_v1_GrantRoleResponse__Output>): grpc.ClientUnaryCall;
  
  ListRoles(argument: _raftkv_auth_v1_ListRolesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ListRolesResponse__Output>): grpc.ClientUnaryCall;
  ListRoles(argument: _raftkv_auth_v1_ListRolesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_ListRolesResponse__Output>): grpc.ClientUnaryCall;
  ListRoles(argument: _raftkv_auth_v1_ListRolesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ListRolesResponse__Output>): grpc.ClientUnaryCall;
  ListRoles(argument: _raftkv_auth_v1_ListRolesRequest, callback: grpc.requestCallback<_raftkv_auth_v1_ListRolesResponse__Output>): grpc.ClientUnaryCall;
  listRoles(argument: _raftkv_auth_v1_ListRolesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ListRolesResponse__Output>): grpc.ClientUnaryCall;
  listRoles(argument: _raftkv_auth_v1_ListRolesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_ListRolesResponse__Output>): grpc.ClientUnaryCall;
  listRoles(argument: _raftkv_auth_v1_ListRolesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ListRolesResponse__Output>): grpc.ClientUnaryCall;
  listRoles(argument: _raftkv_auth_v1_ListRolesRequest, callback: grpc.requestCallback<_raftkv_auth_v1_ListRolesResponse__Output>): grpc.ClientUnaryCall;
  
  ListUsers(argument: _raftkv_auth_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _raftkv_auth_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _raftkv_auth_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _raftkv_auth_v1_ListUsersRequest, callback: grpc.requestCallback<_raftkv_auth_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _raftkv_auth_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _raftkv_auth_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _raftkv_auth_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _raftkv_auth_v1_ListUsersRequest, callback: grpc.requestCallback<_raftkv_auth_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  
  RevokePermission(argument: _raftkv_auth_v1_RevokePermissionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_RevokePermissionResponse__Output>): grpc.ClientUnaryCall;
  RevokePermission(argument: _raftkv_auth_v1_RevokePermissionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_RevokePermissionResponse__Output>): grpc.ClientUnaryCall;
  RevokePermission(argument: _raftkv_auth_v1_RevokePermissionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_RevokePermissionResponse__Output>): grpc.ClientUnaryCall;
  RevokePermission(argument: _raftkv_auth_v1_RevokePermissionRequest, callback: grpc.requestCallback<_raftkv_auth_v1_RevokePermissionResponse__Output>): grpc.ClientUnaryCall;
  revokePermission(argument: _raftkv_auth_v1_RevokePermissionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_RevokePermissionResponse__Output>): grpc.ClientUnaryCall;
  revokePermission(argument: _raftkv_auth_v1_RevokePermissionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_RevokePermissionResponse__Output>): grpc.ClientUnaryCall;
  revokePermission(argument: _raftkv_auth_v1_RevokePermissionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_RevokePermissionResponse__Output>): grpc.ClientUnaryCall;
  revokePermission(argument: _raftkv_auth_v1_RevokePermissionRequest, callback: grpc.requestCallback<_raftkv_auth_v1_RevokePermissionResponse__Output>): grpc.ClientUnaryCall;
  
  RevokeRole(argument: _raftkv_auth_v1_RevokeRoleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_RevokeRoleResponse__Output>): grpc.ClientUnaryCall;
  RevokeRole(argument: _raftkv_auth_v1_RevokeRoleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_RevokeRoleResponse__Output>): grpc.ClientUnaryCall;
  RevokeRole(argument: _raftkv_auth_v1_RevokeRoleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_RevokeRoleResponse__Output>): grpc.ClientUnaryCall;
  RevokeRole(argument: _raftkv_auth_v1_RevokeRoleRequest, callback: grpc.requestCallback<_raftkv_auth_v1_RevokeRoleResponse__Output>): grpc.ClientUnaryCall;
  revokeRole(argument: _raftkv_auth_v1_RevokeRoleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_RevokeRoleResponse__Output>): grpc.ClientUnaryCall;
  revokeRole(argument: _raftkv_auth_v1_RevokeRoleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_RevokeRoleResponse__Output>): grpc.ClientUnaryCall;
  revokeRole(argument: _raftkv_auth_v1_RevokeRoleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_RevokeRoleResponse__Output>): grpc.ClientUnaryCall;
  revokeRole(argument: _raftkv_auth_v1_RevokeRoleRequest, callback: grpc.requestCallback<_raftkv_auth_v1_RevokeRoleResponse__Output>): grpc.ClientUnaryCall;
  
  Status(argument: _raftkv_auth_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _raftkv_auth_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _raftkv_auth_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _raftkv_auth_v1_StatusRequest, callback: grpc.requestCallback<_raftkv_auth_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _raftkv_auth_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _raftkv_auth_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_auth_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _raftkv_auth_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_auth_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _raftkv_auth_v1_StatusRequest, callback: grpc.requestCallback<_raftkv_auth_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * AuthService manages users, roles and permissions, and issues the tokens
 * clients send in the `token` metadata key (docs/security.md, "Authentication
 * and roles"). The same state serves etcd's etcdserverpb.Auth. Once auth is
 * enabled every call but Authenticate and Status needs a token (or, under
 * --client-cert-auth, a client certificate whose common name is a user), and
 * every call here but Authenticate and Status needs the root role.
 */
export interface AuthServiceHandlers extends grpc.UntypedServiceImplementation {
  AddRole: grpc.handleUnaryCall<_raftkv_auth_v1_AddRoleRequest__Output, _raftkv_auth_v1_AddRoleResponse>;
  
  AddUser: grpc.handleUnaryCall<_raftkv_auth_v1_AddUserRequest__Output, _raftkv_auth_v1_AddUserResponse>;
  
  /**
   * Authenticate checks a password and returns a token held by this node only:
   * a client that moves to another node authenticates again.
   */
  Authenticate: grpc.handleUnaryCall<_raftkv_auth_v1_AuthenticateRequest__Output, _raftkv_auth_v1_AuthenticateResponse>;
  
  ChangePassword: grpc.handleUnaryCall<_raftkv_auth_v1_ChangePasswordRequest__Output, _raftkv_auth_v1_ChangePasswordResponse>;
  
  DeleteRole: grpc.handleUnaryCall<_raftkv_auth_v1_DeleteRoleRequest__Output, _raftkv_auth_v1_DeleteRoleResponse>;
  
  DeleteUser: grpc.handleUnaryCall<_raftkv_auth_v1_DeleteUserRequest__Output, _raftkv_auth_v1_DeleteUserResponse>;
  
  Disable: grpc.handleUnaryCall<_raftkv_auth_v1_DisableRequest__Output, _raftkv_auth_v1_DisableResponse>;
  
  /**
   * Enable turns authentication on; refused unless a user "root" with the root role exists.
   */
  Enable: grpc.handleUnaryCall<_raftkv_auth_v1_EnableRequest__Output, _raftkv_auth_v1_EnableResponse>;
  
  GetRole: grpc.handleUnaryCall<_raftkv_auth_v1_GetRoleRequest__Output, _raftkv_auth_v1_GetRoleResponse>;
  
  GetUser: grpc.handleUnaryCall<_raftkv_auth_v1_GetUserRequest__Output, _raftkv_auth_v1_GetUserResponse>;
  
  GrantPermission: grpc.handleUnaryCall<_raftkv_auth_v1_GrantPermissionRequest__Output, _raftkv_auth_v1_GrantPermissionResponse>;
  
  GrantRole: grpc.handleUnaryCall<_raftkv_auth_v1_GrantRoleRequest__Output, _raftkv_auth_v1_GrantRoleResponse>;
  
  ListRoles: grpc.handleUnaryCall<_raftkv_auth_v1_ListRolesRequest__Output, _raftkv_auth_v1_ListRolesResponse>;
  
  ListUsers: grpc.handleUnaryCall<_raftkv_auth_v1_ListUsersRequest__Output, _raftkv_auth_v1_ListUsersResponse>;
  
  RevokePermission: grpc.handleUnaryCall<_raftkv_auth_v1_RevokePermissionRequest__Output, _raftkv_auth_v1_RevokePermissionResponse>;
  
  RevokeRole: grpc.handleUnaryCall<_raftkv_auth_v1_RevokeRoleRequest__Output, _raftkv_auth_v1_RevokeRoleResponse>;
  
  Status: grpc.handleUnaryCall<_raftkv_auth_v1_StatusRequest__Output, _raftkv_auth_v1_StatusResponse>;
  
}

export interface AuthServiceDefinition extends grpc.ServiceDefinition {
  AddRole: MethodDefinition<_raftkv_auth_v1_AddRoleRequest, _raftkv_auth_v1_AddRoleResponse, _raftkv_auth_v1_AddRoleRequest__Output, _raftkv_auth_v1_AddRoleResponse__Output>
  AddUser: MethodDefinition<_raftkv_auth_v1_AddUserRequest, _raftkv_auth_v1_AddUserResponse, _raftkv_auth_v1_AddUserRequest__Output, _raftkv_auth_v1_AddUserResponse__Output>
  Authenticate: MethodDefinition<_raftkv_auth_v1_AuthenticateRequest, _raftkv_auth_v1_AuthenticateResponse, _raftkv_auth_v1_AuthenticateRequest__Output, _raftkv_auth_v1_AuthenticateResponse__Output>
  ChangePassword: MethodDefinition<_raftkv_auth_v1_ChangePasswordRequest, _raftkv_auth_v1_ChangePasswordResponse, _raftkv_auth_v1_ChangePasswordRequest__Output, _raftkv_auth_v1_ChangePasswordResponse__Output>
  DeleteRole: MethodDefinition<_raftkv_auth_v1_DeleteRoleRequest, _raftkv_auth_v1_DeleteRoleResponse, _raftkv_auth_v1_DeleteRoleRequest__Output, _raftkv_auth_v1_DeleteRoleResponse__Output>
  DeleteUser: MethodDefinition<_raftkv_auth_v1_DeleteUserRequest, _raftkv_auth_v1_DeleteUserResponse, _raftkv_auth_v1_DeleteUserRequest__Output, _raftkv_auth_v1_DeleteUserResponse__Output>
  Disable: MethodDefinition<_raftkv_auth_v1_DisableRequest, _raftkv_auth_v1_DisableResponse, _raftkv_auth_v1_DisableRequest__Output, _raftkv_auth_v1_DisableResponse__Output>
  Enable: MethodDefinition<_raftkv_auth_v1_EnableRequest, _raftkv_auth_v1_EnableResponse, _raftkv_auth_v1_EnableRequest__Output, _raftkv_auth_v1_EnableResponse__Output>
  GetRole: MethodDefinition<_raftkv_auth_v1_GetRoleRequest, _raftkv_auth_v1_GetRoleResponse, _raftkv_auth_v1_GetRoleRequest__Output, _raftkv_auth_v1_GetRoleResponse__Output>
  GetUser: MethodDefinition<_raftkv_auth_v1_GetUserRequest, _raftkv_auth_v1_GetUserResponse, _raftkv_auth_v1_GetUserRequest__Output, _raftkv_auth_v1_GetUserResponse__Output>
  GrantPermission: MethodDefinition<_raftkv_auth_v1_GrantPermissionRequest, _raftkv_auth_v1_GrantPermissionResponse, _raftkv_auth_v1_GrantPermissionRequest__Output, _raftkv_auth_v1_GrantPermissionResponse__Output>
  GrantRole: MethodDefinition<_raftkv_auth_v1_GrantRoleRequest, _raftkv_auth_v1_GrantRoleResponse, _raftkv_auth_v1_GrantRoleRequest__Output, _raftkv_auth_v1_GrantRoleResponse__Output>
  ListRoles: MethodDefinition<_raftkv_auth_v1_ListRolesRequest, _raftkv_auth_v1_ListRolesResponse, _raftkv_auth_v1_ListRolesRequest__Output, _raftkv_auth_v1_ListRolesResponse__Output>
  ListUsers: MethodDefinition<_raftkv_auth_v1_ListUsersRequest, _raftkv_auth_v1_ListUsersResponse, _raftkv_auth_v1_ListUsersRequest__Output, _raftkv_auth_v1_ListUsersResponse__Output>
  RevokePermission: MethodDefinition<_raftkv_auth_v1_RevokePermissionRequest, _raftkv_auth_v1_RevokePermissionResponse, _raftkv_auth_v1_RevokePermissionRequest__Output, _raftkv_auth_v1_RevokePermissionResponse__Output>
  RevokeRole: MethodDefinition<_raftkv_auth_v1_RevokeRoleRequest, _raftkv_auth_v1_RevokeRoleResponse, _raftkv_auth_v1_RevokeRoleRequest__Output, _raftkv_auth_v1_RevokeRoleResponse__Output>
  Status: MethodDefinition<_raftkv_auth_v1_StatusRequest, _raftkv_auth_v1_StatusResponse, _raftkv_auth_v1_StatusRequest__Output, _raftkv_auth_v1_StatusResponse__Output>
}
