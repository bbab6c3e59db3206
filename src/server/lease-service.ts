/**
 * raftkv.kv.v1.LeaseService on any node. Grant and revoke are log entries
 * (proposed through the leader like any write); keep-alives and time-to-live
 * are the leader's business (its clock decides expiry), so LeaseRouter takes
 * them there; listing and keys are local reads behind a read barrier.
 */
import type * as grpc from '@grpc/grpc-js';
import type { LeaseServiceHandlers } from '../generated/raftkv/kv/v1/LeaseService';
import type { LeaseKeepAliveRequest__Output } from '../generated/raftkv/kv/v1/LeaseKeepAliveRequest';
import type { LeaseKeepAliveResponse } from '../generated/raftkv/kv/v1/LeaseKeepAliveResponse';
import type { ResponseHeader } from '../generated/raftkv/kv/v1/ResponseHeader';
import { decodeResult, encodeCommand, throwIfFailed, type CommandResult } from '../kv/command';
import type { LeaseSource } from '../lease/lease-source';
import type { LeaseRouter } from '../lease/lease-router';
import { parseLeaseId, parseTtlSeconds, randomLeaseId } from '../lease/lease-params';
import { InvalidArgumentError, LeaseExistsError, LeaseNotFoundError, NotAttemptedError, OutcomeUnknownError, TimeoutError, errorMessage } from '../errors';
import { requestDeadline } from './request-context';
import { toGrpcStatus } from './grpc-status';
import { unary, type HandlerLogger } from './unary';

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
  readonly logger: HandlerLogger;
}

export function leaseServiceHandlers(deps: LeaseServiceDeps): LeaseServiceHandlers {
  const { node, leases, router, logger } = deps;
  const header = (revision = deps.revision()): ResponseHeader => ({
    member_id: node.id,
    raft_term: String(node.status().term),
    applied_index: String(node.appliedIndex),
    revision: String(revision),
  });
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);
  const propose = async (command: Parameters<typeof encodeCommand>[0], deadline: Date): Promise<CommandResult> => {
    const result = decodeResult((await node.propose(encodeCommand(command), deadline)).result);
    throwIfFailed(result);
    return result;
  };

  return {
    LeaseGrant: unary('LeaseGrant', logger, async (req, call) => {
      const ttlSeconds = parseTtlSeconds(req.ttl_seconds);
      const asked = parseLeaseId(req.id);
      const deadline = deadlineOf(call);
      if (asked !== '0' && (await leases.lease(asked)) !== undefined) throw new LeaseExistsError(asked);
      // A random 63-bit id collides practically never; if it does, pick again once.
      for (let attempt = 0; ; attempt += 1) {
        const id = asked !== '0' ? asked : randomLeaseId();
        try {
          const result = await propose({ op: 'lease-grant', id, ttlSeconds }, deadline);
          return { header: header(result.revision), id: result.leaseGrant?.id ?? id, ttl_seconds: result.leaseGrant?.ttl_seconds ?? String(ttlSeconds) };
        } catch (err) {
          if (!(err instanceof LeaseExistsError && asked === '0' && attempt === 0)) throw err;
        }
      }
    }),

    LeaseRevoke: unary('LeaseRevoke', logger, async (req, call) => {
      const id = parseLeaseId(req.id);
      if (id === '0') throw new LeaseNotFoundError(id);
      const result = await propose({ op: 'lease-revoke', id, expired: false }, deadlineOf(call));
      return { header: header(result.revision), deleted: result.leaseRevoke?.deleted ?? '0' };
    }),

    LeaseKeepAlive: (call) => keepAliveStream(call, deps, header),

    LeaseTimeToLive: unary('LeaseTimeToLive', logger, async (req, call) => {
      const id = parseLeaseId(req.id);
      const deadline = deadlineOf(call);
      const left = id === '0' ? { ttlSeconds: -1, grantedTtlSeconds: 0 } : ((await router.timesToLive([id], deadline))[0] ?? { ttlSeconds: -1, grantedTtlSeconds: 0 });
      let keys: string[] = [];
      if (req.keys && left.ttlSeconds >= 0) {
        await node.linearizableBarrier(deadline);
        keys = await leases.leaseKeys(id);
      }
      return {
        header: header(),
        id,
        ttl_seconds: String(left.ttlSeconds),
        granted_ttl_seconds: String(left.grantedTtlSeconds),
        keys,
      };
    }),

    LeaseLeases: unary('LeaseLeases', logger, async (_req, call) => {
      await node.linearizableBarrier(deadlineOf(call));
      const all = await leases.leases();
      return { header: header(), leases: all.map((l) => ({ id: l.id, granted_ttl_seconds: String(l.ttlSeconds) })) };
    }),
  };
}

/** Keep-alives one stream may have in flight; beyond, requests go unanswered (the client is flooding). */
const MAX_KEEPALIVES_IN_FLIGHT = 64;

/**
 * One client's keep-alive stream. Each request is answered on its own as
 * soon as the leader renewed the lease (no head-of-line blocking: a request
 * stuck while leadership moves must not delay the next past the TTL). The
 * stream outlives a request that fails while leadership moves (that request
 * goes unanswered; the client's next keep-alive comes well within the TTL);
 * a malformed request or an unexpected failure ends it with a status.
 */
function keepAliveStream(
  call: grpc.ServerDuplexStream<LeaseKeepAliveRequest__Output, LeaseKeepAliveResponse>,
  deps: LeaseServiceDeps,
  header: () => ResponseHeader,
): void {
  const inFlight = new Set<Promise<void>>();
  let done = false;
  const fail = (err: unknown): void => {
    if (done) return;
    done = true;
    const status = toGrpcStatus(err);
    if (!(err instanceof InvalidArgumentError)) deps.logger.error({ method: 'LeaseKeepAlive', err: errorMessage(err) }, 'keep-alive stream failed');
    call.emit('error', { code: status.code, details: status.details, metadata: status.metadata });
  };
  const answer = async (req: LeaseKeepAliveRequest__Output): Promise<void> => {
    let id: string;
    try {
      id = parseLeaseId(req.id);
    } catch (err) {
      fail(err);
      return;
    }
    const deadline = new Date(Date.now() + deps.requestTimeoutMs);
    try {
      const ttl = id === '0' ? 0 : ((await deps.router.renew([id], deadline))[0] ?? 0);
      if (!done) call.write({ header: header(), id, ttl_seconds: String(ttl) });
    } catch (err) {
      if (err instanceof NotAttemptedError || err instanceof OutcomeUnknownError || err instanceof TimeoutError) {
        deps.logger.debug({ method: 'LeaseKeepAlive', lease: id, err: errorMessage(err) }, 'keep-alive not answered; the client sends the next');
        return;
      }
      fail(err);
    }
  };
  call.on('data', (req: LeaseKeepAliveRequest__Output) => {
    if (done || inFlight.size >= MAX_KEEPALIVES_IN_FLIGHT) return;
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
