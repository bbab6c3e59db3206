/**
 * Every watch on this node, fed from the state machine (WatchSource) by ONE
 * subscription: each applied batch is matched once against the live
 * watchers (WatcherIndex: a map for single keys, a list for ranges and
 * prefixes, O(E × (1 + R)) per batch of E events and R range watchers, plus
 * the events matched) and each watcher concerned gets one message per batch
 * (cut between revisions if large). Watchers with nothing matching cost nothing.
 *
 * A watch from a past revision first catches up from history, in chunks of
 * historyChunkBytes, asynchronously and outside the apply path, reading the
 * next chunk only once the previous one was taken by the transport. When
 * history is read through the current revision it goes live inside
 * WatchSource.exclusive(), where no batch is applied: nothing is missed in
 * between, and the events of a batch it already read from history are
 * ignored by revision (Watcher.next), so nothing is sent twice.
 *
 * A live watcher whose unsent messages pass maxBacklogBytes (a client that
 * reads too slowly) drops them and catches up again from history; if that
 * history was compacted meanwhile, its stream ends with CompactedError.
 * A snapshot restore ends every watcher that still needed an event at or
 * below the restored revision (history restarts there) with CompactedError.
 */
import { CompactedError, ShutdownError, TooManyWatchersError, errorMessage } from '../errors';
import type { AppliedBatch, WatchSource } from './watch-source';
import type { WatchEvent } from '../kv/records';
import { Watcher, type WatchSink, type WatchSpec } from './watcher';
import { WatcherIndex } from './watcher-index';

export const DEFAULT_PROGRESS_INTERVAL_MS = 5_000;
/** Per watcher: the most unsent message bytes before it falls back to history. */
export const DEFAULT_MAX_BACKLOG_BYTES = 4 * 1024 * 1024;
/** Bytes of keys and values read from history at once by a catching-up watcher. */
export const DEFAULT_HISTORY_CHUNK_BYTES = 1024 * 1024;
/** Soft size of one message's events; a single larger revision goes alone. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

export interface WatchHubHooks {
  /** A catch-up failed unexpectedly (not CompactedError); the watcher's stream ends with it. */
  onCatchUpError?(err: unknown): void;
}

export interface WatchHubOptions {
  readonly source: WatchSource;
  /** With progress_notify: a watch idle this long gets a progress notification. */
  readonly progressIntervalMs?: number;
  readonly maxBacklogBytes?: number;
  readonly historyChunkBytes?: number;
  readonly maxMessageBytes?: number;
  /** Open watches at most; one more is refused (TooManyWatchersError). */
  readonly maxWatchers?: number;
  readonly hooks?: WatchHubHooks;
  /**
   * Called before a watch is registered; throws to refuse it (a member whose
   * state diverged from the cluster's starts no watches: CorruptError).
   */
  readonly admit?: () => void;
}

export class WatchHub {
  readonly #source: WatchSource;
  readonly #progressIntervalMs: number;
  readonly #maxBacklogBytes: number;
  readonly #historyChunkBytes: number;
  readonly #maxMessageBytes: number;
  readonly #maxWatchers: number;
  readonly #hooks: WatchHubHooks;
  readonly #admit: () => void;
  readonly #all = new Set<Watcher>();
  readonly #live = new WatcherIndex<Watcher>();
  /** The revision of the last batch seen (or the source's at start): where live watchers stand. */
  #revision: number;
  readonly #unsubscribe: (() => void)[];
  readonly #progressTimer: NodeJS.Timeout;
  #closed = false;
  #eventsSent = 0;
  #refused = 0;

  constructor(opts: WatchHubOptions) {
    this.#source = opts.source;
    this.#progressIntervalMs = opts.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
    this.#maxBacklogBytes = opts.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES;
    this.#historyChunkBytes = opts.historyChunkBytes ?? DEFAULT_HISTORY_CHUNK_BYTES;
    this.#maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#maxWatchers = opts.maxWatchers ?? Number.POSITIVE_INFINITY;
    this.#hooks = opts.hooks ?? {};
    this.#admit = opts.admit ?? (() => undefined);
    this.#revision = this.#source.revision();
    this.#unsubscribe = [
      this.#source.onApplied((batch) => this.#onApplied(batch)),
      this.#source.onRestored((revision) => this.#onRestored(revision)),
    ];
    // One timer for all watchers. A watch idle for between one and two
    // intervals gets its notification: checking more often buys nothing.
    this.#progressTimer = setInterval(() => this.#notifyProgress(), this.#progressIntervalMs);
    this.#progressTimer.unref();
  }

  /** Open watches. */
  get size(): number {
    return this.#all.size;
  }

  /** Watches refused at maxWatchers since the hub started. */
  get refused(): number {
    return this.#refused;
  }

  /** Events handed to streams since the hub started. */
  get eventsSent(): number {
    return this.#eventsSent;
  }

  /**
   * Registers a watch. Its created message is queued at once, then events
   * follow (from history first when startRevision is in the past).
   * Throws CompactedError when startRevision is no longer retained, and
   * ShutdownError once the hub is closed.
   */
  watch(spec: WatchSpec, sink: WatchSink): Watcher {
    if (this.#closed) throw shuttingDown();
    this.#admit();
    if (this.#all.size >= this.#maxWatchers) {
      this.#refused += 1;
      throw new TooManyWatchersError(this.#all.size, this.#maxWatchers);
    }
    const current = this.#current();
    const compacted = this.#source.compactRevision();
    if (spec.startRevision !== 0 && spec.startRevision <= compacted) throw new CompactedError(spec.startRevision, compacted);
    const createdRevision = spec.startRevision === 0 ? current : spec.startRevision - 1;
    const watcher = new Watcher({
      spec,
      sink,
      createdRevision,
      maxMessageBytes: this.#maxMessageBytes,
      now: () => Date.now(),
      onEventsSent: (count) => {
        this.#eventsSent += count;
      },
      onClosed: (w) => {
        this.#all.delete(w);
        this.#live.remove(w);
      },
    });
    this.#all.add(watcher);
    if (watcher.next > current) {
      // Nothing to read from history: every later batch is delivered, and
      // this runs between batches (JS is single-threaded), so none is missed.
      watcher.goLive();
      this.#live.add(watcher);
    } else {
      this.#startCatchUp(watcher);
    }
    return watcher;
  }

  /** Ends every open watch with `err` (the hub goes on: new watches are admitted or refused as before). */
  failAll(err: Error): void {
    for (const w of [...this.#all]) w.fail(err);
  }

  /** Ends every watch with UNAVAILABLE "shutting down" and stops listening. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#progressTimer);
    for (const off of this.#unsubscribe) off();
    for (const w of [...this.#all]) w.fail(shuttingDown());
  }

  /** The newest revision applied, whichever of the source and its notifications is ahead. */
  #current(): number {
    return Math.max(this.#source.revision(), this.#revision);
  }

  #onApplied(batch: AppliedBatch): void {
    this.#revision = Math.max(this.#revision, batch.revision);
    if (this.#live.size === 0 || batch.events.length === 0) return;
    const matched = new Map<Watcher, WatchEvent[]>();
    const needBytes = this.#live.hasRanges;
    for (const event of batch.events) {
      const key = event.kv.key;
      this.#live.forEachMatch(key, needBytes ? Buffer.from(key, 'utf8') : undefined, (w) => {
        // Below next: already sent from history before the watcher went live.
        if (event.revision < w.next) return;
        let list = matched.get(w);
        if (list === undefined) matched.set(w, (list = []));
        list.push(event);
      });
    }
    for (const [w, events] of matched) {
      w.pushLive(events, batch.revision);
      if (w.queuedBytes > this.#maxBacklogBytes) {
        this.#live.remove(w);
        w.fallBehind(batch.revision + 1);
        this.#startCatchUp(w);
      }
    }
  }

  #onRestored(revision: number): void {
    // History now starts after `revision`: a watcher still needing an event
    // at or below it cannot be served without a gap.
    const before = this.#revision;
    this.#revision = Math.max(this.#revision, revision);
    for (const w of [...this.#all]) {
      const needs = w.mode === 'live' ? Math.max(w.next, before + 1) : w.next;
      if (needs <= revision) w.fail(new CompactedError(needs, revision));
    }
  }

  #notifyProgress(): void {
    const now = Date.now();
    for (const w of this.#all) {
      if (!w.progressNotify) continue;
      const idle = w.idleFor(now);
      if (idle === undefined || idle < this.#progressIntervalMs) continue;
      w.pushProgress(w.mode === 'live' ? Math.max(w.next - 1, this.#revision) : w.next - 1);
    }
  }

  #startCatchUp(w: Watcher): void {
    this.#catchUp(w).catch((err: unknown) => {
      // Closed meanwhile (cancelled, or the node is shutting down and closed its store): nothing to report.
      if (w.mode === 'closed') return;
      if (!(err instanceof CompactedError)) this.#hooks.onCatchUpError?.(err);
      w.fail(err instanceof Error ? err : new Error(errorMessage(err)));
    });
  }

  /** Reads history in chunks until the watcher reaches the current revision, then makes it live. */
  async #catchUp(w: Watcher): Promise<void> {
    while (w.mode === 'catching-up') {
      // Bounded memory: the next chunk only once the last one was taken.
      await w.whenIdle();
      if (w.mode !== 'catching-up') return;
      const target = this.#current();
      if (w.next > target) {
        const live = await this.#source.exclusive(async () => {
          if (w.mode !== 'catching-up') return true;
          // A batch applied since `target`: read it from history first.
          if (w.next <= this.#current()) return false;
          w.goLive();
          this.#live.add(w);
          return true;
        });
        if (live) return;
        continue;
      }
      const events = await this.#source.readHistory(w.next, target, this.#historyChunkBytes);
      if (w.mode !== 'catching-up') return;
      // A chunk cut by the byte cap ends at its last revision (complete: revisions are
      // never split). Whether it was cut is not told, so read on from there; an empty
      // read means nothing changed through target.
      const last = events[events.length - 1];
      w.pushHistory(events, last === undefined ? target : last.revision);
    }
  }
}

function shuttingDown(): ShutdownError {
  const err = new ShutdownError();
  // ShutdownError speaks of writes; a watch is not one.
  err.message = 'the node is shutting down; watch again through another node';
  return err;
}
