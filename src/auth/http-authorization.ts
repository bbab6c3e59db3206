/**
 * Authorization on the HTTP/JSON door: the same Authorizer as gRPC, with the
 * token in `Authorization: Bearer <token>` and, under --client-cert-auth,
 * the client certificate's CN as the user.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { keyRangeOf, type KeyRange } from '../kv/key-range';
import type { KvHttpRequest } from '../server/http-kv-request';
import type { AuthStamp } from '../kv/command';
import type { Authorizer, Need } from './authorizer';
import { etcdRange } from './request-permissions';

const single = (key: string): KeyRange => etcdRange(Buffer.from(key, 'utf8'), new Uint8Array(0));

/** GET /v1/snapshot: the whole data set, so root only, as MaintenanceService.Snapshot. */
export interface SnapshotHttpRoute {
  readonly op: 'snapshot';
}

function needsOf(route: KvHttpRequest | SnapshotHttpRoute): Need[] {
  switch (route.op) {
    case 'snapshot':
      return [{ kind: 'root' }];
    case 'get':
      return [{ kind: 'key', access: 'read', range: single(route.request.key) }];
    case 'range':
      return [{ kind: 'key', access: 'read', range: keyRangeOf(route.request) }];
    case 'put': {
      const range = single(route.request.key);
      return route.request.prev_kv ? [{ kind: 'key', access: 'write', range }, { kind: 'key', access: 'read', range }] : [{ kind: 'key', access: 'write', range }];
    }
    case 'delete': {
      const range = keyRangeOf(route.request);
      return route.request.prev_kv ? [{ kind: 'key', access: 'write', range }, { kind: 'key', access: 'read', range }] : [{ kind: 'key', access: 'write', range }];
    }
  }
}

/** Checks a request and returns the stamp a write's proposal carries (apply-check.ts). */
export function httpAuthorization(authorizer: Authorizer, clientCertAuth: boolean): (req: IncomingMessage, route: KvHttpRequest | SnapshotHttpRoute) => AuthStamp {
  return (req, route) => {
    if (!authorizer.enabled) return { user: '', revision: authorizer.revision };
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const socket = req.socket as Partial<TLSSocket>;
    const cn = clientCertAuth ? socket.getPeerCertificate?.()?.subject?.CN : undefined;
    return authorizer.authorize({ token: bearer, commonName: typeof cn === 'string' ? cn : undefined }, needsOf(route));
  };
}
