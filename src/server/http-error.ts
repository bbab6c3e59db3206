/**
 * Errors on the HTTP port, as JSON:
 *
 *   {"code":"INVALID_ARGUMENT","error_code":"RAFTKV_ERR_INVALID_ARGUMENT","message":"key: must not be empty"}
 *
 * A raftkv error goes through toGrpcStatus, the one error mapping, so `code`
 * (the gRPC status name), `error_code` (raftkv-error-code) and `message` are
 * exactly what a gRPC client reads for the same failure; only the HTTP status
 * is added. A few failures exist only on this door (a missing key, a wrong
 * path or method): they get their own error codes, listed in HTTP_ONLY_CODES.
 */
import * as grpc from '@grpc/grpc-js';
import { ERROR_CODE_METADATA_KEY, INTERNAL_ERROR_CODE, LEADER_METADATA_KEY, toGrpcStatus } from '../grpc-status';
import { headerJson, type HeaderJson } from './http-json';
import type { ResponseHeader } from '../generated/raftkv/kv/v1/ResponseHeader';

/**
 * The HTTP status of each gRPC status, as grpc-gateway maps them, except
 * FAILED_PRECONDITION: 412 says "the state does not allow it" to HTTP clients.
 */
const HTTP_STATUS: Readonly<Record<grpc.status, number>> = {
  [grpc.status.OK]: 200,
  [grpc.status.CANCELLED]: 499,
  [grpc.status.UNKNOWN]: 500,
  [grpc.status.INVALID_ARGUMENT]: 400,
  [grpc.status.DEADLINE_EXCEEDED]: 504,
  [grpc.status.NOT_FOUND]: 404,
  [grpc.status.ALREADY_EXISTS]: 409,
  [grpc.status.PERMISSION_DENIED]: 403,
  [grpc.status.RESOURCE_EXHAUSTED]: 429,
  [grpc.status.FAILED_PRECONDITION]: 412,
  [grpc.status.ABORTED]: 409,
  [grpc.status.OUT_OF_RANGE]: 400,
  [grpc.status.UNIMPLEMENTED]: 501,
  [grpc.status.INTERNAL]: 500,
  [grpc.status.UNAVAILABLE]: 503,
  [grpc.status.DATA_LOSS]: 500,
  [grpc.status.UNAUTHENTICATED]: 401,
};

/** Error codes only the HTTP door sends (every other one is in src/errors.ts). */
export const HTTP_ONLY_CODES = {
  keyNotFound: 'RAFTKV_ERR_KEY_NOT_FOUND',
  unknownPath: 'RAFTKV_ERR_UNKNOWN_PATH',
  methodNotAllowed: 'RAFTKV_ERR_METHOD_NOT_ALLOWED',
} as const;

export interface ErrorJson {
  readonly code: string;
  readonly error_code: string;
  readonly message: string;
  /** The leader's id, when a "not attempted" error knows it. */
  readonly leader?: string;
  /** A missing key: the point of the log the read reflects. */
  readonly header?: HeaderJson;
}

export interface HttpError {
  readonly status: number;
  readonly body: ErrorJson;
  readonly headers: Readonly<Record<string, string>>;
}

/** A failure decided by the HTTP door itself, with its own status. */
export class HttpOnlyError extends Error {
  constructor(
    readonly status: number,
    readonly grpcCode: grpc.status,
    readonly errorCode: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpOnlyError';
  }
}

export function keyNotFound(key: string, header: ResponseHeader | null | undefined): HttpError {
  return {
    status: 404,
    body: {
      code: grpc.status[grpc.status.NOT_FOUND],
      error_code: HTTP_ONLY_CODES.keyNotFound,
      message: `key ${JSON.stringify(key)} not found`,
      header: headerJson(header),
    },
    headers: { 'x-raftkv-error-code': HTTP_ONLY_CODES.keyNotFound },
  };
}

/** Maps anything thrown while serving a request; unknown errors become 500 "internal error". */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpOnlyError) {
    return {
      status: err.status,
      body: { code: grpc.status[err.grpcCode], error_code: err.errorCode, message: err.message },
      headers: { ...err.headers, 'x-raftkv-error-code': err.errorCode },
    };
  }
  const s = toGrpcStatus(err);
  const errorCode = String(s.metadata.get(ERROR_CODE_METADATA_KEY)[0] ?? INTERNAL_ERROR_CODE);
  const leader = s.metadata.get(LEADER_METADATA_KEY)[0];
  // Over a size limit: 413, whichever field (the gRPC status is INVALID_ARGUMENT).
  const status = errorCode === 'RAFTKV_ERR_TOO_LARGE' ? 413 : HTTP_STATUS[s.code];
  return {
    status,
    body: {
      code: grpc.status[s.code],
      error_code: errorCode,
      message: s.details,
      ...(leader !== undefined && { leader: String(leader) }),
    },
    headers: { 'x-raftkv-error-code': errorCode },
  };
}
