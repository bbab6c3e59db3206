/**
 * KVService.Watch over gRPC: validates the request, registers a watcher with
 * the node's WatchHub and writes its messages to the stream, each with a
 * header. Any node serves watches from its own applied state (a follower
 * included), so a watch needs no leader.
 *
 * Backpressure: the next message is written only once grpc-js has handed the
 * previous one to HTTP/2 (the write callback), so at most one message per
 * stream waits in grpc-js's buffers; the rest wait in the watcher, whose
 * backlog the hub bounds.
 */
import * as grpc from '@grpc/grpc-js';
import type { Event } from '../generated/raftkv/kv/v1/Event';
import type { WatchRequest__Output } from '../generated/raftkv/kv/v1/WatchRequest';
import type { WatchResponse } from '../generated/raftkv/kv/v1/WatchResponse';
import { InvalidArgumentError, type RaftKvError } from '../errors';
import { keyRangeOf } from '../kv/key-range';
import type { WatchEvent } from '../kv/records';
import type { WatchHub } from '../watch/watch-hub';
import type { WatchMessage } from '../watch/watch-message';
import type { Watcher, WatchSink, WatchSpec } from '../watch/watcher';
import { toGrpcStatus } from '../grpc-status';
import { keyValueOutput } from '../kv/key-value-output';
import type { HandlerLogger } from './unary';

/** What a response header reads from the node. */
export interface WatchHeaderSource {
  readonly id: string;
  status(): { readonly term: number };
  readonly appliedIndex: number;
}

export interface WatchServiceDeps {
  readonly hub: WatchHub;
  readonly node: WatchHeaderSource;
  readonly logger: HandlerLogger;
}

/** Validates a WatchRequest; throws InvalidArgumentError naming the field. */
export function parseWatchRequest(req: WatchRequest__Output): WatchSpec {
  const range = keyRangeOf({ key: req.key, range_end: req.range_end, prefix: req.prefix });
  const raw = String(req.start_revision);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new InvalidArgumentError('start_revision', `must be a revision >= 0 (0 = from now), got ${raw}`);
  }
  return { range, startRevision: Number(raw), prevKv: req.prev_kv, progressNotify: req.progress_notify };
}

export function watchHandler(deps: WatchServiceDeps): grpc.handleServerStreamingCall<WatchRequest__Output, WatchResponse> {
  const { hub, node, logger } = deps;
  const toResponse = (message: WatchMessage): WatchResponse => ({
    header: {
      member_id: node.id,
      raft_term: String(node.status().term),
      applied_index: String(node.appliedIndex),
      revision: String(message.revision),
    },
    created: message.kind === 'created',
    events: message.kind === 'events' ? message.events.map(toEvent) : [],
    progress_notify: message.kind === 'progress',
  });

  return (call) => {
    let ended = false;
    let watcher: Watcher | undefined;
    const fail = (err: unknown): void => {
      if (ended) return;
      ended = true;
      const status = toGrpcStatus(err);
      if (status.code === grpc.status.INTERNAL) {
        logger.error({ method: 'Watch', err: err instanceof Error ? err.stack : String(err) }, 'watch failed unexpectedly');
      } else {
        logger.debug({ method: 'Watch', code: (err as Partial<RaftKvError>).code, details: status.details }, 'watch ended');
      }
      // grpc-js turns an 'error' on a server stream into the call's status (with our trailers).
      call.emit('error', { code: status.code, details: status.details, metadata: status.metadata });
    };
    // The one write in flight resolves when grpc-js takes it, or when the stream goes.
    let inFlight: (() => void) | undefined;
    // The client cancelled or the connection went: the watcher stops, a pending write is abandoned.
    const gone = (): void => {
      ended = true;
      watcher?.cancel();
      inFlight?.();
      inFlight = undefined;
    };
    call.once('cancelled', gone);
    call.once('close', gone);

    const sink: WatchSink = {
      send: (message) =>
        new Promise<void>((resolve) => {
          if (ended) return resolve();
          inFlight = resolve;
          call.write(toResponse(message), () => {
            if (inFlight === resolve) inFlight = undefined;
            resolve();
          });
        }),
      end: fail,
    };

    try {
      watcher = hub.watch(parseWatchRequest(call.request), sink);
    } catch (err) {
      fail(err);
    }
  };
}

function toEvent(e: WatchEvent): Event {
  return {
    type: e.type === 'put' ? 'EVENT_TYPE_PUT' : 'EVENT_TYPE_DELETE',
    kv: keyValueOutput(e.kv),
    prev_kv: e.prevKv === undefined ? null : keyValueOutput(e.prevKv),
  };
}
