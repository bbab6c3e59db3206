// Original file: proto/raftkv/kv/v1/kv.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { LeaseGrantRequest as _raftkv_kv_v1_LeaseGrantRequest, LeaseGrantRequest__Output as _raftkv_kv_v1_LeaseGrantRequest__Output } from '../../../raftkv/kv/v1/LeaseGrantRequest';
import type { LeaseGrantResponse as _raftkv_kv_v1_LeaseGrantResponse, LeaseGrantResponse__Output as _raftkv_kv_v1_LeaseGrantResponse__Output } from '../../../raftkv/kv/v1/LeaseGrantResponse';
import type { LeaseKeepAliveRequest as _raftkv_kv_v1_LeaseKeepAliveRequest, LeaseKeepAliveRequest__Output as _raftkv_kv_v1_LeaseKeepAliveRequest__Output } from '../../../raftkv/kv/v1/LeaseKeepAliveRequest';
import type { LeaseKeepAliveResponse as _raftkv_kv_v1_LeaseKeepAliveResponse, LeaseKeepAliveResponse__Output as _raftkv_kv_v1_LeaseKeepAliveResponse__Output } from '../../../raftkv/kv/v1/LeaseKeepAliveResponse';
import type { LeaseLeasesRequest as _raftkv_kv_v1_LeaseLeasesRequest, LeaseLeasesRequest__Output as _raftkv_kv_v1_LeaseLeasesRequest__Output } from '../../../raftkv/kv/v1/LeaseLeasesRequest';
import type { LeaseLeasesResponse as _raftkv_kv_v1_LeaseLeasesResponse, LeaseLeasesResponse__Output as _raftkv_kv_v1_LeaseLeasesResponse__Output } from '../../../raftkv/kv/v1/LeaseLeasesResponse';
import type { LeaseRevokeRequest as _raftkv_kv_v1_LeaseRevokeRequest, LeaseRevokeRequest__Output as _raftkv_kv_v1_LeaseRevokeRequest__Output } from '../../../raftkv/kv/v1/LeaseRevokeRequest';
import type { LeaseRevokeResponse as _raftkv_kv_v1_LeaseRevokeResponse, LeaseRevokeResponse__Output as _raftkv_kv_v1_LeaseRevokeResponse__Output } from '../../../raftkv/kv/v1/LeaseRevokeResponse';
import type { LeaseTimeToLiveRequest as _raftkv_kv_v1_LeaseTimeToLiveRequest, LeaseTimeToLiveRequest__Output as _raftkv_kv_v1_LeaseTimeToLiveRequest__Output } from '../../../raftkv/kv/v1/LeaseTimeToLiveRequest';
import type { LeaseTimeToLiveResponse as _raftkv_kv_v1_LeaseTimeToLiveResponse, LeaseTimeToLiveResponse__Output as _raftkv_kv_v1_LeaseTimeToLiveResponse__Output } from '../../../raftkv/kv/v1/LeaseTimeToLiveResponse';

/**
 * LeaseService grants leases: a key put with a lease is deleted (through the
 * log, at a new revision) when the lease expires or is revoked. Only the
 * leader decides expiry; a new leader restarts every lease's full TTL rather
 * than expiring leases at once.
 */
export interface LeaseServiceClient extends grpc.Client {
  /**
   * LeaseGrant creates a lease that lives ttl_seconds unless kept alive.
   */
  LeaseGrant(argument: _raftkv_kv_v1_LeaseGrantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseGrantResponse__Output>): grpc.ClientUnaryCall;
  LeaseGrant(argument: _raftkv_kv_v1_LeaseGrantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseGrantResponse__Output>): grpc.ClientUnaryCall;
  LeaseGrant(argument: _raftkv_kv_v1_LeaseGrantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseGrantResponse__Output>): grpc.ClientUnaryCall;
  LeaseGrant(argument: _raftkv_kv_v1_LeaseGrantRequest, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseGrantResponse__Output>): grpc.ClientUnaryCall;
  /**
   * LeaseGrant creates a lease that lives ttl_seconds unless kept alive.
   */
  leaseGrant(argument: _raftkv_kv_v1_LeaseGrantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseGrantResponse__Output>): grpc.ClientUnaryCall;
  leaseGrant(argument: _raftkv_kv_v1_LeaseGrantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseGrantResponse__Output>): grpc.ClientUnaryCall;
  leaseGrant(argument: _raftkv_kv_v1_LeaseGrantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseGrantResponse__Output>): grpc.ClientUnaryCall;
  leaseGrant(argument: _raftkv_kv_v1_LeaseGrantRequest, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseGrantResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * LeaseKeepAlive renews leases: each request restarts the lease's TTL and
   * is answered with the TTL granted (0 when the lease no longer exists).
   */
  LeaseKeepAlive(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_raftkv_kv_v1_LeaseKeepAliveRequest, _raftkv_kv_v1_LeaseKeepAliveResponse__Output>;
  LeaseKeepAlive(options?: grpc.CallOptions): grpc.ClientDuplexStream<_raftkv_kv_v1_LeaseKeepAliveRequest, _raftkv_kv_v1_LeaseKeepAliveResponse__Output>;
  /**
   * LeaseKeepAlive renews leases: each request restarts the lease's TTL and
   * is answered with the TTL granted (0 when the lease no longer exists).
   */
  leaseKeepAlive(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_raftkv_kv_v1_LeaseKeepAliveRequest, _raftkv_kv_v1_LeaseKeepAliveResponse__Output>;
  leaseKeepAlive(options?: grpc.CallOptions): grpc.ClientDuplexStream<_raftkv_kv_v1_LeaseKeepAliveRequest, _raftkv_kv_v1_LeaseKeepAliveResponse__Output>;
  
  /**
   * LeaseLeases lists every lease.
   */
  LeaseLeases(argument: _raftkv_kv_v1_LeaseLeasesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseLeasesResponse__Output>): grpc.ClientUnaryCall;
  LeaseLeases(argument: _raftkv_kv_v1_LeaseLeasesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseLeasesResponse__Output>): grpc.ClientUnaryCall;
  LeaseLeases(argument: _raftkv_kv_v1_LeaseLeasesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseLeasesResponse__Output>): grpc.ClientUnaryCall;
  LeaseLeases(argument: _raftkv_kv_v1_LeaseLeasesRequest, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseLeasesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * LeaseLeases lists every lease.
   */
  leaseLeases(argument: _raftkv_kv_v1_LeaseLeasesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseLeasesResponse__Output>): grpc.ClientUnaryCall;
  leaseLeases(argument: _raftkv_kv_v1_LeaseLeasesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseLeasesResponse__Output>): grpc.ClientUnaryCall;
  leaseLeases(argument: _raftkv_kv_v1_LeaseLeasesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseLeasesResponse__Output>): grpc.ClientUnaryCall;
  leaseLeases(argument: _raftkv_kv_v1_LeaseLeasesRequest, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseLeasesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * LeaseRevoke deletes a lease and every key attached to it.
   */
  LeaseRevoke(argument: _raftkv_kv_v1_LeaseRevokeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseRevokeResponse__Output>): grpc.ClientUnaryCall;
  LeaseRevoke(argument: _raftkv_kv_v1_LeaseRevokeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseRevokeResponse__Output>): grpc.ClientUnaryCall;
  LeaseRevoke(argument: _raftkv_kv_v1_LeaseRevokeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseRevokeResponse__Output>): grpc.ClientUnaryCall;
  LeaseRevoke(argument: _raftkv_kv_v1_LeaseRevokeRequest, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseRevokeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * LeaseRevoke deletes a lease and every key attached to it.
   */
  leaseRevoke(argument: _raftkv_kv_v1_LeaseRevokeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseRevokeResponse__Output>): grpc.ClientUnaryCall;
  leaseRevoke(argument: _raftkv_kv_v1_LeaseRevokeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseRevokeResponse__Output>): grpc.ClientUnaryCall;
  leaseRevoke(argument: _raftkv_kv_v1_LeaseRevokeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseRevokeResponse__Output>): grpc.ClientUnaryCall;
  leaseRevoke(argument: _raftkv_kv_v1_LeaseRevokeRequest, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseRevokeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * LeaseTimeToLive tells how long a lease has left and, on request, its keys.
   */
  LeaseTimeToLive(argument: _raftkv_kv_v1_LeaseTimeToLiveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseTimeToLiveResponse__Output>): grpc.ClientUnaryCall;
  LeaseTimeToLive(argument: _raftkv_kv_v1_LeaseTimeToLiveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseTimeToLiveResponse__Output>): grpc.ClientUnaryCall;
  LeaseTimeToLive(argument: _raftkv_kv_v1_LeaseTimeToLiveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseTimeToLiveResponse__Output>): grpc.ClientUnaryCall;
  LeaseTimeToLive(argument: _raftkv_kv_v1_LeaseTimeToLiveRequest, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseTimeToLiveResponse__Output>): grpc.ClientUnaryCall;
  /**
   * LeaseTimeToLive tells how long a lease has left and, on request, its keys.
   */
  leaseTimeToLive(argument: _raftkv_kv_v1_LeaseTimeToLiveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseTimeToLiveResponse__Output>): grpc.ClientUnaryCall;
  leaseTimeToLive(argument: _raftkv_kv_v1_LeaseTimeToLiveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseTimeToLiveResponse__Output>): grpc.ClientUnaryCall;
  leaseTimeToLive(argument: _raftkv_kv_v1_LeaseTimeToLiveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseTimeToLiveResponse__Output>): grpc.ClientUnaryCall;
  leaseTimeToLive(argument: _raftkv_kv_v1_LeaseTimeToLiveRequest, callback: grpc.requestCallback<_raftkv_kv_v1_LeaseTimeToLiveResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * LeaseService grants leases: a key put with a lease is deleted (through the
 * log, at a new revision) when the lease expires or is revoked. Only the
 * leader decides expiry; a new leader restarts every lease's full TTL rather
 * than expiring leases at once.
 */
export interface LeaseServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * LeaseGrant creates a lease that lives ttl_seconds unless kept alive.
   */
  LeaseGrant: grpc.handleUnaryCall<_raftkv_kv_v1_LeaseGrantRequest__Output, _raftkv_kv_v1_LeaseGrantResponse>;
  
  /**
   * LeaseKeepAlive renews leases: each request restarts the lease's TTL and
   * is answered with the TTL granted (0 when the lease no longer exists).
   */
  LeaseKeepAlive: grpc.handleBidiStreamingCall<_raftkv_kv_v1_LeaseKeepAliveRequest__Output, _raftkv_kv_v1_LeaseKeepAliveResponse>;
  
  /**
   * LeaseLeases lists every lease.
   */
  LeaseLeases: grpc.handleUnaryCall<_raftkv_kv_v1_LeaseLeasesRequest__Output, _raftkv_kv_v1_LeaseLeasesResponse>;
  
  /**
   * LeaseRevoke deletes a lease and every key attached to it.
   */
  LeaseRevoke: grpc.handleUnaryCall<_raftkv_kv_v1_LeaseRevokeRequest__Output, _raftkv_kv_v1_LeaseRevokeResponse>;
  
  /**
   * LeaseTimeToLive tells how long a lease has left and, on request, its keys.
   */
  LeaseTimeToLive: grpc.handleUnaryCall<_raftkv_kv_v1_LeaseTimeToLiveRequest__Output, _raftkv_kv_v1_LeaseTimeToLiveResponse>;
  
}

export interface LeaseServiceDefinition extends grpc.ServiceDefinition {
  LeaseGrant: MethodDefinition<_raftkv_kv_v1_LeaseGrantRequest, _raftkv_kv_v1_LeaseGrantResponse, _raftkv_kv_v1_LeaseGrantRequest__Output, _raftkv_kv_v1_LeaseGrantResponse__Output>
  LeaseKeepAlive: MethodDefinition<_raftkv_kv_v1_LeaseKeepAliveRequest, _raftkv_kv_v1_LeaseKeepAliveResponse, _raftkv_kv_v1_LeaseKeepAliveRequest__Output, _raftkv_kv_v1_LeaseKeepAliveResponse__Output>
  LeaseLeases: MethodDefinition<_raftkv_kv_v1_LeaseLeasesRequest, _raftkv_kv_v1_LeaseLeasesResponse, _raftkv_kv_v1_LeaseLeasesRequest__Output, _raftkv_kv_v1_LeaseLeasesResponse__Output>
  LeaseRevoke: MethodDefinition<_raftkv_kv_v1_LeaseRevokeRequest, _raftkv_kv_v1_LeaseRevokeResponse, _raftkv_kv_v1_LeaseRevokeRequest__Output, _raftkv_kv_v1_LeaseRevokeResponse__Output>
  LeaseTimeToLive: MethodDefinition<_raftkv_kv_v1_LeaseTimeToLiveRequest, _raftkv_kv_v1_LeaseTimeToLiveResponse, _raftkv_kv_v1_LeaseTimeToLiveRequest__Output, _raftkv_kv_v1_LeaseTimeToLiveResponse__Output>
}
