/**
 * etcd's Lease service over raftkv's LeaseApi (the one raftkv.kv.v1
 * LeaseService uses), with etcd's field names and answers: a TTL below
 * raftkv's minimum is raised to it (etcd raises it to its own minimum),
 * an unknown lease is etcd's "requested lease not found", TimeToLive of an
 * unknown lease answers TTL -1, and KeepAlive of one answers TTL 0.
 */
import type * as grpc from '@grpc/grpc-js';
import type { LeaseHandlers } from '../generated/etcdserverpb/Lease';
import type { LeaseKeepAliveRequest__Output } from '../generated/etcdserverpb/LeaseKeepAliveRequest';
import type { LeaseKeepAliveResponse } from '../generated/etcdserverpb/LeaseKeepAliveResponse';
import { stampOf } from '../auth/request-stamps';
import { parseLeaseId } from '../lease/lease-params';
import { MAX_LEASE_TTL_SECONDS, MIN_LEASE_TTL_SECONDS } from '../kv/limits';
import { parseInt64 } from '../server/kv-request-validation';
import type { LeaseApi } from '../server/lease-api';
import { keepAliveStream } from '../server/lease-service';
import { requestDeadline } from '../server/request-context';
import { unary, type HandlerLogger } from '../server/unary';
import type { EtcdHeader } from './etcd-header';
import { EtcdError, etcdStatus } from './etcd-status';

export interface EtcdLeaseDeps {
  readonly api: LeaseApi;
  readonly header: EtcdHeader;
  readonly revision: () => number;
  readonly requestTimeoutMs: number;
  readonly keepalivesPerSecond?: number;
  readonly logger: HandlerLogger;
}

/** etcd's TTL rule: too small is raised to the minimum, too large is refused. */
function grantTtl(value: string): number {
  const ttl = parseInt64('TTL', value, -(2n ** 63n));
  if (ttl > BigInt(MAX_LEASE_TTL_SECONDS)) throw new EtcdError('leaseTtlTooLarge');
  return Math.max(MIN_LEASE_TTL_SECONDS, Number(ttl));
}

export function etcdLeaseHandlers(deps: EtcdLeaseDeps): LeaseHandlers {
  const { api, header, logger } = deps;
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);
  return {
    LeaseGrant: unary(
      'etcd.LeaseGrant',
      logger,
      async (req, call) => {
        const granted = await api.grant(grantTtl(req.TTL), parseLeaseId(req.ID, 'ID'), deadlineOf(call));
        return { header: header(granted.revision), ID: granted.id, TTL: String(granted.ttlSeconds), error: '' };
      },
      etcdStatus,
    ),

    LeaseRevoke: unary(
      'etcd.LeaseRevoke',
      logger,
      async (req, call) => {
        const revoked = await api.revoke(parseLeaseId(req.ID, 'ID'), deadlineOf(call), stampOf(req));
        return { header: header(revoked.revision) };
      },
      etcdStatus,
    ),

    LeaseKeepAlive: (call: grpc.ServerDuplexStream<LeaseKeepAliveRequest__Output, LeaseKeepAliveResponse>) =>
      keepAliveStream(
        call,
        { api, requestTimeoutMs: deps.requestTimeoutMs, logger, toStatus: etcdStatus, ...(deps.keepalivesPerSecond !== undefined && { perSecond: deps.keepalivesPerSecond }) },
        {
          idOf: (req) => parseLeaseId(req.ID, 'ID'),
          response: (id, ttl) => ({ header: header(deps.revision()), ID: id, TTL: String(ttl) }),
        },
      ),

    LeaseTimeToLive: unary(
      'etcd.LeaseTimeToLive',
      logger,
      async (req, call) => {
        const id = parseLeaseId(req.ID, 'ID');
        const left = await api.timeToLive(id, req.keys, deadlineOf(call));
        return {
          header: header(deps.revision()),
          ID: id,
          TTL: String(left.ttlSeconds),
          grantedTTL: String(left.grantedTtlSeconds),
          keys: left.keys.map((k) => Buffer.from(k, 'utf8')),
        };
      },
      etcdStatus,
    ),

    LeaseLeases: unary(
      'etcd.LeaseLeases',
      logger,
      async (_req, call) => {
        const all = await api.list(deadlineOf(call));
        return { header: header(deps.revision()), leases: all.map((l) => ({ ID: l.id })) };
      },
      etcdStatus,
    ),
  };
}
