/**
 * raftkv.kv.v1.KVService over gRPC: Put, Get, Delete, Range, Txn and Compact call the
 * KvApi (the same one the HTTP door calls); Watch is the watch service's
 * streaming handler, passed in.
 */
import type * as grpc from '@grpc/grpc-js';
import type { KVServiceHandlers } from '../generated/raftkv/kv/v1/KVService';
import type { WatchRequest__Output } from '../generated/raftkv/kv/v1/WatchRequest';
import type { WatchResponse } from '../generated/raftkv/kv/v1/WatchResponse';
import { stampOf } from '../auth/request-stamps';
import type { KvApi } from './kv-api';
import { requestDeadline } from './request-context';
import { unary, type HandlerLogger } from './unary';

export { parseConsistency } from './kv-request-validation';

export interface KvServiceDeps {
  readonly api: KvApi;
  readonly watch: grpc.handleServerStreamingCall<WatchRequest__Output, WatchResponse>;
  readonly requestTimeoutMs: number;
  readonly logger: HandlerLogger;
}

export function kvServiceHandlers(deps: KvServiceDeps): KVServiceHandlers {
  const { api, logger } = deps;
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);
  return {
    // The stamp the authorization interceptor recorded goes into the proposal (src/auth/apply-check.ts).
    Put: unary('Put', logger, (req, call) => api.put(req, deadlineOf(call), stampOf(req))),
    Get: unary('Get', logger, (req, call) => api.get(req, deadlineOf(call))),
    Delete: unary('Delete', logger, (req, call) => api.delete(req, deadlineOf(call), stampOf(req))),
    Range: unary('Range', logger, (req, call) => api.range(req, deadlineOf(call))),
    Txn: unary('Txn', logger, (req, call) => api.txn(req, deadlineOf(call), stampOf(req))),
    Compact: unary('Compact', logger, (req, call) => api.compact(req, deadlineOf(call))),
    Watch: deps.watch,
  };
}
