/**
 * etcd's Watch service: one bidirectional stream carrying many watches. Each
 * create request registers a watcher with the node's WatchHub (the same hub
 * raftkv.kv.v1 Watch uses) whose messages go out tagged with its watch_id;
 * cancel requests cancel one; a progress request is answered with a revision
 * every watch of the stream has sent everything up to (#progress). Watch ids
 * are the client's when it names one, else 0, 1, 2... per stream, as etcd
 * assigns them.
 *
 * A start revision older than the history gets etcd's answer: created, then
 * canceled with compact_revision, the first revision that can be watched.
 * A create request the user may not read (the authorization interceptor
 * hands it on as a DeniedMessage) gets etcd's answer too: created and
 * canceled, watch_id -1, with etcd's cancel_reason ("rpc error: code =
 * PermissionDenied desc = etcdserver: permission denied"); the stream
 * and its other watches go on.
 * Backpressure as in src/server/watch-service.ts: a watcher's next message
 * waits until grpc-js took its previous one.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Event } from '../generated/mvccpb/Event';
import type { WatchCreateRequest__Output } from '../generated/etcdserverpb/WatchCreateRequest';
import type { WatchRequest__Output } from '../generated/etcdserverpb/WatchRequest';
import type { WatchResponse } from '../generated/etcdserverpb/WatchResponse';
import { DeniedMessage } from '../auth/denied-message';
import { CompactedError, InvalidArgumentError, RaftKvError } from '../errors';
import { keyRangeOf } from '../kv/key-range';
import type { WatchEvent } from '../kv/records';
import type { WatchHub } from '../watch/watch-hub';
import type { WatchMessage } from '../watch/watch-message';
import type { Watcher, WatchSpec } from '../watch/watcher';
import type { HandlerLogger } from '../server/unary';
import type { EtcdHeader } from './etcd-header';
import { etcdKeyValueOfRecord, etcdRangeSpec } from './etcd-keys';
import { ETCD_ERRORS, etcdStatus } from './etcd-status';

export interface EtcdWatchDeps {
  readonly hub: Pick<WatchHub, 'watch'>;
  readonly header: EtcdHeader;
  /** The store's current revision (progress responses, errors). */
  readonly revision: () => number;
  readonly logger: HandlerLogger;
}

/** clientv3's InvalidWatchID: a response that belongs to no watch (a refused create, a stream-wide progress). */
const NO_WATCH = '-1';

type Call = grpc.ServerDuplexStream<WatchRequest__Output, WatchResponse>;

export function etcdWatchHandler(deps: EtcdWatchDeps): grpc.handleBidiStreamingCall<WatchRequest__Output, WatchResponse> {
  return (call) => new WatchStream(call, deps).start();
}

class WatchStream {
  readonly #call: Call;
  readonly #deps: EtcdWatchDeps;
  readonly #watchers = new Map<string, Watcher>();
  /** Writes handed to grpc-js and not yet taken; released if the stream goes. */
  readonly #pending = new Set<() => void>();
  #nextId = 0n;
  #ended = false;

  constructor(call: Call, deps: EtcdWatchDeps) {
    this.#call = call;
    this.#deps = deps;
  }

  start(): void {
    this.#call.on('data', (req: WatchRequest__Output | DeniedMessage) => (req instanceof DeniedMessage ? this.#deny() : this.#onRequest(req)));
    // The client closed its side: no more requests, so no watch can be cancelled; end ours too.
    this.#call.on('end', () => this.#close(true));
    this.#call.on('cancelled', () => this.#close(false));
    this.#call.on('close', () => this.#close(false));
    this.#call.on('error', () => this.#close(false));
  }

  #onRequest(req: WatchRequest__Output): void {
    if (this.#ended) return;
    switch (req.request_union) {
      case 'create_request':
        this.#create(req.create_request!);
        return;
      case 'cancel_request': {
        const id = req.cancel_request!.watch_id;
        const w = this.#watchers.get(id);
        if (w === undefined) return;
        this.#watchers.delete(id);
        w.cancel();
        void this.#send({ header: this.#deps.header(this.#deps.revision()), watch_id: id, canceled: true });
        return;
      }
      case 'progress_request':
        void this.#progress();
        return;
      case undefined:
        return;
    }
  }

  /** A create request the user may not read: that watch only is refused, as etcd refuses it. */
  #deny(): void {
    if (this.#ended) return;
    const header = this.#deps.header(this.#deps.revision());
    // etcd's reason is its gRPC error's text (rpctypes.ErrGRPCPermissionDenied.Error()), word for word.
    void this.#send({ header, watch_id: NO_WATCH, created: true, canceled: true, cancel_reason: `rpc error: code = PermissionDenied desc = ${ETCD_ERRORS.permissionDenied[1]}` });
  }

  #create(c: WatchCreateRequest__Output): void {
    const header = this.#deps.header(this.#deps.revision());
    let id: string;
    let spec: WatchSpec;
    try {
      if (c.watch_id !== '0' && this.#watchers.has(c.watch_id)) {
        throw new InvalidArgumentError('watch_id', `${c.watch_id} is already in use on this stream`);
      }
      spec = watchSpec(c);
    } catch (err) {
      const reason = err instanceof RaftKvError ? err.message : 'invalid watch request';
      void this.#send({ header, watch_id: NO_WATCH, created: true, canceled: true, cancel_reason: reason });
      return;
    }
    if (c.watch_id !== '0') id = c.watch_id;
    else {
      while (this.#watchers.has(String(this.#nextId))) this.#nextId += 1n;
      id = String(this.#nextId);
      this.#nextId += 1n;
    }
    const noPut = c.filters.includes('NOPUT');
    const noDelete = c.filters.includes('NODELETE');
    const compacted = (err: CompactedError): void => {
      this.#watchers.delete(id);
      // etcd's compact revision is the oldest revision still readable; raftkv's is the newest one dropped.
      void this.#send({ header: this.#deps.header(this.#deps.revision()), watch_id: id, canceled: true, compact_revision: String(err.compactRevision + 1) });
    };
    try {
      const watcher = this.#deps.hub.watch(spec, {
        send: (message) => {
          const res = this.#response(id, message, noPut, noDelete);
          return res === undefined ? Promise.resolve() : this.#send(res);
        },
        end: (err) => {
          if (err instanceof CompactedError) compacted(err);
          else this.#fail(err);
        },
      });
      this.#watchers.set(id, watcher);
    } catch (err) {
      if (!(err instanceof CompactedError)) return this.#fail(err);
      void this.#send({ header, watch_id: id, created: true });
      compacted(err);
    }
  }

  /**
   * Answers a progress request with a revision every watch of the stream has
   * sent all its events up to, so a client may take it as "seen everything
   * through here": the store revision when asked, once each live watcher has
   * handed its queue to grpc-js, or less for a watcher still reading history
   * (the revision it has read through). Written after those queues, never
   * overtaking them.
   */
  async #progress(): Promise<void> {
    let revision = this.#deps.revision();
    for (const w of [...this.#watchers.values()]) {
      await w.whenIdle();
      if (w.mode === 'catching-up') revision = Math.min(revision, w.next - 1);
    }
    await this.#send({ header: this.#deps.header(revision), watch_id: NO_WATCH });
  }

  #response(id: string, message: WatchMessage, noPut: boolean, noDelete: boolean): WatchResponse | undefined {
    const header = this.#deps.header(message.revision);
    switch (message.kind) {
      case 'created':
        return { header, watch_id: id, created: true };
      case 'progress':
        return { header, watch_id: id };
      case 'events': {
        const events = message.events.filter((e) => !(e.type === 'put' ? noPut : noDelete));
        return events.length === 0 ? undefined : { header, watch_id: id, events: events.map(etcdEvent) };
      }
    }
  }

  #send(res: WatchResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.#ended) return resolve();
      this.#pending.add(resolve);
      this.#call.write(res, () => {
        this.#pending.delete(resolve);
        resolve();
      });
    });
  }

  /** Ends the stream with a status (the hub shut down, or a failure that is not one watch's). */
  #fail(err: unknown): void {
    if (this.#ended) return;
    const status = etcdStatus(err);
    this.#deps.logger.debug({ method: 'etcd.Watch', details: status.details }, 'watch stream ended');
    this.#close(false);
    this.#call.emit('error', { code: status.code, details: status.details, metadata: status.metadata });
  }

  #close(endCall: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const w of this.#watchers.values()) w.cancel();
    this.#watchers.clear();
    for (const release of this.#pending) release();
    this.#pending.clear();
    if (endCall) this.#call.end();
  }
}

function watchSpec(c: WatchCreateRequest__Output): WatchSpec {
  const spec = etcdRangeSpec(c.key, c.range_end);
  if (spec === undefined) throw new InvalidArgumentError('range_end', 'must sort after key');
  const start = Number(c.start_revision);
  if (!Number.isSafeInteger(start) || start < 0) throw new InvalidArgumentError('start_revision', `must be a revision >= 0 (0 = from now), got ${c.start_revision}`);
  return { range: keyRangeOf(spec), startRevision: start, prevKv: c.prev_kv, progressNotify: c.progress_notify };
}

function etcdEvent(e: WatchEvent): Event {
  const prev = e.prevKv === undefined ? {} : { prev_kv: etcdKeyValueOfRecord(e.prevKv) };
  if (e.type === 'put') return { type: 'PUT', kv: etcdKeyValueOfRecord(e.kv), ...prev };
  // etcd's delete event: the key and the delete's revision; version 0 says "deleted".
  return { type: 'DELETE', kv: { key: Buffer.from(e.kv.key, 'utf8'), mod_revision: String(e.revision) }, ...prev };
}
