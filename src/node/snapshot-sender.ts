/**
 * The leader's side of snapshots, and compaction (docs/snapshots.md): the
 * applied state in the database IS the snapshot, so compaction only drops
 * the log below it, and a follower whose next entry is compacted gets the
 * applied state streamed from a consistent database read.
 */
import { MessageType, type ConfState, type Message, type NodeId } from '../raft/types';
import { chunkItems, type SnapshotHeader } from '../codec/snapshot-codec';
import { errorMessage } from '../errors';
import type { NodeContext } from './node-context';

const DEFAULT_SNAPSHOT_ENTRIES = 10_000;
/** Entries kept below the applied index at compaction, so a slightly-behind follower catches up from the log. */
const MAX_SNAPSHOT_TAIL_ENTRIES = 1_000;
/** A snapshot stream must finish within this long, or the leader gives up and retries later. */
const SNAPSHOT_STREAM_TIMEOUT_MS = 10 * 60_000;

export class SnapshotSender {
  readonly #ctx: NodeContext;
  readonly #snapshotEntries: number;
  /** Streams to followers, by peer; aborted when this node stops leading. */
  readonly #streams = new Map<NodeId, AbortController>();

  constructor(ctx: NodeContext) {
    this.#ctx = ctx;
    this.#snapshotEntries = ctx.opts.snapshotEntries ?? DEFAULT_SNAPSHOT_ENTRIES;
  }

  /**
   * Sends the leader's early messages. A MsgSnap carries metadata only: the
   * index-0 bootstrap snapshot a joining node needs has no data, so it is
   * done once sent; past index 0 the state is streamed.
   */
  sendEarly(messages: readonly Message[]): void {
    const { opts, raw } = this.#ctx;
    opts.transport.send(messages.filter((m) => m.type !== MessageType.Snap || (m.snapshot?.index ?? 0) === 0));
    for (const m of messages) {
      if (m.type !== MessageType.Snap) continue;
      if ((m.snapshot?.index ?? 0) === 0) raw.reportSnapshot(m.to, 'finish');
      else if (!this.#streams.has(m.to)) void this.#stream(m.to, m.term);
    }
  }

  /** Stops every outgoing stream (the receiver sees its stream fail and keeps its state). */
  abortAll(reason: string): void {
    for (const abort of this.#streams.values()) abort.abort(new Error(reason));
    this.#streams.clear();
  }

  /**
   * Stops the streams to nodes the configuration no longer holds: a removed
   * member needs no snapshot, and the stream would keep a consistent
   * database read open on the leader until it ended (up to
   * SNAPSHOT_STREAM_TIMEOUT_MS). The core forgot the target with its
   * progress, so nothing is reported back.
   */
  abortLeavers(confState: ConfState): void {
    const members = new Set([...confState.voters, ...confState.learners]);
    for (const [to, abort] of this.#streams) {
      if (members.has(to)) continue;
      abort.abort(new Error(`${to} left the configuration`));
      this.#streams.delete(to);
    }
  }

  /**
   * Once applied runs snapshotEntries past the log's beginning, drops the
   * log up to applied − tail (the tail lets a follower slightly behind catch
   * up from the log rather than by snapshot). The configuration recorded is
   * the one in force at that index, as docs/membership.md requires.
   */
  maybeCompact(): void {
    const { opts, raw, log } = this.#ctx;
    const applied = this.#ctx.applied();
    const tail = Math.min(MAX_SNAPSHOT_TAIL_ENTRIES, this.#snapshotEntries);
    // Only what the core has seen applied (advance): it may still read the entries of the Ready in flight.
    const through = Math.min(applied, raw.status().applied) - tail;
    const first = log.firstIndex();
    if (through - (first - 1) < this.#snapshotEntries || through > log.lastIndex()) return;
    const started = performance.now();
    const confState = raw.confStateAt(through);
    log.compact(through, confState);
    opts.store.compact(through, confState).then(
      () => {
        const ms = performance.now() - started;
        opts.logger.info({ index: through, applied, firstIndex: through + 1, durationMs: Math.round(ms) }, 'snapshot taken');
        opts.events?.onSnapshot?.('taken', through, ms);
      },
      (err: unknown) => opts.logger.warn({ index: through, err: errorMessage(err) }, 'log compaction failed; the log keeps its entries'),
    );
  }

  /**
   * Streams the applied state to `to`, whose next entry is compacted. The
   * metadata sent is the applied index as of the consistent database read,
   * not the core's (older) snapshot index: the data must match its
   * metadata, and the core only needs the follower to end at or past the
   * snapshot it asked for, which applied >= snapshot index ensures.
   */
  async #stream(to: NodeId, term: number): Promise<void> {
    const ctx = this.#ctx;
    const { opts } = ctx;
    const abort = new AbortController();
    this.#streams.set(to, abort);
    const started = performance.now();
    let outcome: 'finish' | 'failure' = 'failure';
    try {
      if (opts.transport.installSnapshot === undefined) throw new Error('this transport cannot stream snapshots');
      const read = await opts.store.openSnapshotRead();
      try {
        abort.signal.throwIfAborted();
        const header: SnapshotHeader = { clusterId: opts.clusterId, from: opts.id, to, term, metadata: read.metadata, members: read.members, revision: read.revision };
        opts.logger.info({ to, index: read.metadata.index }, `sending a snapshot to ${to}`);
        await opts.transport.installSnapshot(to, header, untilAborted(chunkItems(read.items), abort.signal), new Date(Date.now() + SNAPSHOT_STREAM_TIMEOUT_MS));
        outcome = 'finish';
        opts.logger.info({ to, index: read.metadata.index, durationMs: Math.round(performance.now() - started) }, `sent a snapshot to ${to}`);
      } finally {
        await read.close();
      }
    } catch (err) {
      opts.logger.warn({ to, err: errorMessage(abort.signal.aborted ? abort.signal.reason : err) }, `snapshot to ${to} stopped; a leader retries later`);
    } finally {
      if (this.#streams.get(to) === abort) this.#streams.delete(to);
      if (!ctx.stopped() && !abort.signal.aborted) {
        ctx.raw.reportSnapshot(to, outcome);
        ctx.schedule();
      }
    }
  }
}

/** Passes `source` through until `signal` aborts, then throws its reason (which cancels the stream that reads it). */
async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  for await (const item of source) {
    signal.throwIfAborted();
    yield item;
  }
}
