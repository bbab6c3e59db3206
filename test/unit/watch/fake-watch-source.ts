/**
 * An in-memory WatchSource with the contract's semantics, plus knobs to make
 * races happen on purpose: history reads can be held at a gate while batches
 * are applied, and exclusive() really excludes apply().
 */
import { CompactedError } from '../../../src/errors';
import type { KeyValueRecord, WatchEvent } from '../../../src/kv/records';
import type { AppliedBatch, WatchSource } from '../../../src/watch/watch-source';
import type { WatchMessage } from '../../../src/watch/watch-message';
import type { WatchSink } from '../../../src/watch/watcher';

export type Change = { readonly put: string; readonly value?: string } | { readonly del: string };

export class FakeWatchSource implements WatchSource {
  #revision = 0;
  #compact = 0;
  #history: WatchEvent[] = [];
  /** Every event ever applied, compaction or not: what a watcher should have seen. */
  readonly log: WatchEvent[] = [];
  readonly #state = new Map<string, KeyValueRecord>();
  readonly #applied = new Set<(b: AppliedBatch) => void>();
  readonly #restored = new Set<(r: number) => void>();
  #lock: Promise<void> = Promise.resolve();
  /** While set, readHistory waits for it before answering. */
  historyGate: Promise<void> | undefined;
  historyReads = 0;

  /**
   * lateNotifications: onApplied runs a moment after revision() and history
   * moved, outside exclusive() (a legal but unkind ordering): the hub must
   * neither repeat nor lose the batch's events.
   */
  constructor(readonly opts: { lateNotifications?: boolean } = {}) {}

  revision(): number {
    return this.#revision;
  }

  compactRevision(): number {
    return this.#compact;
  }

  async readHistory(fromRevision: number, toRevision: number, maxBytes: number): Promise<WatchEvent[]> {
    this.historyReads += 1;
    if (fromRevision <= this.#compact) throw new CompactedError(fromRevision, this.#compact);
    // Answer from the history as it is now, like a snapshot read, then maybe wait.
    const out: WatchEvent[] = [];
    let bytes = 0;
    for (const e of this.#history) {
      if (e.revision < fromRevision || e.revision > toRevision) continue;
      const last = out[out.length - 1];
      if (last !== undefined && last.revision !== e.revision && bytes >= maxBytes) break;
      out.push(e);
      bytes += Buffer.byteLength(e.kv.key) + e.kv.value.byteLength;
    }
    if (this.historyGate !== undefined) await this.historyGate;
    if (fromRevision <= this.#compact) throw new CompactedError(fromRevision, this.#compact);
    return out;
  }

  onApplied(listener: (batch: AppliedBatch) => void): () => void {
    this.#applied.add(listener);
    return () => this.#applied.delete(listener);
  }

  onRestored(listener: (revision: number) => void): () => void {
    this.#restored.add(listener);
    return () => this.#restored.delete(listener);
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn);
    this.#lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  get listeners(): number {
    return this.#applied.size + this.#restored.size;
  }

  /**
   * Applies one batch: each inner array is one revision (a transaction).
   * Runs under the same lock as exclusive(), like a state machine would.
   */
  apply(...revisions: Change[][]): Promise<AppliedBatch> {
    return this.exclusive(async () => this.applyNow(...revisions));
  }

  /** apply() without waiting for the lock (for tests that need a batch at a precise moment). */
  applyNow(...revisions: Change[][]): AppliedBatch {
    const events: WatchEvent[] = [];
    for (const changes of revisions) {
      if (changes.length === 0) continue;
      this.#revision += 1;
      const rev = this.#revision;
      for (const c of changes) {
        const key = 'put' in c ? c.put : c.del;
        const prev = this.#state.get(key);
        if ('put' in c) {
          const kv: KeyValueRecord = {
            key,
            value: Buffer.from(c.value ?? `${key}@${rev}`),
            createRevision: prev?.createRevision ?? rev,
            modRevision: rev,
            version: (prev?.version ?? 0) + 1,
            lease: '0',
          };
          this.#state.set(key, kv);
          events.push({ type: 'put', revision: rev, kv, ...(prev !== undefined ? { prevKv: prev } : {}) });
        } else {
          this.#state.delete(key);
          const kv: KeyValueRecord = { key, value: new Uint8Array(0), createRevision: 0, modRevision: rev, version: 0, lease: '0' };
          events.push({ type: 'delete', revision: rev, kv, ...(prev !== undefined ? { prevKv: prev } : {}) });
        }
      }
    }
    this.#history.push(...events);
    this.log.push(...events);
    const batch: AppliedBatch = { revision: this.#revision, events };
    const notify = (): void => {
      for (const l of this.#applied) l(batch);
    };
    if (this.opts.lateNotifications === true) setImmediate(notify);
    else notify();
    return batch;
  }

  /** Forgets history through `revision`. */
  compact(revision: number): void {
    this.#compact = revision;
    this.#history = this.#history.filter((e) => e.revision > revision);
  }

  /** A snapshot replaced the state at `revision`; history restarts there. */
  restore(revision: number): void {
    this.#revision = revision;
    this.#compact = revision;
    this.#history = [];
    for (const l of this.#restored) l(revision);
  }
}

/** Collects messages; with manual acks, send() resolves only when ack() is called (a slow client). */
export class RecordingSink implements WatchSink {
  readonly messages: WatchMessage[] = [];
  error: Error | undefined;
  readonly #pending: (() => void)[] = [];
  constructor(readonly manualAck = false) {}

  send(message: WatchMessage): Promise<void> {
    this.messages.push(message);
    if (!this.manualAck) return Promise.resolve();
    return new Promise((resolve) => this.#pending.push(resolve));
  }

  end(err: Error): void {
    if (this.error !== undefined) throw new Error('end called twice');
    this.error = err;
  }

  /** Lets the client take every message sent so far. */
  ack(): void {
    for (const r of this.#pending.splice(0)) r();
  }

  get pendingAcks(): number {
    return this.#pending.length;
  }

  /** Every event received, as "type key@revision". */
  events(): string[] {
    return this.messages.flatMap((m) => (m.kind === 'events' ? m.events.map((e) => `${e.type} ${e.kv.key}@${e.revision}`) : []));
  }

  revisions(): number[] {
    return this.messages.flatMap((m) => (m.kind === 'events' ? m.events.map((e) => e.revision) : []));
  }
}

/** Lets every pending promise, microtask and I/O callback run (no timers involved). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((r) => setImmediate(r));
}
