/**
 * Watches this member's database size (database-size.ts) against
 * --quota-backend-bytes, and raises the NOSPACE alarm for it through the log
 * once it is over, as etcd does: every member then refuses writes that add
 * data (space-guard.ts) until an operator frees space and disarms it (kvctl
 * alarm disarm, which checks the size again). Clearing is never automatic: a
 * cluster that bounced in and out of its quota would make clients flap.
 */
import { errorMessage } from '../errors';
import type { AlarmRecord } from '../kv/alarms';
import { encodeCommand } from '../kv/command';
import type { Logger } from '../logger';
import { databaseBytes } from '../storage/database-size';

/** How often the size is measured: a quota is a soft bound, a second late is fine. */
export const SPACE_CHECK_MS = 1_000;

export interface SpaceMonitorOptions {
  readonly nodeId: string;
  readonly dataDir: string;
  readonly quotaBytes: number;
  readonly alarms: () => readonly AlarmRecord[];
  readonly propose: (command: Uint8Array, deadline: Date) => Promise<unknown>;
  readonly logger: Logger;
  readonly intervalMs?: number;
}

export class SpaceMonitor {
  readonly #opts: SpaceMonitorOptions;
  #timer: NodeJS.Timeout | undefined;
  #bytes = 0;
  #raising = false;

  constructor(opts: SpaceMonitorOptions) {
    this.#opts = opts;
  }

  /** The size last measured, in bytes (the raftkv_db_size_bytes metric). */
  get bytes(): number {
    return this.#bytes;
  }

  start(): void {
    this.#timer = setInterval(() => void this.check(), this.#opts.intervalMs ?? SPACE_CHECK_MS);
    this.#timer.unref();
    void this.check();
  }

  /** Measures now; raises NOSPACE for this member when over the quota and not raised yet. Returns the size. */
  async check(): Promise<number> {
    const o = this.#opts;
    try {
      this.#bytes = await databaseBytes(o.dataDir);
    } catch (err) {
      o.logger.warn({ err: errorMessage(err) }, 'cannot measure the database size');
      return this.#bytes;
    }
    const raised = o.alarms().some((a) => a.memberId === o.nodeId && a.alarm === 'NOSPACE');
    if (this.#bytes > o.quotaBytes && !raised && !this.#raising) {
      this.#raising = true;
      o.logger.warn({ bytes: this.#bytes, quotaBytes: o.quotaBytes }, 'database over --quota-backend-bytes: raising the NOSPACE alarm; writes that add data will be refused cluster-wide');
      try {
        await o.propose(encodeCommand({ op: 'alarm', action: 'activate', memberId: o.nodeId, alarm: 'NOSPACE' }), new Date(Date.now() + 5_000));
      } catch (err) {
        // No leader, or the deadline passed: the next check tries again.
        o.logger.warn({ err: errorMessage(err) }, 'could not raise the NOSPACE alarm yet; retrying');
      } finally {
        this.#raising = false;
      }
    }
    return this.#bytes;
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
