import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
// Every protobuf decode reads strings strictly (strict-utf8.ts); whoever loads our protos comes through here.
import './strict-utf8';

/**
 * The folder holding our .proto files. Source runs from `src/codec` and the
 * build from `dist/src/codec`, so look upward rather than hard-code the depth.
 */
export function protoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, 'raftkv'))) return candidate;
    dir = resolve(dir, '..');
  }
  throw new Error(`cannot find the proto/ folder above ${__dirname}`);
}

/** Proto files relative to protoRoot(), as grpc and protobufjs load them. */
export const PROTO_FILES = {
  kv: 'raftkv/kv/v1/kv.proto',
  cluster: 'raftkv/cluster/v1/cluster.proto',
  auth: 'raftkv/auth/v1/auth.proto',
  raft: 'raftkv/raft/v1/raft.proto',
  command: 'raftkv/raft/v1/command.proto',
} as const;
