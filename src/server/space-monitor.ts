/**
 * Watches this member's space: its database size on disk (database-size.ts)
 * against --quota-backend-bytes, and the free space of the filesystem holding
 * it against --disk-reserve-bytes. Either crossed, it raises the NOSPACE
 * alarm for this member through the log, as etcd does for its quota: every
 * member then refuses writes that add data (space-guard.ts) until an
 * operator frees space and disarms it (kvctl alarm disarm, which checks
 * again). The reserve is what keeps a full disk from ever failing a write:
 * all replicas grow alike, so a write failing for want of space would fail
 * on every member at once, and a delete is itself a write.
 *
 * Clearing is never automatic: a cluster bouncing in and out of its quota
 * would make clients flap.
 */
import { statfs } from 'node:fs/promises';
import { errorMessage } from '../errors';
import type { AlarmRecord } from '../kv/alarms';
import { encodeCommand } from '../kv/command';
import type { Logger } from '../logger';
import { databaseBytes } from '../storage/database-size';

/** How often space is measured: often enough that a fast writer cannot eat the reserve between two checks. */
export const SPACE_CHECK_MS = 250;

export interface SpaceMonitorOptions {
  readonly nodeId: string;
  readonly dataDir: string;
  readonly quotaBytes: number;
  readonly reserveBytes: number;
  readonly alarms: () => readonly AlarmRecord[];
  readonly propose: (command: Uint8Array, deadline: Date) => Promise<unknown>;
  readonly logger: Logger;
  readonly intervalMs?: number;
}

/** What one measurement found. */
export interface SpaceReading {
  readonly databaseBytes: number;
  /** Bytes free on the data dir's filesystem (for unprivileged users). */
  readonly freeBytes: number;
}

export class SpaceMonitor {
  readonly #opts: SpaceMonitorOptions;
  #timer: NodeJS.Timeout | undefined;
  #last: SpaceReading = { databaseBytes: 0, freeBytes: Number.MAX_SAFE_INTEGER };
  #raising = false;

  constructor(opts: SpaceMonitorOptions) {
    this.#opts = opts;
  }

  get last(): SpaceReading {
    return this.#last;
  }

  /** Free bytes when under the reserve (this member must refuse writes that add data at once), else undefined. */
  lowDisk(): number | undefined {
    return this.#last.freeBytes < this.#opts.reserveBytes ? this.#last.freeBytes : undefined;
  }

  start(): void {
    this.#timer = setInterval(() => void this.check(), this.#opts.intervalMs ?? SPACE_CHECK_MS);
    this.#timer.unref();
    void this.check();
  }

  /** Measures now; raises NOSPACE for this member when over the quota or under the reserve and not raised yet. */
  async check(): Promise<SpaceReading> {
    const o = this.#opts;
    try {
      const [bytes, fs] = await Promise.all([databaseBytes(o.dataDir), statfs(o.dataDir)]);
      this.#last = { databaseBytes: bytes, freeBytes: Number(fs.bavail) * Number(fs.bsize) };
    } catch (err) {
      o.logger.warn({ err: errorMessage(err) }, 'cannot measure the database size or the free disk space');
      return this.#last;
    }
    const { databaseBytes: bytes, freeBytes } = this.#last;
    const reason =
      bytes > o.quotaBytes
        ? `database over --quota-backend-bytes (${bytes} > ${o.quotaBytes} bytes)`
        : freeBytes < o.reserveBytes
          ? `disk almost full: ${freeBytes} bytes free on the filesystem of ${o.dataDir}, under --disk-reserve-bytes (${o.reserveBytes})`
          : undefined;
    const raised = o.alarms().some((a) => a.memberId === o.nodeId && a.alarm === 'NOSPACE');
    if (reason !== undefined && !raised && !this.#raising) {
      this.#raising = true;
      o.logger.warn({ databaseBytes: bytes, freeBytes, quotaBytes: o.quotaBytes, reserveBytes: o.reserveBytes }, `${reason}: raising the NOSPACE alarm; writes that add data are refused cluster-wide`);
      try {
        await o.propose(encodeCommand({ op: 'alarm', action: 'activate', memberId: o.nodeId, alarm: 'NOSPACE' }), new Date(Date.now() + 5_000));
      } catch (err) {
        // No leader, or the deadline passed: the next check tries again.
        o.logger.warn({ err: errorMessage(err) }, 'could not raise the NOSPACE alarm yet; retrying');
      } finally {
        this.#raising = false;
      }
    }
    return this.#last;
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
