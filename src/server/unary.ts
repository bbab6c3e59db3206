/**
 * Adapts an async handler to grpc-js's callback style. Every failure goes
 * through toGrpcStatus, the one error-to-status mapping; unexpected errors are
 * logged with their cause and reach the client only as "internal error".
 */
import * as grpc from '@grpc/grpc-js';
import { toGrpcStatus, type GrpcStatus } from '../grpc-status';
import type { RaftKvError } from '../errors';

export interface HandlerLogger {
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export function unary<Req, Res>(
  method: string,
  logger: HandlerLogger,
  handler: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>,
  /** The error-to-status mapping of the door: raftkv's by default, etcd's for the etcd v3 API. */
  toStatus: (err: unknown) => GrpcStatus = toGrpcStatus,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    handler(call.request, call).then(
      (response) => callback(null, response),
      (err: unknown) => {
        const status = toStatus(err);
        if (status.code === grpc.status.INTERNAL) {
          logger.error({ method, err: err instanceof Error ? err.stack : String(err) }, 'request failed unexpectedly');
        } else {
          logger.debug({ method, code: (err as Partial<RaftKvError>).code, details: status.details }, 'request failed');
        }
        callback({ code: status.code, details: status.details, metadata: status.metadata });
      },
    );
  };
}
