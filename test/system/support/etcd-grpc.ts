/**
 * A gRPC client of the etcd v3 API built from raftkv's own proto/etcd files.
 * Used against a real etcd it proves those files match etcd's wire contract;
 * against raftkv it reaches what etcdctl never sends (watch filters, progress
 * requests, ignore_value...).
 */
import * as grpc from '@grpc/grpc-js';
import { clientProtos } from '../../../src/server/client-protos';
import type { WatchRequest } from '../../../src/generated/etcdserverpb/WatchRequest';
import type { WatchResponse__Output } from '../../../src/generated/etcdserverpb/WatchResponse';
import { waitFor } from '../../support/wait';

type Callback<Res> = (err: grpc.ServiceError | null, res?: Res) => void;
type UnaryMethod<Req, Res> = (req: Req, opts: grpc.CallOptions, cb: Callback<Res>) => grpc.ClientUnaryCall;

const CALL_TIMEOUT_MS = 10_000;

export class EtcdGrpc {
  readonly kv: grpc.Client;
  readonly watch: grpc.Client;
  readonly lease: grpc.Client;
  readonly cluster: grpc.Client;
  readonly maintenance: grpc.Client;

  constructor(endpoint: string) {
    const pb = clientProtos().etcd.etcdserverpb;
    const insecure = grpc.credentials.createInsecure();
    this.kv = new pb.KV(endpoint, insecure);
    this.watch = new pb.Watch(endpoint, insecure);
    this.lease = new pb.Lease(endpoint, insecure);
    this.cluster = new pb.Cluster(endpoint, insecure);
    this.maintenance = new pb.Maintenance(endpoint, insecure);
  }

  /** A unary call by method name; rejects with the grpc ServiceError. */
  call<Res>(client: grpc.Client, method: string, req: object): Promise<Res> {
    const fn = (client as unknown as Record<string, UnaryMethod<object, Res>>)[method];
    if (fn === undefined) throw new Error(`no method ${method}`);
    return new Promise((resolve, reject) => {
      fn.call(client, req, { deadline: Date.now() + CALL_TIMEOUT_MS }, (err, res) => (err ? reject(err) : resolve(res as Res)));
    });
  }

  /** The failure of a call that must fail: its code and message. */
  async failure(client: grpc.Client, method: string, req: object): Promise<{ code: grpc.status; details: string }> {
    try {
      await this.call(client, method, req);
    } catch (err) {
      const e = err as grpc.ServiceError;
      return { code: e.code, details: e.details };
    }
    throw new Error(`${method} succeeded`);
  }

  /** One Watch stream; messages collected in arrival order. */
  openWatch(): WatchStream {
    const open = (this.watch as unknown as { Watch(): grpc.ClientDuplexStream<WatchRequest, WatchResponse__Output> }).Watch.bind(this.watch);
    return new WatchStream(open());
  }

  close(): void {
    for (const c of [this.kv, this.watch, this.lease, this.cluster, this.maintenance]) c.close();
  }
}

export class WatchStream {
  readonly received: WatchResponse__Output[] = [];
  readonly #stream: grpc.ClientDuplexStream<WatchRequest, WatchResponse__Output>;

  constructor(stream: grpc.ClientDuplexStream<WatchRequest, WatchResponse__Output>) {
    this.#stream = stream;
    stream.on('data', (m: WatchResponse__Output) => this.received.push(m));
    // The test ends the stream itself; a cancelled call's error is expected then.
    stream.on('error', () => undefined);
  }

  send(req: WatchRequest): void {
    this.#stream.write(req);
  }

  /** Waits for the first message (from `from` on) that matches, and returns it. */
  next(what: string, match: (m: WatchResponse__Output) => boolean, from = 0): Promise<WatchResponse__Output> {
    return waitFor(what, () => this.received.slice(from).find(match), 10_000, 10);
  }

  close(): void {
    this.#stream.cancel();
  }
}
