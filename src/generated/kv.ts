import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { DeleteRequest as _raftkv_kv_v1_DeleteRequest, DeleteRequest__Output as _raftkv_kv_v1_DeleteRequest__Output } from './raftkv/kv/v1/DeleteRequest';
import type { DeleteResponse as _raftkv_kv_v1_DeleteResponse, DeleteResponse__Output as _raftkv_kv_v1_DeleteResponse__Output } from './raftkv/kv/v1/DeleteResponse';
import type { GetRequest as _raftkv_kv_v1_GetRequest, GetRequest__Output as _raftkv_kv_v1_GetRequest__Output } from './raftkv/kv/v1/GetRequest';
import type { GetResponse as _raftkv_kv_v1_GetResponse, GetResponse__Output as _raftkv_kv_v1_GetResponse__Output } from './raftkv/kv/v1/GetResponse';
import type { KVServiceClient as _raftkv_kv_v1_KVServiceClient, KVServiceDefinition as _raftkv_kv_v1_KVServiceDefinition } from './raftkv/kv/v1/KVService';
import type { PutRequest as _raftkv_kv_v1_PutRequest, PutRequest__Output as _raftkv_kv_v1_PutRequest__Output } from './raftkv/kv/v1/PutRequest';
import type { PutResponse as _raftkv_kv_v1_PutResponse, PutResponse__Output as _raftkv_kv_v1_PutResponse__Output } from './raftkv/kv/v1/PutResponse';
import type { ResponseHeader as _raftkv_kv_v1_ResponseHeader, ResponseHeader__Output as _raftkv_kv_v1_ResponseHeader__Output } from './raftkv/kv/v1/ResponseHeader';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  raftkv: {
    kv: {
      v1: {
        Consistency: EnumTypeDefinition
        DeleteRequest: MessageTypeDefinition<_raftkv_kv_v1_DeleteRequest, _raftkv_kv_v1_DeleteRequest__Output>
        DeleteResponse: MessageTypeDefinition<_raftkv_kv_v1_DeleteResponse, _raftkv_kv_v1_DeleteResponse__Output>
        GetRequest: MessageTypeDefinition<_raftkv_kv_v1_GetRequest, _raftkv_kv_v1_GetRequest__Output>
        GetResponse: MessageTypeDefinition<_raftkv_kv_v1_GetResponse, _raftkv_kv_v1_GetResponse__Output>
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
        KVService: SubtypeConstructor<typeof grpc.Client, _raftkv_kv_v1_KVServiceClient> & { service: _raftkv_kv_v1_KVServiceDefinition }
        PutRequest: MessageTypeDefinition<_raftkv_kv_v1_PutRequest, _raftkv_kv_v1_PutRequest__Output>
        PutResponse: MessageTypeDefinition<_raftkv_kv_v1_PutResponse, _raftkv_kv_v1_PutResponse__Output>
        ResponseHeader: MessageTypeDefinition<_raftkv_kv_v1_ResponseHeader, _raftkv_kv_v1_ResponseHeader__Output>
      }
    }
  }
}

