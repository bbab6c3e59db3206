/**
 * kvctl's calls to raftkv.cluster.v1.MaintenanceService besides Snapshot
 * (backup-client.ts): the alarm list, disarming, defragmentation.
 */
import * as grpc from '@grpc/grpc-js';
import { clientProtos } from '../server/client-protos';
import type { MaintenanceServiceClient } from '../generated/raftkv/cluster/v1/MaintenanceService';
import type { ListAlarmsResponse__Output } from '../generated/raftkv/cluster/v1/ListAlarmsResponse';
import type { DisarmAlarmsResponse__Output } from '../generated/raftkv/cluster/v1/DisarmAlarmsResponse';
import type { DefragmentResponse__Output } from '../generated/raftkv/cluster/v1/DefragmentResponse';
import type { AlarmType } from '../generated/raftkv/cluster/v1/AlarmType';
import { isConnectionFailure } from './kv-client';

export interface MaintenanceClientOptions {
  readonly credentials?: grpc.ChannelCredentials;
  readonly timeoutMs: number;
}

type Call<Res> = (client: MaintenanceServiceClient, deadline: grpc.Deadline, cb: grpc.requestCallback<Res>) => void;

/** One call on one endpoint. */
function once<Res>(endpoint: string, opts: MaintenanceClientOptions, call: Call<Res>): Promise<Res> {
  const client = new (clientProtos().cluster.raftkv.cluster.v1.MaintenanceService)(endpoint, opts.credentials ?? grpc.credentials.createInsecure());
  return new Promise<Res>((resolve, reject) => {
    call(client, Date.now() + opts.timeoutMs, (err, value) => {
      client.close();
      if (err) reject(err);
      else if (value === undefined) reject(new Error('empty response'));
      else resolve(value);
    });
  });
}

/** The first endpoint that can be reached answers (alarms are the same on every member). */
async function first<Res>(endpoints: readonly string[], opts: MaintenanceClientOptions, call: Call<Res>): Promise<Res> {
  let lastError: unknown;
  for (const endpoint of endpoints) {
    try {
      return await once(endpoint, opts, call);
    } catch (err) {
      lastError = err;
      if (!isConnectionFailure(err)) throw err;
    }
  }
  throw lastError;
}

export function listAlarms(endpoints: readonly string[], opts: MaintenanceClientOptions): Promise<ListAlarmsResponse__Output> {
  return first(endpoints, opts, (c, deadline, cb) => c.ListAlarms({}, { deadline }, cb));
}

export function disarmAlarms(endpoints: readonly string[], alarm: AlarmType, opts: MaintenanceClientOptions): Promise<DisarmAlarmsResponse__Output> {
  return first(endpoints, opts, (c, deadline, cb) => c.DisarmAlarms({ alarm }, { deadline }, cb));
}

export function defragment(endpoint: string, opts: MaintenanceClientOptions): Promise<DefragmentResponse__Output> {
  return once(endpoint, opts, (c, deadline, cb) => c.Defragment({}, { deadline }, cb));
}
