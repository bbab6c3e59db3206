import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CompactRequest as _raftkv_kv_v1_CompactRequest, CompactRequest__Output as _raftkv_kv_v1_CompactRequest__Output } from './raftkv/kv/v1/CompactRequest';
import type { CompactResponse as _raftkv_kv_v1_CompactResponse, CompactResponse__Output as _raftkv_kv_v1_CompactResponse__Output } from './raftkv/kv/v1/CompactResponse';
import type { Compare as _raftkv_kv_v1_Compare, Compare__Output as _raftkv_kv_v1_Compare__Output } from './raftkv/kv/v1/Compare';
import type { DeleteRequest as _raftkv_kv_v1_DeleteRequest, DeleteRequest__Output as _raftkv_kv_v1_DeleteRequest__Output } from './raftkv/kv/v1/DeleteRequest';
import type { DeleteResponse as _raftkv_kv_v1_DeleteResponse, DeleteResponse__Output as _raftkv_kv_v1_DeleteResponse__Output } from './raftkv/kv/v1/DeleteResponse';
import type { Event as _raftkv_kv_v1_Event, Event__Output as _raftkv_kv_v1_Event__Output } from './raftkv/kv/v1/Event';
import type { GetRequest as _raftkv_kv_v1_GetRequest, GetRequest__Output as _raftkv_kv_v1_GetRequest__Output } from './raftkv/kv/v1/GetRequest';
import type { GetResponse as _raftkv_kv_v1_GetResponse, GetResponse__Output as _raftkv_kv_v1_GetResponse__Output } from './raftkv/kv/v1/GetResponse';
import type { KVServiceClient as _raftkv_kv_v1_KVServiceClient, KVServiceDefinition as _raftkv_kv_v1_KVServiceDefinition } from './raftkv/kv/v1/KVService';
import type { KeyValue as _raftkv_kv_v1_KeyValue, KeyValue__Output as _raftkv_kv_v1_KeyValue__Output } from './raftkv/kv/v1/KeyValue';
import type { LeaseGrantRequest as _raftkv_kv_v1_LeaseGrantRequest, LeaseGrantRequest__Output as _raftkv_kv_v1_LeaseGrantRequest__Output } from './raftkv/kv/v1/LeaseGrantRequest';
import type { LeaseGrantResponse as _raftkv_kv_v1_LeaseGrantResponse, LeaseGrantResponse__Output as _raftkv_kv_v1_LeaseGrantResponse__Output } from './raftkv/kv/v1/LeaseGrantResponse';
import type { LeaseKeepAliveRequest as _raftkv_kv_v1_LeaseKeepAliveRequest, LeaseKeepAliveRequest__Output as _raftkv_kv_v1_LeaseKeepAliveRequest__Output } from './raftkv/kv/v1/LeaseKeepAliveRequest';
import type { LeaseKeepAliveResponse as _raftkv_kv_v1_LeaseKeepAliveResponse, LeaseKeepAliveResponse__Output as _raftkv_kv_v1_LeaseKeepAliveResponse__Output } from './raftkv/kv/v1/LeaseKeepAliveResponse';
import type { LeaseLeasesRequest as _raftkv_kv_v1_LeaseLeasesRequest, LeaseLeasesRequest__Output as _raftkv_kv_v1_LeaseLeasesRequest__Output } from './raftkv/kv/v1/LeaseLeasesRequest';
import type { LeaseLeasesResponse as _raftkv_kv_v1_LeaseLeasesResponse, LeaseLeasesResponse__Output as _raftkv_kv_v1_LeaseLeasesResponse__Output } from './raftkv/kv/v1/LeaseLeasesResponse';
import type { LeaseRevokeRequest as _raftkv_kv_v1_LeaseRevokeRequest, LeaseRevokeRequest__Output as _raftkv_kv_v1_LeaseRevokeRequest__Output } from './raftkv/kv/v1/LeaseRevokeRequest';
import type { LeaseRevokeResponse as _raftkv_kv_v1_LeaseRevokeResponse, LeaseRevokeResponse__Output as _raftkv_kv_v1_LeaseRevokeResponse__Output } from './raftkv/kv/v1/LeaseRevokeResponse';
import type { LeaseServiceClient as _raftkv_kv_v1_LeaseServiceClient, LeaseServiceDefinition as _raftkv_kv_v1_LeaseServiceDefinition } from './raftkv/kv/v1/LeaseService';
import type { LeaseStatus as _raftkv_kv_v1_LeaseStatus, LeaseStatus__Output as _raftkv_kv_v1_LeaseStatus__Output } from './raftkv/kv/v1/LeaseStatus';
import type { LeaseTimeToLiveRequest as _raftkv_kv_v1_LeaseTimeToLiveRequest, LeaseTimeToLiveRequest__Output as _raftkv_kv_v1_LeaseTimeToLiveRequest__Output } from './raftkv/kv/v1/LeaseTimeToLiveRequest';
import type { LeaseTimeToLiveResponse as _raftkv_kv_v1_LeaseTimeToLiveResponse, LeaseTimeToLiveResponse__Output as _raftkv_kv_v1_LeaseTimeToLiveResponse__Output } from './raftkv/kv/v1/LeaseTimeToLiveResponse';
import type { PutRequest as _raftkv_kv_v1_PutRequest, PutRequest__Output as _raftkv_kv_v1_PutRequest__Output } from './raftkv/kv/v1/PutRequest';
import type { PutResponse as _raftkv_kv_v1_PutResponse, PutResponse__Output as _raftkv_kv_v1_PutResponse__Output } from './raftkv/kv/v1/PutResponse';
import type { RangeRequest as _raftkv_kv_v1_RangeRequest, RangeRequest__Output as _raftkv_kv_v1_RangeRequest__Output } from './raftkv/kv/v1/RangeRequest';
import type { RangeResponse as _raftkv_kv_v1_RangeResponse, RangeResponse__Output as _raftkv_kv_v1_RangeResponse__Output } from './raftkv/kv/v1/RangeResponse';
import type { RequestOp as _raftkv_kv_v1_RequestOp, RequestOp__Output as _raftkv_kv_v1_RequestOp__Output } from './raftkv/kv/v1/RequestOp';
import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from './raftkv/kv/v1/ResponseHeader';
import type { ResponseOp as _raftkv_kv_v1_ResponseOp, ResponseOp__Output as _raftkv_kv_v1_ResponseOp__Output } from './raftkv/kv/v1/ResponseOp';
import type { TxnRequest as _raftkv_kv_v1_TxnRequest, TxnRequest__Output as _raftkv_kv_v1_TxnRequest__Output } from './raftkv/kv/v1/TxnRequest';
import type { TxnResponse as _raftkv_kv_v1_TxnResponse, TxnResponse__Output as _raftkv_kv_v1_TxnResponse__Output } from './raftkv/kv/v1/TxnResponse';
import type { WatchRequest as _raftkv_kv_v1_WatchRequest, WatchRequest__Output as _raftkv_kv_v1_WatchRequest__Output } from './raftkv/kv/v1/WatchRequest';
import type { WatchResponse as _raftkv_kv_v1_WatchResponse, WatchResponse__Output as _raftkv_kv_v1_WatchResponse__Output } from './raftkv/kv/v1/WatchResponse';

// `any` below is the generator's: it matches any constructor and never reaches our types.
type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  raftkv: {
    kv: {
      v1: {
        CompactRequest: MessageTypeDefinition<_raftkv_kv_v1_CompactRequest, _raftkv_kv_v1_CompactRequest__Output>
        CompactResponse: MessageTypeDefinition<_raftkv_kv_v1_CompactResponse, _raftkv_kv_v1_CompactResponse__Output>
        Compare: MessageTypeDefinition<_raftkv_kv_v1_Compare, _raftkv_kv_v1_Compare__Output>
        CompareOp: EnumTypeDefinition
        CompareTarget: EnumTypeDefinition
        Consistency: EnumTypeDefinition
        DeleteRequest: MessageTypeDefinition<_raftkv_kv_v1_DeleteRequest, _raftkv_kv_v1_DeleteRequest__Output>
        DeleteResponse: MessageTypeDefinition<_raftkv_kv_v1_DeleteResponse, _raftkv_kv_v1_DeleteResponse__Output>
        Event: MessageTypeDefinition<_raftkv_kv_v1_Event, _raftkv_kv_v1_Event__Output>
        EventType: EnumTypeDefinition
        GetRequest: MessageTypeDefinition<_raftkv_kv_v1_GetRequest, _raftkv_kv_v1_GetRequest__Output>
        GetResponse: MessageTypeDefinition<_raftkv_kv_v1_GetResponse, _raftkv_kv_v1_GetResponse__Output>
        /**
         * KVService is the client-facing key-value API. Any node serves any request:
         * followers forward writes to the leader and serve linearizable reads through
         * the read-index protocol. docs/api.md documents every call with examples.
         * 
         * Revisions: every committed change (a Put, a Delete that deleted something,
         * a Txn that wrote something, a lease expiry that deleted keys) bumps the
         * cluster-wide revision by one; all changes of one request share it. Each key
         * carries create_revision, mod_revision and version (see KeyValue).
         * 
         * Errors (see docs/api.md):
         * INVALID_ARGUMENT   bad input; the message names the field and the limit.
         * NOT_FOUND          a lease that does not exist (raftkv-error-code
         * RAFTKV_ERR_LEASE_NOT_FOUND).
         * ALREADY_EXISTS     LeaseGrant of an id already in use
         * (RAFTKV_ERR_LEASE_EXISTS).
         * OUT_OF_RANGE       a Watch start_revision older than the retained history
         * (RAFTKV_ERR_COMPACTED; trailer raftkv-compact-revision).
         * UNAVAILABLE        "not applied": no leader, or shutting down before the
         * write was proposed. Safe to retry.
         * UNAVAILABLE / DEADLINE_EXCEEDED with "outcome unknown": the write was
         * proposed but its commit was not seen. It may still be
         * applied; retry only if the write is idempotent.
         */
        KVService: SubtypeConstructor<typeof grpc.Client, _raftkv_kv_v1_KVServiceClient> & { service: _raftkv_kv_v1_KVServiceDefinition }
        KeyValue: MessageTypeDefinition<_raftkv_kv_v1_KeyValue, _raftkv_kv_v1_KeyValue__Output>
        LeaseGrantRequest: MessageTypeDefinition<_raftkv_kv_v1_LeaseGrantRequest, _raftkv_kv_v1_LeaseGrantRequest__Output>
        LeaseGrantResponse: MessageTypeDefinition<_raftkv_kv_v1_LeaseGrantResponse, _raftkv_kv_v1_LeaseGrantResponse__Output>
        LeaseKeepAliveRequest: MessageTypeDefinition<_raftkv_kv_v1_LeaseKeepAliveRequest, _raftkv_kv_v1_LeaseKeepAliveRequest__Output>
        LeaseKeepAliveResponse: MessageTypeDefinition<_raftkv_kv_v1_LeaseKeepAliveResponse, _raftkv_kv_v1_LeaseKeepAliveResponse__Output>
        LeaseLeasesRequest: MessageTypeDefinition<_raftkv_kv_v1_LeaseLeasesRequest, _raftkv_kv_v1_LeaseLeasesRequest__Output>
        LeaseLeasesResponse: MessageTypeDefinition<_raftkv_kv_v1_LeaseLeasesResponse, _raftkv_kv_v1_LeaseLeasesResponse__Output>
        LeaseRevokeRequest: MessageTypeDefinition<_raftkv_kv_v1_LeaseRevokeRequest, _raftkv_kv_v1_LeaseRevokeRequest__Output>
        LeaseRevokeResponse: MessageTypeDefinition<_raftkv_kv_v1_LeaseRevokeResponse, _raftkv_kv_v1_LeaseRevokeResponse__Output>
        /**
         * LeaseService grants leases: a key put with a lease is deleted (through the
         * log, at a new revision) when the lease expires or is revoked. Only the
         * leader decides expiry; a new leader restarts every lease's full TTL rather
         * than expiring leases at once.
         */
        LeaseService: SubtypeConstructor<typeof grpc.Client, _raftkv_kv_v1_LeaseServiceClient> & { service: _raftkv_kv_v1_LeaseServiceDefinition }
        LeaseStatus: MessageTypeDefinition<_raftkv_kv_v1_LeaseStatus, _raftkv_kv_v1_LeaseStatus__Output>
        LeaseTimeToLiveRequest: MessageTypeDefinition<_raftkv_kv_v1_LeaseTimeToLiveRequest, _raftkv_kv_v1_LeaseTimeToLiveRequest__Output>
        LeaseTimeToLiveResponse: MessageTypeDefinition<_raftkv_kv_v1_LeaseTimeToLiveResponse, _raftkv_kv_v1_LeaseTimeToLiveResponse__Output>
        PutRequest: MessageTypeDefinition<_raftkv_kv_v1_PutRequest, _raftkv_kv_v1_PutRequest__Output>
        PutResponse: MessageTypeDefinition<_raftkv_kv_v1_PutResponse, _raftkv_kv_v1_PutResponse__Output>
        RangeRequest: MessageTypeDefinition<_raftkv_kv_v1_RangeRequest, _raftkv_kv_v1_RangeRequest__Output>
        RangeResponse: MessageTypeDefinition<_raftkv_kv_v1_RangeResponse, _raftkv_kv_v1_RangeResponse__Output>
        RequestOp: MessageTypeDefinition<_raftkv_kv_v1_RequestOp, _raftkv_kv_v1_RequestOp__Output>
        ResponseHeader: MessageTypeDefinition<_raftkv_kv_v1_ResponseHeader, _raftkv_kv_v1_ResponseHeader__Output>
        ResponseOp: MessageTypeDefinition<_raftkv_kv_v1_ResponseOp, _raftkv_kv_v1_ResponseOp__Output>
        TxnRequest: MessageTypeDefinition<_raftkv_kv_v1_TxnRequest, _raftkv_kv_v1_TxnRequest__Output>
        TxnResponse: MessageTypeDefinition<_raftkv_kv_v1_TxnResponse, _raftkv_kv_v1_TxnResponse__Output>
        WatchRequest: MessageTypeDefinition<_raftkv_kv_v1_WatchRequest, _raftkv_kv_v1_WatchRequest__Output>
        WatchResponse: MessageTypeDefinition<_raftkv_kv_v1_WatchResponse, _raftkv_kv_v1_WatchResponse__Output>
      }
    }
  }
}

