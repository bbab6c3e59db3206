/**
 * The follower's side of snapshots (docs/snapshots.md, "What the follower
 * does"): the core decides whether a streamed snapshot is wanted; the data
 * is installed only when a Ready hands the snapshot back. Installing first
 * and asking after once deleted entries this node had acknowledged.
 */
import { MessageType, NONE, message, type SnapshotMetadata } from '../raft/types';
import { snapshotItemBytes, type SnapshotHeader, type SnapshotItem } from '../codec/snapshot-codec';
import { FailedPreconditionError, NotAttemptedError, ShutdownError, errorMessage } from '../errors';
import type { SnapshotStaging } from '../storage/snapshot-staging';
import type { NodeContext } from './node-context';

/**
 * Received items are gathered up to this many bytes, then staged on disk in
 * one batch: what a transfer holds in memory, whatever the snapshot's size
 * (plus the one chunk that crosses it; the leader's chunks are at most 1 MiB
 * of keys and values). Reading stops while a batch is written, so gRPC's flow
 * control holds the leader back.
 */
export const STAGE_BATCH_BYTES = 4 * 1024 * 1024;

/** A snapshot received from the leader, stepped into the core, waiting for the Ready that adopts or declines it. */
export interface StagedSnapshot {
  readonly header: SnapshotHeader;
  /** The records, on disk. */
  readonly staging: SnapshotStaging;
  readonly started: number;
  /** Resolves receive(): true when installed, false when the core declined it. */
  readonly settle: (installed: boolean) => void;
  readonly fail: (err: Error) => void;
}

export class SnapshotReceiver {
  readonly #ctx: NodeContext;
  /** The data is installed: the node's applied index and address book follow it. */
  readonly #onInstalled: (meta: SnapshotMetadata, header: SnapshotHeader) => void;
  #receiving = false;
  #staged: StagedSnapshot | undefined;
  /** The most item bytes any transfer held in memory at once (for tests and the benchmark). */
  #peakBufferedBytes = 0;

  constructor(ctx: NodeContext, onInstalled: (meta: SnapshotMetadata, header: SnapshotHeader) => void) {
    this.#ctx = ctx;
    this.#onInstalled = onInstalled;
  }

  /**
   * A snapshot stream from the leader: stages the data, then steps the
   * MsgSnap into the core and waits for the next Ready to decide. Only the
   * leader this node knows may send one: a sender from an older term, or
   * another node than this term's known leader, is refused before and
   * after the transfer.
   */
  async receive(header: SnapshotHeader, chunks: AsyncIterable<readonly SnapshotItem[]>): Promise<{ term: number }> {
    const ctx = this.#ctx;
    ctx.assertOpen();
    if (this.#receiving) throw new NotAttemptedError('a snapshot is already being installed');
    this.#receiving = true;
    try {
      this.#checkSender(header);
      const started = performance.now();
      ctx.opts.logger.info({ from: header.from, index: header.metadata.index, term: header.metadata.term }, 'receiving a snapshot; staging it on disk');
      const staging = await ctx.opts.store.stageSnapshot();
      let installed = false;
      try {
        await this.#stage(chunks, staging);
        ctx.assertOpen();
        // The term may have moved on while the data streamed in.
        this.#checkSender(header);
        const meta = header.metadata;
        const decided = new Promise<boolean>((resolve, reject) => {
          this.#staged = { header, staging, started, settle: resolve, fail: reject };
        });
        try {
          ctx.raw.step(message({ type: MessageType.Snap, from: header.from, to: ctx.opts.id, term: header.term, snapshot: meta }));
        } catch (err) {
          this.#staged = undefined;
          throw err;
        }
        ctx.schedule();
        installed = await decided;
        if (!installed) ctx.opts.logger.info({ from: header.from, index: meta.index, term: meta.term }, 'the core declined a snapshot it does not need; its data was dropped');
        return { term: ctx.raw.status().term };
      } finally {
        // The install deleted the staged copy itself; otherwise it is dropped now rather than left on disk.
        if (!installed) await staging.discard().catch((err: unknown) => ctx.opts.logger.warn({ err: errorMessage(err) }, 'could not delete a staged snapshot; the next transfer or restart does'));
      }
    } finally {
      this.#receiving = false;
    }
  }

  /** The most item bytes a transfer has held in memory at once, since this node started. */
  peakBufferedBytes(): number {
    return this.#peakBufferedBytes;
  }

  /** Writes the stream to the staging area a bounded batch at a time. */
  async #stage(chunks: AsyncIterable<readonly SnapshotItem[]>, staging: SnapshotStaging): Promise<void> {
    let pending: SnapshotItem[] = [];
    let bytes = 0;
    const flush = async (): Promise<void> => {
      this.#peakBufferedBytes = Math.max(this.#peakBufferedBytes, bytes);
      const batch = pending;
      pending = [];
      bytes = 0;
      await staging.add(batch);
    };
    for await (const chunk of chunks) {
      for (const item of chunk) {
        pending.push(item);
        bytes += snapshotItemBytes(item);
      }
      if (bytes >= STAGE_BATCH_BYTES) await flush();
    }
    if (pending.length > 0) await flush();
  }

  /**
   * The Ready loop, just before it takes a Ready: the snapshot stepped into
   * the core so far, whose fate that Ready decides (the loop settles it).
   */
  takeStaged(): StagedSnapshot | undefined {
    const staged = this.#staged;
    this.#staged = undefined;
    return staged;
  }

  /** The node closes: a snapshot waiting for its Ready will not get one. */
  failStaged(): void {
    this.#staged?.fail(new ShutdownError());
    this.#staged = undefined;
  }

  /**
   * The core adopted a snapshot (a Ready's `snapshot`): the log now begins
   * after it. Past index 0 its data is the one staged (the only way a
   * MsgSnap past index 0 reaches the core), swapped in now with the applied
   * index, configuration and address book (snapshot-swap.ts: atomic across
   * a crash). Resolves whether data was installed.
   */
  async install(meta: SnapshotMetadata, staged: StagedSnapshot | undefined): Promise<boolean> {
    const { opts, log } = this.#ctx;
    if (meta.index === 0) {
      await opts.store.save({ entries: [], snapshot: meta }, true);
      log.applySnapshot(meta);
      opts.logger.info({ voters: meta.confState.voters, learners: meta.confState.learners }, 'installed the bootstrap configuration from the leader');
      return false;
    }
    const data = staged?.header.metadata;
    if (staged === undefined || data === undefined || data.index !== meta.index || data.term !== meta.term) {
      throw new Error(`the core adopted a snapshot at ${meta.index}/${meta.term} whose data was not received`);
    }
    const { header, staging } = staged;
    await opts.stateMachine.restore(meta.index, () => opts.store.installSnapshot({ metadata: meta, members: header.members, revision: header.revision ?? 0, staging }));
    log.applySnapshot(meta);
    this.#onInstalled(meta, header);
    const ms = performance.now() - staged.started;
    const { records, bytes } = staging.totals();
    opts.logger.info({ from: header.from, index: meta.index, term: meta.term, records, bytes, durationMs: Math.round(ms) }, 'installed snapshot');
    opts.events?.onSnapshot?.('installed', meta.index, ms);
    return true;
  }

  /** Refuses a snapshot from a stale leader or from anyone but this term's known leader. */
  #checkSender(header: SnapshotHeader): void {
    const { term, lead } = this.#ctx.raw.status();
    if (header.term < term) {
      throw new FailedPreconditionError(`refused a snapshot from ${header.from} in term ${header.term}: this node is in term ${term}, so the sender no longer leads`);
    }
    if (header.term === term && lead !== NONE && lead !== header.from) {
      throw new FailedPreconditionError(`refused a snapshot from ${header.from} in term ${term}: the leader of that term is ${lead}`);
    }
  }
}
