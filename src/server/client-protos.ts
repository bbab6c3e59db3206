/**
 * The client-facing protos, loaded once with proto-loader. The same package
 * definition feeds the services, the reflection service (so grpcurl and
 * `buf curl` need no .proto files) and kvctl's typed clients.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { PROTO_FILES, protoRoot } from '../codec/proto-files';
import type { ProtoGrpcType as KvProto } from '../generated/kv';
import type { ProtoGrpcType as ClusterProto } from '../generated/cluster';

/** Options matching `npm run generate`, so the generated types describe what we get. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [protoRoot()],
};

let cached: { definition: protoLoader.PackageDefinition; kv: KvProto; cluster: ClusterProto } | undefined;

export function clientProtos(): { definition: protoLoader.PackageDefinition; kv: KvProto; cluster: ClusterProto } {
  if (cached === undefined) {
    const definition = protoLoader.loadSync([PROTO_FILES.kv, PROTO_FILES.cluster, healthProtoPath], LOADER_OPTIONS);
    const loaded = grpc.loadPackageDefinition(definition);
    cached = { definition, kv: loaded as unknown as KvProto, cluster: loaded as unknown as ClusterProto };
  }
  return cached;
}
