#!/usr/bin/env bash
# npm run generate: TypeScript types for the client-facing protos
# (proto-loader-gen-types), then one comment on the only `any` they contain.
set -euo pipefail
cd "$(dirname "$0")/.."
npx proto-loader-gen-types raftkv/kv/v1/kv.proto raftkv/cluster/v1/cluster.proto raftkv/auth/v1/auth.proto etcd/etcdserverpb/rpc.proto \
  --keepCase --longs=String --enums=String --defaults --oneofs --includeComments \
  --grpcLib=@grpc/grpc-js --outDir=src/generated --includeDirs=proto
# The generator's SubtypeConstructor helper matches any constructor, which
# TypeScript can only spell with `any`; it never reaches our own types.
for f in src/generated/kv.ts src/generated/cluster.ts src/generated/auth.ts src/generated/rpc.ts; do
  sed -i 's|^type SubtypeConstructor<|// `any` below is the generator'"'"'s: it matches any constructor and never reaches our types.\ntype SubtypeConstructor<|' "$f"
done
