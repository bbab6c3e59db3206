/**
 * The client-facing protos, loaded once with proto-loader. The same package
 * definition feeds the services, the reflection service (so grpcurl and
 * `buf curl` need no .proto files) and kvctl's typed clients.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { dirname, relative } from 'node:path';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { PROTO_FILES, protoRoot } from '../codec/proto-files';
import { addMissingImports } from './reflection-imports';
import type { ProtoGrpcType as KvProto } from '../generated/kv';
import type { ProtoGrpcType as ClusterProto } from '../generated/cluster';
import type { ProtoGrpcType as EtcdProto } from '../generated/rpc';
import type { ProtoGrpcType as AuthProto } from '../generated/auth';

/**
 * The health proto by a path relative to its package's proto folder, so the
 * reflection service describes it as "health/v1/health.proto": an absolute
 * file name makes reflection clients (buf curl, grpcurl) fail to find it.
 */
const HEALTH_PROTO_DIR = dirname(dirname(dirname(healthProtoPath)));
const HEALTH_PROTO_FILE = relative(HEALTH_PROTO_DIR, healthProtoPath);

/** Options matching `npm run generate`, so the generated types describe what we get. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [protoRoot(), HEALTH_PROTO_DIR],
};

/** The etcd v3 API (proto/etcd), served beside raftkv's own (src/etcd). */
const ETCD_PROTO_FILE = 'etcd/etcdserverpb/rpc.proto';

export interface ClientProtos {
  readonly definition: protoLoader.PackageDefinition;
  readonly kv: KvProto;
  readonly cluster: ClusterProto;
  readonly etcd: EtcdProto;
  readonly auth: AuthProto;
}

let cached: ClientProtos | undefined;

export function clientProtos(): ClientProtos {
  if (cached === undefined) {
    const definition = protoLoader.loadSync([PROTO_FILES.kv, PROTO_FILES.cluster, PROTO_FILES.auth, ETCD_PROTO_FILE, HEALTH_PROTO_FILE], LOADER_OPTIONS);
    addMissingImports(definition);
    const loaded = grpc.loadPackageDefinition(definition);
    cached = { definition, kv: loaded as unknown as KvProto, cluster: loaded as unknown as ClusterProto, etcd: loaded as unknown as EtcdProto, auth: loaded as unknown as AuthProto };
  }
  return cached;
}

