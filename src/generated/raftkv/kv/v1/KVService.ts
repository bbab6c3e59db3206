// Original file: proto/raftkv/kv/v1/kv.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeleteRequest as _raftkv_kv_v1_DeleteRequest, DeleteRequest__Output as _raftkv_kv_v1_DeleteRequest__Output } from '../../../raftkv/kv/v1/DeleteRequest';
import type { DeleteResponse as _raftkv_kv_v1_DeleteResponse, DeleteResponse__Output as _raftkv_kv_v1_DeleteResponse__Output } from '../../../raftkv/kv/v1/DeleteResponse';
import type { GetRequest as _raftkv_kv_v1_GetRequest, GetRequest__Output as _raftkv_kv_v1_GetRequest__Output } from '../../../raftkv/kv/v1/GetRequest';
import type { GetResponse as _raftkv_kv_v1_GetResponse, GetResponse__Output as _raftkv_kv_v1_GetResponse__Output } from '../../../raftkv/kv/v1/GetResponse';
import type { PutRequest as _raftkv_kv_v1_PutRequest, PutRequest__Output as _raftkv_kv_v1_PutRequest__Output } from '../../../raftkv/kv/v1/PutRequest';
import type { PutResponse as _raftkv_kv_v1_PutResponse, PutResponse__Output as _raftkv_kv_v1_PutResponse__Output } from '../../../raftkv/kv/v1/PutResponse';

/**
 * KVService is the client-facing key-value API. Any node serves any request:
 * followers forward writes to the leader and serve linearizable reads through
 * the read-index protocol.
 * 
 * Errors (see docs/api.md):
 * INVALID_ARGUMENT   bad input; the message names the field and the limit.
 * UNAVAILABLE        "not applied": no leader, or shutting down before the
 * write was proposed. Safe to retry.
 * UNAVAILABLE / DEADLINE_EXCEEDED with "outcome unknown": the write was
 * proposed but its commit was not seen. It may still be
 * applied; retry only if the write is idempotent.
 */
export interface KVServiceClient extends grpc.Client {
  /**
   * Delete removes one key. found tells whether it existed.
   */
  Delete(argument: _raftkv_kv_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _raftkv_kv_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _raftkv_kv_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _raftkv_kv_v1_DeleteRequest, callback: grpc.requestCallback<_raftkv_kv_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Delete removes one key. found tells whether it existed.
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
  
}

/**
 * KVService is the client-facing key-value API. Any node serves any request:
 * followers forward writes to the leader and serve linearizable reads through
 * the read-index protocol.
 * 
 * Errors (see docs/api.md):
 * INVALID_ARGUMENT   bad input; the message names the field and the limit.
 * UNAVAILABLE        "not applied": no leader, or shutting down before the
 * write was proposed. Safe to retry.
 * UNAVAILABLE / DEADLINE_EXCEEDED with "outcome unknown": the write was
 * proposed but its commit was not seen. It may still be
 * applied; retry only if the write is idempotent.
 */
export interface KVServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Delete removes one key. found tells whether it existed.
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
  
}

export interface KVServiceDefinition extends grpc.ServiceDefinition {
  Delete: MethodDefinition<_raftkv_kv_v1_DeleteRequest, _raftkv_kv_v1_DeleteResponse, _raftkv_kv_v1_DeleteRequest__Output, _raftkv_kv_v1_DeleteResponse__Output>
  Get: MethodDefinition<_raftkv_kv_v1_GetRequest, _raftkv_kv_v1_GetResponse, _raftkv_kv_v1_GetRequest__Output, _raftkv_kv_v1_GetResponse__Output>
  Put: MethodDefinition<_raftkv_kv_v1_PutRequest, _raftkv_kv_v1_PutResponse, _raftkv_kv_v1_PutRequest__Output, _raftkv_kv_v1_PutResponse__Output>
}
