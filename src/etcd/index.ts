/**
 * etcd's v3 API on raftkv's client port, beside raftkv.kv.v1: the KV, Watch,
 * Lease, Cluster and Maintenance services of etcdserverpb, each mapped onto
 * the same KvApi, LeaseApi, WatchHub and Raft node the raftkv services use,
 * so both APIs see one state, one revision sequence and one set of leases.
 * docs/etcd-compatibility.md lists what is supported, per call and field.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ProtoGrpcType as EtcdProto } from '../generated/rpc';
import type { RaftNode } from '../node/raft-node';
import type { KvApi } from '../server/kv-api';
import type { LeaseApi } from '../server/lease-api';
import type { HandlerLogger } from '../server/unary';
import type { MaintenanceOps } from '../server/maintenance-ops';
import type { WatchHub } from '../watch/watch-hub';
import type { AuthApi } from '../auth/auth-api';
import { etcdAuthHandlers } from './auth-service';
import { etcdClusterHandlers } from './cluster-service';
import { etcdHeader } from './etcd-header';
import type { EtcdKvDeps } from './kv-service';
import { etcdKvHandlers } from './kv-service';
import { etcdLeaseHandlers } from './lease-service';
import { etcdMaintenanceHandlers, type EtcdMaintenanceDeps } from './maintenance-service';
import { etcdWatchHandler } from './watch-service';

export interface EtcdServicesDeps {
  readonly node: RaftNode;
  readonly clusterId: string;
  readonly advertiseClientAddr: string;
  readonly kv: KvApi;
  readonly leases: LeaseApi;
  readonly auth: AuthApi;
  /** The KV service's reads: refused on a member whose state diverged (read-guard.ts). */
  readonly reader: EtcdKvDeps['reader'];
  /** Maintenance Hash and HashKV: never refused, so an operator can compare a diverged member with the others. */
  readonly hashReader: EtcdKvDeps['reader'];
  readonly hub: WatchHub;
  readonly databaseSize: EtcdMaintenanceDeps['databaseSize'];
  /** A fresh backup stream per call (src/storage/backup-source.ts), as raftkv's MaintenanceService serves. */
  readonly backup: () => AsyncGenerator<Buffer>;
  /** Alarms and defragmentation (src/server/maintenance-ops.ts), shared with raftkv's MaintenanceService. */
  readonly maintenance: MaintenanceOps;
  readonly requestTimeoutMs: number;
  /** --max-keepalives-per-second, per LeaseKeepAlive stream. */
  readonly keepalivesPerSecond?: number;
  readonly logger: HandlerLogger;
}

/** Adds etcd's services to the client server. */
export function addEtcdServices(server: grpc.Server, proto: EtcdProto, deps: EtcdServicesDeps): void {
  const header = etcdHeader(deps.node, deps.clusterId);
  const revision = (): number => deps.reader.revision();
  const common = { header, revision, requestTimeoutMs: deps.requestTimeoutMs, logger: deps.logger };
  const pb = proto.etcdserverpb;
  server.addService(pb.KV.service, etcdKvHandlers({ ...common, api: deps.kv, node: deps.node, reader: deps.reader }));
  server.addService(pb.Watch.service, { Watch: etcdWatchHandler({ hub: deps.hub, header, revision, logger: deps.logger }) });
  server.addService(pb.Lease.service, etcdLeaseHandlers({ ...common, api: deps.leases, ...(deps.keepalivesPerSecond !== undefined && { keepalivesPerSecond: deps.keepalivesPerSecond }) }));
  server.addService(pb.Cluster.service, etcdClusterHandlers({ ...common, node: deps.node, advertiseClientAddr: deps.advertiseClientAddr }));
  server.addService(pb.Auth.service, etcdAuthHandlers({ ...common, api: deps.auth }));
  server.addService(pb.Maintenance.service, etcdMaintenanceHandlers({ ...common, node: deps.node, reader: deps.hashReader, databaseSize: deps.databaseSize, backup: deps.backup, ops: deps.maintenance }));
}
