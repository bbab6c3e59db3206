/**
 * A node's authentication and authorization, assembled once: the token
 * store (this node's tokens only), the Authorizer over the applied auth
 * state, the AuthApi both APIs serve, and the hooks for the gRPC server
 * (one interceptor) and the HTTP door (one check per request).
 */
import type * as grpc from '@grpc/grpc-js';
import type { IncomingMessage } from 'node:http';
import type { GrpcStatus } from '../grpc-status';
import type { AuthStamp } from '../kv/command';
import type { KvHttpRequest } from '../server/http-kv-request';
import { createAuthApi, type AuthApi, type AuthApiNode } from './auth-api';
import type { AuthState } from './auth-state';
import { Authorizer } from './authorizer';
import { authorizationInterceptor } from './grpc-authorization';
import { httpAuthorization, type SnapshotHttpRoute } from './http-authorization';
import { TokenStore } from './token-store';

export interface NodeAuthOptions {
  readonly node: AuthApiNode;
  readonly state: () => AuthState;
  readonly leaseKeys: (id: string) => Promise<string[]>;
  readonly tokenTtlSeconds: number;
  readonly clientCertAuth: boolean;
  readonly statusOf: (path: string, err: unknown) => GrpcStatus;
}

export interface NodeAuth {
  readonly api: AuthApi;
  readonly authorizer: Authorizer;
  readonly interceptor: grpc.ServerInterceptor;
  /** Checks an HTTP request; returns the stamp a write's proposal carries. */
  readonly authorizeHttp: (req: IncomingMessage, route: KvHttpRequest | SnapshotHttpRoute) => AuthStamp;
}

export function createNodeAuth(o: NodeAuthOptions): NodeAuth {
  const tokens = new TokenStore({ ttlSeconds: o.tokenTtlSeconds });
  const authorizer = new Authorizer({ state: o.state, tokens });
  return {
    api: createAuthApi({ node: o.node, state: o.state, tokens }),
    authorizer,
    interceptor: authorizationInterceptor({ authorizer, context: { leaseKeys: o.leaseKeys }, clientCertAuth: o.clientCertAuth, statusOf: o.statusOf }),
    authorizeHttp: httpAuthorization(authorizer, o.clientCertAuth),
  };
}
