/**
 * A watch that survives the node it is attached to: when the stream fails
 * (node down, restarted, shutting down) it opens the watch on the next
 * endpoint from the revision after the last one delivered, so no event is
 * lost or repeated. Events of one revision never straddle two messages
 * (kv.proto), which is what makes "last delivered revision + 1" exact.
 */
import * as grpc from '@grpc/grpc-js';
import type { KvClient } from '../kv-client';
import type { Event__Output } from '../../generated/raftkv/kv/v1/Event';
import type { WatchRequest } from '../../generated/raftkv/kv/v1/WatchRequest';
import type { WatchResponse__Output } from '../../generated/raftkv/kv/v1/WatchResponse';
import { describeError, isServiceError } from './context';

export type WatchEnd =
  /** The consumer asked to stop, or the signal was aborted. */
  | { readonly kind: 'stopped' }
  /** The start revision is older than the retained history. */
  | { readonly kind: 'compacted'; readonly error: grpc.ServiceError }
  /** A failure retrying cannot fix, or no endpoint took the watch for too long. */
  | { readonly kind: 'failed'; readonly error: unknown };

export interface WatchOptions {
  readonly signal: AbortSignal;
  /** How long one endpoint may take to confirm the watch (created) before the next is tried. */
  readonly createTimeoutMs: number;
  /** Give up when no endpoint has taken the watch for this long (after trying each at least once). */
  readonly giveUpAfterMs: number;
  /** Consumes the events of one message; returns true to stop watching. */
  readonly onEvents: (events: readonly Event__Output[]) => boolean;
  /** Told before the watch moves to another endpoint. */
  readonly onResume?: (info: { from: string; to: string; nextRevision: number; reason: string }) => void;
}

/** Pause between rounds over every endpoint, so a cluster that is down is not hammered. */
const ROUND_PAUSE_MS = 500;

/**
 * Status codes after which the watch may be opened again elsewhere: the node,
 * not the request, was the problem (DATA_LOSS: that member's state diverged
 * from the cluster's, CORRUPT; another member serves the watch).
 */
const RESUMABLE = new Set<number>([grpc.status.UNAVAILABLE, grpc.status.CANCELLED, grpc.status.INTERNAL, grpc.status.UNKNOWN, grpc.status.ABORTED, grpc.status.DEADLINE_EXCEEDED, grpc.status.DATA_LOSS]);

type Attempt = { kind: 'stopped' } | { kind: 'broken'; created: boolean; error: unknown };

export async function resumableWatch(client: KvClient, request: WatchRequest, opts: WatchOptions): Promise<WatchEnd> {
  const endpoints = client.endpoints;
  // 0 until the first created message tells from where events follow.
  let nextRevision = Number(request.start_revision ?? 0);
  let index = client.currentIndex;
  let failingSince: number | undefined;
  let failuresInRow = 0;

  const attempt = (): Promise<Attempt> =>
    new Promise<Attempt>((resolve) => {
      let settled = false;
      let created = false;
      const stream = client.watchOn(index, { ...request, start_revision: String(nextRevision) });
      const finish = (result: Attempt): void => {
        if (settled) return;
        settled = true;
        clearTimeout(createTimer);
        opts.signal.removeEventListener('abort', onAbort);
        // Ends the call whatever the reason; a no-op on a stream that already ended.
        stream.cancel();
        resolve(result);
      };
      const onAbort = (): void => finish({ kind: 'stopped' });
      const createTimer = setTimeout(() => {
        finish({ kind: 'broken', created: false, error: new Error(`no answer within ${opts.createTimeoutMs} ms`) });
      }, opts.createTimeoutMs);
      if (opts.signal.aborted) return finish({ kind: 'stopped' });
      opts.signal.addEventListener('abort', onAbort, { once: true });

      stream.on('data', (msg: WatchResponse__Output) => {
        if (settled) return;
        const headerRevision = Number(msg.header?.revision ?? 0);
        if (msg.created) {
          created = true;
          clearTimeout(createTimer);
          if (nextRevision === 0) nextRevision = headerRevision + 1;
        }
        if (msg.progress_notify) nextRevision = Math.max(nextRevision, headerRevision + 1);
        if (msg.events.length === 0) return;
        const last = msg.events[msg.events.length - 1];
        nextRevision = Math.max(nextRevision, Number(last?.kv?.mod_revision ?? 0) + 1);
        if (opts.onEvents(msg.events)) finish({ kind: 'stopped' });
      });
      stream.on('error', (error: unknown) => finish({ kind: 'broken', created, error }));
      stream.on('end', () => finish({ kind: 'broken', created, error: new Error('the server ended the watch') }));
    });

  for (;;) {
    const result = await attempt();
    if (result.kind === 'stopped') return { kind: 'stopped' };
    const { error } = result;
    if (isServiceError(error) && error.code === grpc.status.OUT_OF_RANGE) return { kind: 'compacted', error };
    if (isServiceError(error) && !RESUMABLE.has(error.code)) return { kind: 'failed', error };
    if (result.created) {
      failingSince = undefined;
      failuresInRow = 0;
    }
    failingSince ??= Date.now();
    failuresInRow += 1;
    if (failuresInRow >= endpoints.length && Date.now() - failingSince >= opts.giveUpAfterMs) return { kind: 'failed', error };
    const from = endpoints[index] ?? '';
    index = (index + 1) % endpoints.length;
    opts.onResume?.({ from, to: endpoints[index] ?? '', nextRevision, reason: describeError(error) });
    if (failuresInRow % endpoints.length === 0 && !(await pause(ROUND_PAUSE_MS, opts.signal))) return { kind: 'stopped' };
  }
}

/** Waits, or returns false at once when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
