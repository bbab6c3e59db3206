/**
 * A minimal etcd v3 KV client for the bench: Put and Range through raftkv's
 * etcd API (etcdserverpb.KV), on one endpoint, so the etcd path is measured
 * with the same load loop as raftkv.kv.v1 (KvClient).
 */
import * as grpc from '@grpc/grpc-js';
import type { KVClient } from '../src/generated/etcdserverpb/KV';
import type { PutResponse__Output } from '../src/generated/etcdserverpb/PutResponse';
import type { RangeResponse__Output } from '../src/generated/etcdserverpb/RangeResponse';
import { clientProtos } from '../src/server/client-protos';

export class EtcdKvClient {
  readonly #kv: KVClient;
  readonly #timeoutMs: number;

  constructor(endpoint: string, timeoutMs: number) {
    this.#kv = new (clientProtos().etcd.etcdserverpb.KV)(endpoint, grpc.credentials.createInsecure());
    this.#timeoutMs = timeoutMs;
  }

  put(key: string, value: Buffer): Promise<PutResponse__Output> {
    return new Promise((resolve, reject) =>
      this.#kv.Put({ key: Buffer.from(key), value }, { deadline: Date.now() + this.#timeoutMs }, (err, res) => (err || !res ? reject(err ?? new Error('no response')) : resolve(res))),
    );
  }

  /** One key; `serializable` reads the local node at once, as etcd's Range does. */
  get(key: string, serializable = false): Promise<RangeResponse__Output> {
    return new Promise((resolve, reject) =>
      this.#kv.Range({ key: Buffer.from(key), serializable }, { deadline: Date.now() + this.#timeoutMs }, (err, res) => (err || !res ? reject(err ?? new Error('no response')) : resolve(res))),
    );
  }

  close(): void {
    this.#kv.close();
  }
}
