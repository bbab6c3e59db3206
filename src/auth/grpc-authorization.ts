/**
 * The one interception point for authorization on the client gRPC port:
 * a server interceptor that sees every call of every service (raftkv's and
 * etcd's) with its metadata and decoded request, asks requestNeeds what the
 * request needs and the Authorizer whether the caller has it, and answers
 * UNAUTHENTICATED or PERMISSION_DENIED before any handler runs. On a stream
 * (Watch, LeaseKeepAlive) every message is checked, so each watch is
 * authorized at its creation; on etcd's Watch a create request denied
 * PERMISSION_DENIED is handed on as a DeniedMessage, so only that watch is
 * refused and the stream goes on (etcd's behaviour).
 */
import * as grpc from '@grpc/grpc-js';
import type { GrpcStatus } from '../grpc-status';
import { UndecodableRequest } from '../server/request-decoding';
import { PermissionDeniedError } from '../errors';
import type { Authorizer, Credentials } from './authorizer';
import { ANSWERS_DENIED_MESSAGES, DeniedMessage } from './denied-message';
import { stampRequest } from './request-stamps';
import { requestNeeds, type PermissionContext } from './request-permissions';

/** etcd's metadata key for the token (clientv3 sends it there). */
export const TOKEN_METADATA_KEY = 'token';

export interface AuthorizationInterceptorOptions {
  readonly authorizer: Authorizer;
  readonly context: PermissionContext;
  /** Whether the client certificate's CN names the user (--client-cert-auth). */
  readonly clientCertAuth: boolean;
  /** The door's error-to-status mapping for a method (etcd's words for etcd's API). */
  readonly statusOf: (path: string, err: unknown) => GrpcStatus;
}

/** The token from `token` (etcd) or `authorization: Bearer <token>`. */
export function tokenFrom(metadata: grpc.Metadata): string | undefined {
  const first = (key: string): string | undefined => {
    const v = metadata.get(key)[0];
    return v === undefined ? undefined : typeof v === 'string' ? v : v.toString('utf8');
  };
  const token = first(TOKEN_METADATA_KEY);
  if (token !== undefined) return token;
  const bearer = /^Bearer\s+(\S+)$/i.exec(first('authorization') ?? '');
  return bearer?.[1];
}

export function authorizationInterceptor(options: AuthorizationInterceptorOptions): grpc.ServerInterceptor {
  const { authorizer } = options;
  return (method, call) => {
    let creds: Credentials = {};
    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            const commonName = options.clientCertAuth ? commonNameOf(call.getAuthContext().sslPeerCertificate?.subject?.CN) : undefined;
            creds = { token: tokenFrom(metadata), commonName };
            nextMetadata(metadata);
          },
          onReceiveMessage: (message, nextMessage) => {
            // The common case pays nothing: auth disabled.
            // An undecodable request is answered INVALID_ARGUMENT by its own interceptor.
            if (message instanceof UndecodableRequest) return nextMessage(message);
            if (!authorizer.enabled) {
              // Stamped all the same: auth may be enabled before the request applies (apply-check.ts).
              stampRequest(message, { user: '', revision: authorizer.revision });
              return nextMessage(message);
            }
            const path = method.path;
            Promise.resolve()
              .then(() => requestNeeds(path, message, options.context))
              .then((needs) => authorizer.authorize(creds, needs))
              .then(
                (stamp) => {
                  stampRequest(message, stamp);
                  nextMessage(message);
                },
                (err: unknown) => {
                  if (err instanceof PermissionDeniedError && ANSWERS_DENIED_MESSAGES.has(path)) return nextMessage(new DeniedMessage(message, err));
                  const status = options.statusOf(path, err);
                  call.sendStatus({ code: status.code, details: status.details, metadata: status.metadata });
                },
              );
          },
        }),
    });
  };
}

/** A certificate subject field may repeat (an array); only a single CN names a user. */
function commonNameOf(cn: string | string[] | undefined): string | undefined {
  return typeof cn === 'string' ? cn : undefined;
}
