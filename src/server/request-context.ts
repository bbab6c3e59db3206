import type * as grpc from '@grpc/grpc-js';

/**
 * The deadline a request runs under: the client's own gRPC deadline when it
 * set one, else the server default (--request-timeout-ms).
 */
export function requestDeadline(call: grpc.ServerUnaryCall<unknown, unknown>, defaultTimeoutMs: number): Date {
  const fallback = Date.now() + defaultTimeoutMs;
  const d = call.getDeadline();
  const ms = d instanceof Date ? d.getTime() : Number(d);
  if (!Number.isFinite(ms) || ms <= 0) return new Date(fallback);
  return new Date(Math.min(ms, fallback + 3_600_000));
}
