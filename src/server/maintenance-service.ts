/**
 * raftkv.cluster.v1.MaintenanceService: backups of this member's applied
 * state (backup-source.ts). etcd's Maintenance.Snapshot and the HTTP door's
 * GET /v1/snapshot serve the same stream.
 */
import type { MaintenanceServiceHandlers } from '../generated/raftkv/cluster/v1/MaintenanceService';
import type { SnapshotResponse } from '../generated/raftkv/cluster/v1/SnapshotResponse';
import { serverStream } from './server-stream';
import type { HandlerLogger } from './unary';

export interface MaintenanceDeps {
  /** A fresh backup stream per call (backupStream bound to this node's store). */
  readonly backup: () => AsyncGenerator<Buffer>;
  readonly logger: HandlerLogger;
}

export function maintenanceServiceHandlers(deps: MaintenanceDeps): MaintenanceServiceHandlers {
  return {
    Snapshot: serverStream('Snapshot', deps.logger, async function* (): AsyncGenerator<SnapshotResponse> {
      for await (const blob of deps.backup()) yield { blob };
    }),
  };
}
