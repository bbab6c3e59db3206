/**
 * A small promise-based client for KVService and ClusterService with endpoint
 * failover, used by kvctl and by the tests. It moves to the next endpoint only
 * when the request provably did not reach a server (connection failures); any
 * answer from a node, error or not, is final.
 */
import * as grpc from '@grpc/grpc-js';
import { clientProtos } from '../server/client-protos';
import type { KVServiceClient } from '../generated/raftkv/kv/v1/KVService';
import type { ClusterServiceClient } from '../generated/raftkv/cluster/v1/ClusterService';
import type { GetResponse__Output } from '../generated/raftkv/kv/v1/GetResponse';
import type { PutResponse__Output } from '../generated/raftkv/kv/v1/PutResponse';
import type { DeleteResponse__Output } from '../generated/raftkv/kv/v1/DeleteResponse';
import type { StatusResponse__Output } from '../generated/raftkv/cluster/v1/StatusResponse';
import type { ListMembersResponse__Output } from '../generated/raftkv/cluster/v1/ListMembersResponse';
import type { AddMemberResponse__Output } from '../generated/raftkv/cluster/v1/AddMemberResponse';
import type { PromoteMemberResponse__Output } from '../generated/raftkv/cluster/v1/PromoteMemberResponse';
import type { RemoveMemberResponse__Output } from '../generated/raftkv/cluster/v1/RemoveMemberResponse';
import type { TransferLeadershipResponse__Output } from '../generated/raftkv/cluster/v1/TransferLeadershipResponse';
import type { Consistency } from '../generated/raftkv/kv/v1/Consistency';

interface Connection {
  readonly endpoint: string;
  readonly kv: KVServiceClient;
  readonly cluster: ClusterServiceClient;
}

type Unary<Req, Res> = (req: Req, md: grpc.Metadata, opts: grpc.CallOptions, cb: grpc.requestCallback<Res>) => grpc.ClientUnaryCall;

export class KvClient {
  readonly #connections: Connection[];
  readonly #timeoutMs: number;
  #current = 0;

  constructor(endpoints: readonly string[], opts: { timeoutMs?: number } = {}) {
    if (endpoints.length === 0) throw new Error('at least one endpoint is required');
    const protos = clientProtos();
    const channelOptions = { 'grpc.max_receive_message_length': 8 * 1024 * 1024, 'grpc.max_send_message_length': 8 * 1024 * 1024 };
    this.#connections = endpoints.map((endpoint) => ({
      endpoint,
      kv: new protos.kv.raftkv.kv.v1.KVService(endpoint, grpc.credentials.createInsecure(), channelOptions),
      cluster: new protos.cluster.raftkv.cluster.v1.ClusterService(endpoint, grpc.credentials.createInsecure(), channelOptions),
    }));
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
  }

  put(key: string, value: Uint8Array): Promise<PutResponse__Output> {
    return this.#call((c) => c.kv.Put.bind(c.kv) as Unary<object, PutResponse__Output>, { key, value: Buffer.from(value) });
  }

  get(key: string, consistency: Consistency = 'CONSISTENCY_LINEARIZABLE'): Promise<GetResponse__Output> {
    return this.#call((c) => c.kv.Get.bind(c.kv) as Unary<object, GetResponse__Output>, { key, consistency });
  }

  delete(key: string): Promise<DeleteResponse__Output> {
    return this.#call((c) => c.kv.Delete.bind(c.kv) as Unary<object, DeleteResponse__Output>, { key });
  }

  status(): Promise<StatusResponse__Output> {
    return this.#call((c) => c.cluster.Status.bind(c.cluster) as Unary<object, StatusResponse__Output>, {});
  }

  listMembers(): Promise<ListMembersResponse__Output> {
    return this.#call((c) => c.cluster.ListMembers.bind(c.cluster) as Unary<object, ListMembersResponse__Output>, {});
  }

  addMember(id: string, peerAddress: string, clientAddress: string, learnerOnly: boolean): Promise<AddMemberResponse__Output> {
    return this.#call((c) => c.cluster.AddMember.bind(c.cluster) as Unary<object, AddMemberResponse__Output>, {
      id,
      peer_address: peerAddress,
      client_address: clientAddress,
      learner_only: learnerOnly,
    });
  }

  promoteMember(id: string): Promise<PromoteMemberResponse__Output> {
    return this.#call((c) => c.cluster.PromoteMember.bind(c.cluster) as Unary<object, PromoteMemberResponse__Output>, { id });
  }

  removeMember(id: string): Promise<RemoveMemberResponse__Output> {
    return this.#call((c) => c.cluster.RemoveMember.bind(c.cluster) as Unary<object, RemoveMemberResponse__Output>, { id });
  }

  /**
   * Asks each endpoint in turn until the leader takes it: a node that is not
   * the leader answers FAILED_PRECONDITION naming the leader, and only the
   * leader can transfer.
   */
  async transferLeadership(to: string): Promise<TransferLeadershipResponse__Output> {
    let lastError: unknown;
    for (const connection of this.#connections) {
      try {
        return await new Promise<TransferLeadershipResponse__Output>((resolve, reject) => {
          connection.cluster.TransferLeadership({ to }, new grpc.Metadata(), { deadline: Date.now() + this.#timeoutMs }, (err, value) =>
            err ? reject(err) : value === undefined ? reject(new Error('empty response')) : resolve(value),
          );
        });
      } catch (err) {
        lastError = err;
        const e = err as Partial<grpc.ServiceError>;
        const notLeader = e.code === grpc.status.FAILED_PRECONDITION && (e.metadata?.get('raftkv-leader').length ?? 0) > 0;
        if (!notLeader && !isConnectionFailure(err)) throw err;
      }
    }
    throw lastError;
  }

  /** The endpoint that answered last. */
  get endpoint(): string {
    return this.#connections[this.#current]?.endpoint ?? '';
  }

  close(): void {
    for (const c of this.#connections) {
      c.kv.close();
      c.cluster.close();
    }
  }

  async #call<Res>(method: (c: Connection) => Unary<object, Res>, request: object): Promise<Res> {
    let lastError: unknown;
    for (let tried = 0; tried < this.#connections.length; tried += 1) {
      const i = (this.#current + tried) % this.#connections.length;
      const connection = this.#connections[i];
      if (connection === undefined) continue;
      try {
        const res = await new Promise<Res>((resolve, reject) => {
          method(connection)(request, new grpc.Metadata(), { deadline: Date.now() + this.#timeoutMs }, (err, value) =>
            err ? reject(err) : value === undefined ? reject(new Error('empty response')) : resolve(value),
          );
        });
        this.#current = i;
        return res;
      } catch (err) {
        lastError = err;
        if (!isConnectionFailure(err)) throw err;
      }
    }
    throw lastError;
  }
}

/** True when the call failed to reach any server, so another endpoint may be tried safely. */
export function isConnectionFailure(err: unknown): boolean {
  const e = err as Partial<grpc.ServiceError>;
  if (e.code !== grpc.status.UNAVAILABLE) return false;
  // A node's own UNAVAILABLE carries our error code: it answered, so it is final.
  if ((e.metadata?.get('raftkv-error-code').length ?? 0) > 0) return false;
  // Only failures before the request left are safe to send elsewhere; a
  // connection lost mid-call might have delivered a write.
  return /No connection established|ECONNREFUSED|Name resolution failed|DNS resolution failed/.test(e.details ?? '');
}
