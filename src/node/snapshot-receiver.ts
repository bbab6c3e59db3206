/**
 * The follower's side of snapshots (docs/snapshots.md, "What the follower
 * does"): the core decides whether a streamed snapshot is wanted; the data
 * is installed only when a Ready hands the snapshot back. Installing first
 * and asking after once deleted entries this node had acknowledged.
 */
import { MessageType, NONE, message, type SnapshotMetadata } from '../raft/types';
import { snapshotItemBytes, type SnapshotHeader, type SnapshotItem } from '../codec/snapshot-codec';
import { FailedPreconditionError, NotAttemptedError, ShutdownError } from '../errors';
import type { NodeContext } from './node-context';

/** A follower stages a received snapshot in memory; one larger than this is refused. */
const MAX_STAGED_SNAPSHOT_BYTES = 1024 * 1024 * 1024;

/** A snapshot received from the leader, stepped into the core, waiting for the Ready that adopts or declines it. */
export interface StagedSnapshot {
  readonly header: SnapshotHeader;
  readonly items: readonly SnapshotItem[];
  readonly bytes: number;
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
      const items: SnapshotItem[] = [];
      let bytes = 0;
      for await (const batch of chunks) {
        for (const item of batch) {
          bytes += snapshotItemBytes(item);
          items.push(item);
        }
        if (bytes > MAX_STAGED_SNAPSHOT_BYTES) throw new FailedPreconditionError(`snapshot exceeds the ${MAX_STAGED_SNAPSHOT_BYTES} bytes a follower stages`);
      }
      ctx.assertOpen();
      // The term may have moved on while the data streamed in.
      this.#checkSender(header);
      const meta = header.metadata;
      const decided = new Promise<boolean>((resolve, reject) => {
        this.#staged = { header, items, bytes, started, settle: resolve, fail: reject };
      });
      try {
        ctx.raw.step(message({ type: MessageType.Snap, from: header.from, to: ctx.opts.id, term: header.term, snapshot: meta }));
      } catch (err) {
        this.#staged = undefined;
        throw err;
      }
      ctx.schedule();
      const installed = await decided;
      if (!installed) ctx.opts.logger.info({ from: header.from, index: meta.index, term: meta.term }, 'the core declined a snapshot it does not need; its data was dropped');
      return { term: ctx.raw.status().term };
    } finally {
      this.#receiving = false;
    }
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
   * MsgSnap past index 0 reaches the core), installed now in one synced
   * batch with the applied index, configuration and address book. Resolves
   * whether data was installed.
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
    const { header, items } = staged;
    await opts.stateMachine.restore(meta.index, () => opts.store.installSnapshot({ metadata: meta, members: header.members, revision: header.revision ?? 0, items }));
    log.applySnapshot(meta);
    this.#onInstalled(meta, header);
    const ms = performance.now() - staged.started;
    opts.logger.info({ from: header.from, index: meta.index, term: meta.term, items: items.length, bytes: staged.bytes, durationMs: Math.round(ms) }, 'installed snapshot');
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
