/**
 * raftkv.cluster.v1.MaintenanceService: backups of this member's applied
 * state (backup-source.ts), the cluster's alarms and defragmentation
 * (maintenance-ops.ts). etcd's Maintenance service and the HTTP door's
 * GET /v1/snapshot serve the same capabilities.
 */
import type * as grpc from '@grpc/grpc-js';
import { InvalidArgumentError } from '../errors';
import type { Alarm } from '../generated/raftkv/cluster/v1/Alarm';
import type { AlarmType__Output } from '../generated/raftkv/cluster/v1/AlarmType';
import type { MaintenanceServiceHandlers } from '../generated/raftkv/cluster/v1/MaintenanceService';
import type { SnapshotResponse } from '../generated/raftkv/cluster/v1/SnapshotResponse';
import { isAlarmType, type AlarmRecord, type AlarmType } from '../kv/alarms';
import type { MaintenanceOps } from './maintenance-ops';
import { requestDeadline } from './request-context';
import { serverStream } from './server-stream';
import { unary, type HandlerLogger } from './unary';

export interface MaintenanceDeps {
  /** A fresh backup stream per call (backupStream bound to this node's store). */
  readonly backup: () => AsyncGenerator<Buffer>;
  readonly ops: MaintenanceOps;
  readonly requestTimeoutMs: number;
  readonly logger: HandlerLogger;
}

const alarmOut = (a: AlarmRecord): Alarm => ({ member_id: a.memberId, alarm: `ALARM_TYPE_${a.alarm}` });

/** The wire enum as an AlarmType; undefined for UNSPECIFIED (every type). */
function alarmTypeOf(value: AlarmType__Output): AlarmType | undefined {
  const name = typeof value === 'number' ? ['UNSPECIFIED', 'NOSPACE', 'CORRUPT'][value] : value.replace(/^ALARM_TYPE_/, '');
  if (name === 'UNSPECIFIED') return undefined;
  if (name === undefined || !isAlarmType(name)) throw new InvalidArgumentError('alarm', `must be ALARM_TYPE_NOSPACE, ALARM_TYPE_CORRUPT or unspecified (got ${String(value)})`);
  return name;
}

export function maintenanceServiceHandlers(deps: MaintenanceDeps): MaintenanceServiceHandlers {
  const { ops, logger } = deps;
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);
  return {
    Snapshot: serverStream('Snapshot', logger, async function* (): AsyncGenerator<SnapshotResponse> {
      for await (const blob of deps.backup()) yield { blob };
    }),
    ListAlarms: unary('ListAlarms', logger, async () => ({ alarms: ops.listAlarms().map(alarmOut) })),
    DisarmAlarms: unary('DisarmAlarms', logger, async (req, call) => ({ disarmed: (await ops.disarm(alarmTypeOf(req.alarm), deadlineOf(call))).map(alarmOut) })),
    Defragment: unary('Defragment', logger, async () => {
      const { before, after } = await ops.defragment();
      return { size_before: String(before), size_after: String(after) };
    }),
  };
}
