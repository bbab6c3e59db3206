/**
 * raftkv.kv.v1.LeaseService on any node. Grant and revoke are log entries
 * (proposed through the leader like any write); keep-alives and time-to-live
 * are the leader's business (its clock decides expiry), so LeaseRouter takes
 * them there; listing and keys are local reads behind a read barrier. The
 * operations themselves are the LeaseApi (lease-api.ts), shared with the
 * etcd v3 Lease service; the keep-alive stream is shared too.
 */
import type * as grpc from '@grpc/grpc-js';
import type { LeaseServiceHandlers } from '../generated/raftkv/kv/v1/LeaseService';
import type { ResponseHeader } from '../generated/raftkv/kv/v1/ResponseHeader';
import type { LeaseSource } from '../lease/lease-source';
import type { LeaseRouter } from '../lease/lease-router';
import { stampOf } from '../auth/request-stamps';
import { parseLeaseId, parseTtlSeconds } from '../lease/lease-params';
import { KeepAliveRateError, InvalidArgumentError, NotAttemptedError, OutcomeUnknownError, TimeoutError, errorMessage } from '../errors';
import { requestDeadline } from './request-context';
import { toGrpcStatus, type GrpcStatus } from '../grpc-status';
import { createLeaseApi, type LeaseApi } from './lease-api';
import { unary, type HandlerLogger } from './unary';
import { TokenBucket } from './token-bucket';

export interface LeaseServiceNode {
  readonly id: string;
  status(): { readonly term: number };
  readonly appliedIndex: number;
  propose(command: Uint8Array, deadline: Date): Promise<{ readonly result: Uint8Array }>;
  linearizableBarrier(deadline: Date): Promise<void>;
}

export interface LeaseServiceDeps {
  readonly node: LeaseServiceNode;
  readonly leases: LeaseSource;
  readonly router: Pick<LeaseRouter, 'renew' | 'timesToLive'>;
  /** The store's current revision, for response headers. */
  readonly revision: () => number;
  readonly requestTimeoutMs: number;
  /** --max-keepalives-per-second, per LeaseKeepAlive stream. */
  readonly keepalivesPerSecond?: number;
  readonly logger: HandlerLogger;
}

export function leaseServiceHandlers(deps: LeaseServiceDeps): LeaseServiceHandlers {
  const { node, logger } = deps;
  const api = createLeaseApi(deps);
  const header = (revision = deps.revision()): ResponseHeader => ({
    member_id: node.id,
    raft_term: String(node.status().term),
    applied_index: String(node.appliedIndex),
    revision: String(revision),
  });
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);

  return {
    LeaseGrant: unary('LeaseGrant', logger, async (req, call) => {
      const ttlSeconds = parseTtlSeconds(req.ttl_seconds);
      const granted = await api.grant(ttlSeconds, parseLeaseId(req.id), deadlineOf(call));
      return { header: header(granted.revision), id: granted.id, ttl_seconds: String(granted.ttlSeconds) };
    }),

    LeaseRevoke: unary('LeaseRevoke', logger, async (req, call) => {
      const revoked = await api.revoke(parseLeaseId(req.id), deadlineOf(call), stampOf(req));
      return { header: header(revoked.revision), deleted: revoked.deleted };
    }),

    LeaseKeepAlive: (call) =>
      keepAliveStream(call, { api, requestTimeoutMs: deps.requestTimeoutMs, logger, ...(deps.keepalivesPerSecond !== undefined && { perSecond: deps.keepalivesPerSecond }) }, {
        idOf: (req) => parseLeaseId(req.id),
        response: (id, ttl) => ({ header: header(), id, ttl_seconds: String(ttl) }),
      }),

    LeaseTimeToLive: unary('LeaseTimeToLive', logger, async (req, call) => {
      const id = parseLeaseId(req.id);
      const left = await api.timeToLive(id, req.keys, deadlineOf(call));
      return {
        header: header(),
        id,
        ttl_seconds: String(left.ttlSeconds),
        granted_ttl_seconds: String(left.grantedTtlSeconds),
        keys: left.keys,
      };
    }),

    LeaseLeases: unary('LeaseLeases', logger, async (_req, call) => {
      const all = await api.list(deadlineOf(call));
      return { header: header(), leases: all.map((l) => ({ id: l.id, granted_ttl_seconds: String(l.ttlSeconds) })) };
    }),
  };
}

/** Keep-alives one stream may have in flight; beyond, requests go unanswered (the client is flooding). */
const MAX_KEEPALIVES_IN_FLIGHT = 64;

/** What a keep-alive stream needs; the door chooses its messages (raftkv's or etcd's). */
export interface KeepAliveDeps {
  readonly api: Pick<LeaseApi, 'renew'>;
  readonly requestTimeoutMs: number;
  readonly logger: HandlerLogger;
  /** Maps a failure that ends the stream to its status; toGrpcStatus by default. */
  readonly toStatus?: (err: unknown) => GrpcStatus;
  /** Keep-alives per second the stream may send (token-bucket.ts); beyond, it ends RESOURCE_EXHAUSTED. No limit when absent. */
  readonly perSecond?: number;
}

export interface KeepAliveMessages<Req, Res> {
  /** The request's lease id, validated (throws InvalidArgumentError). */
  idOf(req: Req): string;
  /** The answer: the TTL restarted, 0 when the lease does not exist. */
  response(id: string, ttlSeconds: number): Res;
}

/**
 * One client's keep-alive stream. Each request is answered on its own as
 * soon as the leader renewed the lease (no head-of-line blocking: a request
 * stuck while leadership moves must not delay the next past the TTL). The
 * stream outlives a request that fails while leadership moves (that request
 * goes unanswered; the client's next keep-alive comes well within the TTL);
 * a malformed request or an unexpected failure ends it with a status.
 */
export function keepAliveStream<Req, Res>(call: grpc.ServerDuplexStream<Req, Res>, deps: KeepAliveDeps, messages: KeepAliveMessages<Req, Res>): void {
  const inFlight = new Set<Promise<void>>();
  const rate = deps.perSecond === undefined ? undefined : new TokenBucket(deps.perSecond);
  let done = false;
  const fail = (err: unknown): void => {
    if (done) return;
    done = true;
    const status = (deps.toStatus ?? toGrpcStatus)(err);
    if (!(err instanceof InvalidArgumentError)) deps.logger.error({ method: 'LeaseKeepAlive', err: errorMessage(err) }, 'keep-alive stream failed');
    call.emit('error', { code: status.code, details: status.details, metadata: status.metadata });
  };
  const answer = async (req: Req): Promise<void> => {
    let id: string;
    try {
      id = messages.idOf(req);
    } catch (err) {
      fail(err);
      return;
    }
    const deadline = new Date(Date.now() + deps.requestTimeoutMs);
    try {
      const ttl = await deps.api.renew(id, deadline);
      if (!done) call.write(messages.response(id, ttl));
    } catch (err) {
      if (err instanceof NotAttemptedError || err instanceof OutcomeUnknownError || err instanceof TimeoutError) {
        deps.logger.debug({ method: 'LeaseKeepAlive', lease: id, err: errorMessage(err) }, 'keep-alive not answered; the client sends the next');
        return;
      }
      fail(err);
    }
  };
  call.on('data', (req: Req) => {
    if (done) return;
    if (rate !== undefined && deps.perSecond !== undefined && !rate.take()) return fail(new KeepAliveRateError(deps.perSecond));
    if (inFlight.size >= MAX_KEEPALIVES_IN_FLIGHT) return;
    const p = answer(req).finally(() => inFlight.delete(p));
    inFlight.add(p);
  });
  call.on('end', () => {
    void Promise.all(inFlight).then(() => {
      if (done) return;
      done = true;
      call.end();
    });
  });
  call.on('cancelled', () => {
    done = true;
  });
  call.on('error', () => {
    done = true;
  });
}
