import { MemoryLevel } from 'memory-level';
import type { Db } from '../../../src/storage/kv-reads';
import type { Prng } from '../support/prng';

type Op = { readonly type: 'put'; readonly key: Uint8Array; readonly value: Uint8Array } | { readonly type: 'del'; readonly key: Uint8Array };

/** Faults a disk can be told to inject into its next writes. */
export interface DiskFaults {
  /** Virtual milliseconds a synced write takes (a slow fsync). */
  syncMs(): number;
  /** Whether this synced write fails (an I/O error: LevelDB reports it and writes nothing). */
  failSync(): boolean;
}

/**
 * One node's disk, with LevelDB's crash semantics: a write with `sync`
 * survives a crash once it resolved; an unsynced write may be lost — and,
 * as the write-ahead log is sequential, if one survives so does every write
 * before it. A crash keeps a random prefix of the writes not yet known to be
 * synced. Each incarnation runs on its own in-memory database rebuilt from
 * what survived, so the production RaftStore opens it exactly as it opens a
 * data dir after a power cut.
 */
export class SimDisk {
  readonly name: string;
  /** What a crash cannot take away, as hex key → value. */
  readonly #durable = new Map<string, Uint8Array>();
  /** Writes issued after the last one known synced, in order, each with its place in the log. */
  #unsynced: { readonly seq: number; readonly ops: readonly Op[] }[] = [];
  #nextSeq = 0;
  #db: MemoryLevel<Uint8Array, Uint8Array> | undefined;
  /** Bumped by each crash: writes of an earlier incarnation then fail and change nothing. */
  #incarnation = 0;
  faults: DiskFaults | undefined;

  constructor(name: string) {
    this.name = name;
  }

  /** A fresh database holding exactly what survived, for the next incarnation of the node. */
  async open(): Promise<Db> {
    const db = new MemoryLevel<Uint8Array, Uint8Array>({ keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    if (this.#durable.size > 0) {
      await db.batch([...this.#durable].map(([hex, value]) => ({ type: 'put' as const, key: Buffer.from(hex, 'hex'), value })));
    }
    const incarnation = this.#incarnation;
    const write = db.batch.bind(db) as (ops: Op[]) => Promise<void>;
    // Call order is log order. RaftStore's two lanes overlap, so an unsynced
    // write may be issued while a sync runs: that sync makes durable only the
    // writes issued before it and itself, never one that came in meanwhile.
    const batch = async (ops: Op[], options?: { sync?: boolean }): Promise<void> => {
      if (incarnation !== this.#incarnation) throw new Error(`${this.name}: the node crashed; this write never reached the disk`);
      const sync = options?.sync === true;
      // In the write-ahead log from now on: a crash keeps it or not (a random
      // prefix), even while its fsync is still running or after the fsync failed.
      const seq = this.#nextSeq++;
      this.#unsynced.push({ seq, ops });
      if (sync) {
        const ms = this.faults?.syncMs() ?? 0;
        if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
        if (incarnation !== this.#incarnation) throw new Error(`${this.name}: the node crashed during the sync`);
        if (this.faults?.failSync() === true) throw new Error(`${this.name}: injected I/O error on sync`);
      }
      await write(ops);
      if (sync && incarnation === this.#incarnation) this.#makeDurable(this.#unsynced.filter((w) => w.seq <= seq).length);
    };
    // The store calls batch(ops, { sync }) only; approximateSize exists only on LevelDB.
    Object.assign(db, { batch, approximateSize: async () => 0 });
    this.#db = db;
    // A MemoryLevel serves the subset of classic-level's API RaftStore uses (checked by the tests that run on it).
    return db as unknown as Db;
  }

  /**
   * Power cut: every unsynced write after a random point is lost. The open
   * database is abandoned (its later writes fail); open() starts afresh.
   */
  crash(prng: Prng): { readonly kept: number; readonly lost: number } {
    this.#incarnation += 1;
    const kept = prng.int(this.#unsynced.length + 1);
    const lost = this.#unsynced.length - kept;
    this.#makeDurable(kept);
    this.#unsynced = [];
    const db = this.#db;
    this.#db = undefined;
    void db?.close().catch(() => undefined);
    return { kept, lost };
  }

  #makeDurable(count: number): void {
    for (const { ops } of this.#unsynced.splice(0, count)) {
      for (const op of ops) {
        const hex = Buffer.from(op.key).toString('hex');
        if (op.type === 'put') this.#durable.set(hex, op.value);
        else this.#durable.delete(hex);
      }
    }
  }
}
