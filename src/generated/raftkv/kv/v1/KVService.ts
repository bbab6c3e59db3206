// Original file: proto/raftkv/kv/v1/kv.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CompactRequest as _raftkv_kv_v1_CompactRequest, CompactRequest__Output as _raftkv_kv_v1_CompactRequest__Output } from '../../../raftkv/kv/v1/CompactRequest';
import type { CompactResponse as _raftkv_kv_v1_CompactResponse, CompactResponse__Output as _raftkv_kv_v1_CompactResponse__Output } from '../../../raftkv/kv/v1/CompactResponse';
import type { DeleteRequest as _raftkv_kv_v1_DeleteRequest, DeleteRequest__Output as _raftkv_kv_v1_DeleteRequest__Output } from '../../../raftkv/kv/v1/DeleteRequest';
import type { DeleteResponse as _raftkv_kv_v1_DeleteResponse, DeleteResponse__Output as _raftkv_kv_v1_DeleteResponse__Output } from '../../../raftkv/kv/v1/DeleteResponse';
import type { GetRequest as _raftkv_kv_v1_GetRequest, GetRequest__Output as _raftkv_kv_v1_GetRequest__Output } from '../../../raftkv/kv/v1/GetRequest';
import type { GetResponse as _raftkv_kv_v1_GetResponse, GetResponse__Output as _raftkv_kv_v1_GetResponse__Output } from '../../../raftkv/kv/v1/GetResponse';
import type { PutRequest as _raftkv_kv_v1_PutRequest, PutRequest__Output as _raftkv_kv_v1_PutRequest__Output } from '../../../raftkv/kv/v1/PutRequest';
import type { PutResponse as _raftkv_kv_v1_PutResponse, PutResponse__Output as _raftkv_kv_v1_PutResponse__Output } from '../../../raftkv/kv/v1/PutResponse';
import type { RangeRequest as _raftkv_kv_v1_RangeRequest, RangeRequest__Output as _raftkv_kv_v1_RangeRequest__Output } from '../../../raftkv/kv/v1/RangeRequest';
import type { RangeResponse as _raftkv_kv_v1_RangeResponse, RangeResponse__Output as _raftkv_kv_v1_RangeResponse__Output } from '../../../raftkv/kv/v1/RangeResponse';
import type { TxnRequest as _raftkv_kv_v1_TxnRequest, TxnRequest__Output as _raftkv_kv_v1_TxnRequest__Output } from '../../../raftkv/kv/v1/TxnRequest';
import type { TxnResponse as _raftkv_kv_v1_TxnResponse, TxnResponse__Output as _raftkv_kv_v1_TxnResponse__Output } from '../../../raftkv/kv/v1/TxnResponse';
import type { WatchRequest as _raftkv_kv_v1_WatchRequest, WatchRequest__Output as _raftkv_kv_v1_WatchRequest__Output } from '../../../raftkv/kv/v1/WatchRequest';
import type { WatchResponse as _raftkv_kv_v1_WatchResponse, WatchResponse__Output as _raftkv_kv_v1_WatchResponse__Output } from '../../../raftkv/kv/v1/WatchResponse';

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
export interface KVServiceClient extends grpc.Client {
  /**
   * Compact drops the history before revision on every node, through the
   * log: afterwards a Range or Watch of an older revision is OUT_OF_RANGE
   * (RAFTKV_ERR_COMPACTED). Nodes also compact by themselves, keeping the
   * last --watch-history-revisions revisions.
   */
  Compact(argument: _raftkv_kv_v1_CompactRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  Compact(argument: _raftkv_kv_v1_CompactRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  Compact(argument: _raftkv_kv_v1_CompactRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  Compact(argument: _raftkv_kv_v1_CompactRequest, callback: grpc.requestCallback<_raftkv_kv_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Compact drops the history before revision on every node, through the
   * log: afterwards a Range or Watch of an older revision is OUT_OF_RANGE
   * (RAFTKV_ERR_COMPACTED). Nodes also compact by themselves, keeping the
   * last --watch-history-revisions revisions.
   */
  compact(argument: _raftkv_kv_v1_CompactRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  compact(argument: _raftkv_kv_v1_CompactRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  compact(argument: _raftkv_kv_v1_CompactRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  compact(argument: _raftkv_kv_v1_CompactRequest, callback: grpc.requestCallback<_raftkv_kv_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Delete removes one key, a range of keys or every key under a prefix.
   */
  Delete(argument: _raftkv_kv_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _raftkv_kv_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _raftkv_kv_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _raftkv_kv_v1_DeleteRequest, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Delete removes one key, a range of keys or every key under a prefix.
   */
  delete(argument: _raftkv_kv_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _raftkv_kv_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _raftkv_kv_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _raftkv_kv_v1_DeleteRequest, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Get reads one key. Linearizable unless consistency is SERIALIZABLE.
   */
  Get(argument: _raftkv_kv_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _raftkv_kv_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _raftkv_kv_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _raftkv_kv_v1_GetRequest, callback: grpc.requestCallback<_raftkv_kv_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Get reads one key. Linearizable unless consistency is SERIALIZABLE.
   */
  get(argument: _raftkv_kv_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _raftkv_kv_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _raftkv_kv_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _raftkv_kv_v1_GetRequest, callback: grpc.requestCallback<_raftkv_kv_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Put sets key to value. It returns once the write is committed by a
   * majority and applied.
   */
  Put(argument: _raftkv_kv_v1_PutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _raftkv_kv_v1_PutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _raftkv_kv_v1_PutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _raftkv_kv_v1_PutRequest, callback: grpc.requestCallback<_raftkv_kv_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Put sets key to value. It returns once the write is committed by a
   * majority and applied.
   */
  put(argument: _raftkv_kv_v1_PutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _raftkv_kv_v1_PutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _raftkv_kv_v1_PutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _raftkv_kv_v1_PutRequest, callback: grpc.requestCallback<_raftkv_kv_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Range reads one key, a range of keys or a prefix, a page at a time.
   */
  Range(argument: _raftkv_kv_v1_RangeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  Range(argument: _raftkv_kv_v1_RangeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  Range(argument: _raftkv_kv_v1_RangeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  Range(argument: _raftkv_kv_v1_RangeRequest, callback: grpc.requestCallback<_raftkv_kv_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Range reads one key, a range of keys or a prefix, a page at a time.
   */
  range(argument: _raftkv_kv_v1_RangeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  range(argument: _raftkv_kv_v1_RangeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  range(argument: _raftkv_kv_v1_RangeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  range(argument: _raftkv_kv_v1_RangeRequest, callback: grpc.requestCallback<_raftkv_kv_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Txn applies compares, then the success or the failure operations,
   * atomically in one log entry and at one revision.
   */
  Txn(argument: _raftkv_kv_v1_TxnRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_TxnResponse__Output>): grpc.ClientUnaryCall;
  Txn(argument: _raftkv_kv_v1_TxnRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_TxnResponse__Output>): grpc.ClientUnaryCall;
  Txn(argument: _raftkv_kv_v1_TxnRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_TxnResponse__Output>): grpc.ClientUnaryCall;
  Txn(argument: _raftkv_kv_v1_TxnRequest, callback: grpc.requestCallback<_raftkv_kv_v1_TxnResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Txn applies compares, then the success or the failure operations,
   * atomically in one log entry and at one revision.
   */
  txn(argument: _raftkv_kv_v1_TxnRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_TxnResponse__Output>): grpc.ClientUnaryCall;
  txn(argument: _raftkv_kv_v1_TxnRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_TxnResponse__Output>): grpc.ClientUnaryCall;
  txn(argument: _raftkv_kv_v1_TxnRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_TxnResponse__Output>): grpc.ClientUnaryCall;
  txn(argument: _raftkv_kv_v1_TxnRequest, callback: grpc.requestCallback<_raftkv_kv_v1_TxnResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Watch streams the changes to a key, a range or a prefix, in revision
   * order, from start_revision (or from now). The first message has
   * created = true and tells from which revision events follow.
   */
  Watch(argument: _raftkv_kv_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_raftkv_kv_v1_WatchResponse__Output>;
  Watch(argument: _raftkv_kv_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_raftkv_kv_v1_WatchResponse__Output>;
  /**
   * Watch streams the changes to a key, a range or a prefix, in revision
   * order, from start_revision (or from now). The first message has
   * created = true and tells from which revision events follow.
   */
  watch(argument: _raftkv_kv_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_raftkv_kv_v1_WatchResponse__Output>;
  watch(argument: _raftkv_kv_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_raftkv_kv_v1_WatchResponse__Output>;
  
}

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
export interface KVServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Compact drops the history before revision on every node, through the
   * log: afterwards a Range or Watch of an older revision is OUT_OF_RANGE
   * (RAFTKV_ERR_COMPACTED). Nodes also compact by themselves, keeping the
   * last --watch-history-revisions revisions.
   */
  Compact: grpc.handleUnaryCall<_raftkv_kv_v1_CompactRequest__Output, _raftkv_kv_v1_CompactResponse>;
  
  /**
   * Delete removes one key, a range of keys or every key under a prefix.
   */
  Delete: grpc.handleUnaryCall<_raftkv_kv_v1_DeleteRequest__Output, _raftkv_kv_v1_DeleteResponse>;
  
  /**
   * Get reads one key. Linearizable unless consistency is SERIALIZABLE.
   */
  Get: grpc.handleUnaryCall<_raftkv_kv_v1_GetRequest__Output, _raftkv_kv_v1_GetResponse>;
  
  /**
   * Put sets key to value. It returns once the write is committed by a
   * majority and applied.
   */
  Put: grpc.handleUnaryCall<_raftkv_kv_v1_PutRequest__Output, _raftkv_kv_v1_PutResponse>;
  
  /**
   * Range reads one key, a range of keys or a prefix, a page at a time.
   */
  Range: grpc.handleUnaryCall<_raftkv_kv_v1_RangeRequest__Output, _raftkv_kv_v1_RangeResponse>;
  
  /**
   * Txn applies compares, then the success or the failure operations,
   * atomically in one log entry and at one revision.
   */
  Txn: grpc.handleUnaryCall<_raftkv_kv_v1_TxnRequest__Output, _raftkv_kv_v1_TxnResponse>;
  
  /**
   * Watch streams the changes to a key, a range or a prefix, in revision
   * order, from start_revision (or from now). The first message has
   * created = true and tells from which revision events follow.
   */
  Watch: grpc.handleServerStreamingCall<_raftkv_kv_v1_WatchRequest__Output, _raftkv_kv_v1_WatchResponse>;
  
}

export interface KVServiceDefinition extends grpc.ServiceDefinition {
  Compact: MethodDefinition<_raftkv_kv_v1_CompactRequest, _raftkv_kv_v1_CompactResponse, _raftkv_kv_v1_CompactRequest__Output, _raftkv_kv_v1_CompactResponse__Output>
  Delete: MethodDefinition<_raftkv_kv_v1_DeleteRequest, _raftkv_kv_v1_DeleteResponse, _raftkv_kv_v1_DeleteRequest__Output, _raftkv_kv_v1_DeleteResponse__Output>
  Get: MethodDefinition<_raftkv_kv_v1_GetRequest, _raftkv_kv_v1_GetResponse, _raftkv_kv_v1_GetRequest__Output, _raftkv_kv_v1_GetResponse__Output>
  Put: MethodDefinition<_raftkv_kv_v1_PutRequest, _raftkv_kv_v1_PutResponse, _raftkv_kv_v1_PutRequest__Output, _raftkv_kv_v1_PutResponse__Output>
  Range: MethodDefinition<_raftkv_kv_v1_RangeRequest, _raftkv_kv_v1_RangeResponse, _raftkv_kv_v1_RangeRequest__Output, _raftkv_kv_v1_RangeResponse__Output>
  Txn: MethodDefinition<_raftkv_kv_v1_TxnRequest, _raftkv_kv_v1_TxnResponse, _raftkv_kv_v1_TxnRequest__Output, _raftkv_kv_v1_TxnResponse__Output>
  Watch: MethodDefinition<_raftkv_kv_v1_WatchRequest, _raftkv_kv_v1_WatchResponse, _raftkv_kv_v1_WatchRequest__Output, _raftkv_kv_v1_WatchResponse__Output>
}
