/**
 * The maintenance capabilities behind both doors (raftkv's
 * MaintenanceService and etcd's Maintenance): the alarm list, disarming, and
 * defragmentation. Alarms change only through the log (the `alarm` command),
 * so every member lists the same set once it has applied them.
 */
import { FailedPreconditionError } from '../errors';
import type { AlarmRecord, AlarmType } from '../kv/alarms';
import { encodeCommand } from '../kv/command';
import type { Logger } from '../logger';
import { databaseBytes } from '../storage/database-size';

export interface MaintenanceOpsDeps {
  readonly dataDir: string;
  readonly quotaBytes: number;
  /** This member's free disk bytes when under --disk-reserve-bytes (SpaceMonitor.lowDisk). */
  readonly lowDisk: () => number | undefined;
  readonly alarms: () => readonly AlarmRecord[];
  readonly propose: (command: Uint8Array, deadline: Date) => Promise<unknown>;
  readonly compactDatabase: () => Promise<void>;
  /** Measures the size again after a defragmentation, so the metric follows at once. */
  readonly measure: () => Promise<number>;
  readonly logger: Logger;
}

export class MaintenanceOps {
  readonly #deps: MaintenanceOpsDeps;

  constructor(deps: MaintenanceOpsDeps) {
    this.#deps = deps;
  }

  listAlarms(): readonly AlarmRecord[] {
    return this.#deps.alarms();
  }

  /**
   * Clears the active alarms of `type` (all when undefined), one log entry
   * each, and returns those it cleared. NOSPACE only once this member's
   * database is back under the quota: cleared above it, it would be raised
   * again at the next check anyway, and meanwhile writes would fill the disk.
   */
  async disarm(type: AlarmType | undefined, deadline: Date, memberId?: string): Promise<readonly AlarmRecord[]> {
    const d = this.#deps;
    const targets = d.alarms().filter((a) => (type === undefined || a.alarm === type) && (memberId === undefined || a.memberId === memberId));
    if (targets.some((a) => a.alarm === 'NOSPACE')) {
      const bytes = await databaseBytes(d.dataDir);
      if (bytes > d.quotaBytes) {
        throw new FailedPreconditionError(
          `the database is still over --quota-backend-bytes (${bytes} > ${d.quotaBytes} bytes): delete keys and defragment (kvctl defrag) first, then disarm`,
        );
      }
      await d.measure();
      const free = d.lowDisk();
      if (free !== undefined) {
        throw new FailedPreconditionError(`the disk is still almost full (${free} bytes free, under --disk-reserve-bytes): free space (delete keys, kvctl defrag, or other files) first, then disarm`);
      }
    }
    for (const a of targets) {
      await d.propose(encodeCommand({ op: 'alarm', action: 'deactivate', memberId: a.memberId, alarm: a.alarm }), deadline);
      d.logger.info({ memberId: a.memberId, alarm: a.alarm }, 'alarm disarmed');
    }
    return targets;
  }

  /** Raises an alarm by hand (etcd's Alarm ACTIVATE), through the log like the automatic ones. */
  async raise(memberId: string, type: AlarmType, deadline: Date): Promise<void> {
    await this.#deps.propose(encodeCommand({ op: 'alarm', action: 'activate', memberId, alarm: type }), deadline);
  }

  /** Compacts this member's LevelDB and returns its size on disk before and after. */
  async defragment(): Promise<{ before: number; after: number }> {
    const d = this.#deps;
    const before = await databaseBytes(d.dataDir);
    const started = Date.now();
    await d.compactDatabase();
    const after = await d.measure();
    d.logger.info({ before, after, durationMs: Date.now() - started }, 'defragmented the database');
    return { before, after };
  }
}
