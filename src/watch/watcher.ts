/**
 * One watch stream's server side: which keys it follows, where it stands in
 * the revision sequence, and the messages waiting for its transport.
 *
 * A watcher is in one of three modes:
 *  - catching-up: it reads history (the hub drives that, outside the apply
 *    path); `next` is the first revision not read yet;
 *  - live: the hub hands it each applied batch's matching events; `next` is
 *    the revision it went live at, and any event below it (already read from
 *    history) is ignored, so nothing is sent twice;
 *  - closed: nothing more is sent.
 *
 * Messages go to the sink one at a time: the next only when the sink says the
 * previous one was taken (backpressure). Memory is bounded by the hub: a live
 * watcher whose queue passes the backlog cap drops it and catches up again
 * from history (fallBehind).
 */
import type { WatchEvent } from '../kv/records';
import type { KeyRange } from '../kv/key-range';
import { inRange } from '../kv/key-range';
import { HEADER_ONLY_BYTES, packEvents, type SizedMessage, type WatchMessage } from './watch-message';
import type { IndexedWatch } from './watcher-index';

/** What a client asked to watch, validated. */
export interface WatchSpec {
  readonly range: KeyRange;
  /** First revision to send events of; 0 = the changes after the current revision. */
  readonly startRevision: number;
  readonly prevKv: boolean;
  readonly progressNotify: boolean;
}

/** Where a watcher's messages go (a gRPC stream, or a test's array). */
export interface WatchSink {
  /** Hands one message to the transport; resolves when it can take the next (backpressure). */
  send(message: WatchMessage): Promise<void>;
  /** Ends the stream with an error (CompactedError, ShutdownError, ...). Called at most once; nothing is sent after it. */
  end(err: Error): void;
}

export type WatcherMode = 'catching-up' | 'live' | 'closed';

export interface WatcherOptions {
  readonly spec: WatchSpec;
  readonly sink: WatchSink;
  /** The created message's revision: events after it follow. */
  readonly createdRevision: number;
  readonly maxMessageBytes: number;
  readonly now: () => number;
  /** Events handed to the sink (metrics). */
  readonly onEventsSent: (count: number) => void;
  /** The watcher closed, for whatever reason: the hub forgets it. */
  readonly onClosed: (watcher: Watcher) => void;
}

export class Watcher implements IndexedWatch {
  readonly range: KeyRange;
  readonly singleKey: string | undefined;
  readonly prevKv: boolean;
  readonly progressNotify: boolean;
  readonly #opts: WatcherOptions;
  #mode: WatcherMode = 'catching-up';
  /** catching-up: the first revision not read yet. live: the revision it went live at. */
  #next: number;
  readonly #queue: SizedMessage[] = [];
  #queuedBytes = 0;
  /** A message was handed to the sink and the sink has not taken it yet. */
  #sending = false;
  #pumpScheduled = false;
  /** When the last message was taken by the sink (or the watcher was created). */
  #lastSentAt: number;
  #idleWaiters: (() => void)[] = [];

  constructor(opts: WatcherOptions) {
    this.#opts = opts;
    this.range = opts.spec.range;
    this.singleKey = opts.spec.range.single ? opts.spec.range.start.toString('utf8') : undefined;
    this.prevKv = opts.spec.prevKv;
    this.progressNotify = opts.spec.progressNotify;
    this.#next = opts.createdRevision + 1;
    this.#lastSentAt = opts.now();
    this.#push({ message: { kind: 'created', revision: opts.createdRevision }, bytes: HEADER_ONLY_BYTES });
  }

  get mode(): WatcherMode {
    return this.#mode;
  }

  /** See the mode descriptions above. */
  get next(): number {
    return this.#next;
  }

  /** Bytes of messages queued and not yet handed to the sink. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Whether the key is one this watcher follows. */
  matches(key: string): boolean {
    if (this.singleKey !== undefined) return key === this.singleKey;
    return inRange(this.range, Buffer.from(key, 'utf8'));
  }

  /**
   * History read while catching up: every retained event from `next` through
   * `through` (all keys; this filters). Queues the matching ones and moves
   * past `through`.
   */
  pushHistory(events: readonly WatchEvent[], through: number): void {
    if (this.#mode !== 'catching-up') return;
    const matching = events.filter((e) => e.revision >= this.#next && e.revision <= through && this.matches(e.kv.key));
    for (const m of packEvents(matching, through, this.prevKv, this.#opts.maxMessageBytes)) this.#push(m);
    this.#next = through + 1;
  }

  /** A live batch's events for this watcher (matched by the hub, at or above `next`), the batch ending at `through`. */
  pushLive(events: readonly WatchEvent[], through: number): void {
    if (this.#mode !== 'live') return;
    for (const m of packEvents(events, through, this.prevKv, this.#opts.maxMessageBytes)) this.#push(m);
  }

  /** A progress notification: nothing to send up to `revision`. */
  pushProgress(revision: number): void {
    this.#push({ message: { kind: 'progress', revision }, bytes: HEADER_ONLY_BYTES });
  }

  /** History was read through `next - 1`, and live batches now continue from `next`. */
  goLive(): void {
    if (this.#mode === 'catching-up') this.#mode = 'live';
  }

  /**
   * The client reads too slowly: drop the unsent events and catch up again
   * from the first of them, from history (the hub restarts the reading).
   * The created message, if still queued, stays: it must come first.
   * `liveNext` is the revision live delivery stood at (the batch just pushed, plus one).
   */
  fallBehind(liveNext: number): void {
    if (this.#mode !== 'live') return;
    let firstDropped: number | undefined;
    const kept: SizedMessage[] = [];
    for (const m of this.#queue) {
      if (m.message.kind === 'created') kept.push(m);
      else if (m.message.kind === 'events') firstDropped ??= m.message.events[0]?.revision;
    }
    this.#queue.splice(0, this.#queue.length, ...kept);
    this.#queuedBytes = kept.reduce((sum, m) => sum + m.bytes, 0);
    this.#mode = 'catching-up';
    // Nothing dropped (only progress): carry on from where live delivery stood.
    this.#next = firstDropped ?? Math.max(this.#next, liveNext);
  }

  /** For how long nothing was queued or sent (ms), or undefined while something is. */
  idleFor(now: number): number | undefined {
    if (this.#sending || this.#queue.length > 0 || this.#mode === 'closed') return undefined;
    return now - this.#lastSentAt;
  }

  /** Resolves once every queued message was taken by the sink (or the watcher closed). */
  whenIdle(): Promise<void> {
    if (this.#mode === 'closed' || (!this.#sending && this.#queue.length === 0)) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** The client went away: stop, without a status (there is no one to send it to). */
  cancel(): void {
    this.#close(undefined);
  }

  /** Ends the stream with an error. */
  fail(err: Error): void {
    this.#close(err);
  }

  #close(err: Error | undefined): void {
    if (this.#mode === 'closed') return;
    this.#mode = 'closed';
    this.#queue.length = 0;
    this.#queuedBytes = 0;
    this.#wakeIdleWaiters();
    this.#opts.onClosed(this);
    if (err !== undefined) this.#opts.sink.end(err);
  }

  #push(m: SizedMessage): void {
    if (this.#mode === 'closed') return;
    this.#queue.push(m);
    this.#queuedBytes += m.bytes;
    this.#schedulePump();
  }

  /** Sends from a fresh microtask, so a batch's fan-out never runs transport code inside the apply path. */
  #schedulePump(): void {
    if (this.#pumpScheduled || this.#sending) return;
    this.#pumpScheduled = true;
    void Promise.resolve().then(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#sending || this.#mode === 'closed') return;
    const next = this.#queue.shift();
    if (next === undefined) {
      this.#wakeIdleWaiters();
      return;
    }
    this.#queuedBytes -= next.bytes;
    this.#sending = true;
    if (next.message.kind === 'events') this.#opts.onEventsSent(next.message.events.length);
    let sent: Promise<void>;
    try {
      sent = this.#opts.sink.send(next.message);
    } catch (err) {
      sent = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    sent.then(
      () => {
        this.#sending = false;
        this.#lastSentAt = this.#opts.now();
        this.#pump();
      },
      // The transport is gone: nothing more can be sent.
      () => this.cancel(),
    );
  }

  #wakeIdleWaiters(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
