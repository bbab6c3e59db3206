/**
 * A small promise-based client for KVService, LeaseService, ClusterService
 * and grpc.health.v1, with endpoint failover, used by kvctl and by the tests.
 *
 * Failover never guesses about a write. A read (and any call that changes
 * nothing) moves to the next endpoint on UNAVAILABLE, DEADLINE_EXCEEDED or
 * DATA_LOSS (a member whose state diverged, CORRUPT): it
 * is safe to ask again anywhere. A write moves on only when the failure proves
 * it was not applied: the connection failed before the request left, or a
 * node answered with an error of the "not attempted" family (no leader,
 * shutting down, proposal dropped). A write whose outcome is unknown is
 * reported, never retried.
 */
import * as grpc from '@grpc/grpc-js';
import { clientProtos } from '../server/client-protos';
import { fromGrpcError } from '../grpc-status';
import { NotAttemptedError } from '../errors';
import type { KVServiceClient } from '../generated/raftkv/kv/v1/KVService';
import type { LeaseServiceClient } from '../generated/raftkv/kv/v1/LeaseService';
import type { ClusterServiceClient } from '../generated/raftkv/cluster/v1/ClusterService';
import type { GetResponse__Output } from '../generated/raftkv/kv/v1/GetResponse';
import type { PutRequest } from '../generated/raftkv/kv/v1/PutRequest';
import type { PutResponse__Output } from '../generated/raftkv/kv/v1/PutResponse';
import type { DeleteRequest } from '../generated/raftkv/kv/v1/DeleteRequest';
import type { DeleteResponse__Output } from '../generated/raftkv/kv/v1/DeleteResponse';
import type { RangeRequest } from '../generated/raftkv/kv/v1/RangeRequest';
import type { RangeResponse__Output } from '../generated/raftkv/kv/v1/RangeResponse';
import type { TxnRequest } from '../generated/raftkv/kv/v1/TxnRequest';
import type { TxnResponse__Output } from '../generated/raftkv/kv/v1/TxnResponse';
import type { CompactResponse__Output } from '../generated/raftkv/kv/v1/CompactResponse';
import type { WatchRequest } from '../generated/raftkv/kv/v1/WatchRequest';
import type { WatchResponse__Output } from '../generated/raftkv/kv/v1/WatchResponse';
import type { LeaseGrantResponse__Output } from '../generated/raftkv/kv/v1/LeaseGrantResponse';
import type { LeaseRevokeResponse__Output } from '../generated/raftkv/kv/v1/LeaseRevokeResponse';
import type { LeaseKeepAliveRequest } from '../generated/raftkv/kv/v1/LeaseKeepAliveRequest';
import type { LeaseKeepAliveResponse__Output } from '../generated/raftkv/kv/v1/LeaseKeepAliveResponse';
import type { LeaseTimeToLiveResponse__Output } from '../generated/raftkv/kv/v1/LeaseTimeToLiveResponse';
import type { LeaseLeasesResponse__Output } from '../generated/raftkv/kv/v1/LeaseLeasesResponse';
import type { StatusResponse__Output } from '../generated/raftkv/cluster/v1/StatusResponse';
import type { ListMembersResponse__Output } from '../generated/raftkv/cluster/v1/ListMembersResponse';
import type { AddMemberResponse__Output } from '../generated/raftkv/cluster/v1/AddMemberResponse';
import type { PromoteMemberResponse__Output } from '../generated/raftkv/cluster/v1/PromoteMemberResponse';
import type { RemoveMemberResponse__Output } from '../generated/raftkv/cluster/v1/RemoveMemberResponse';
import type { TransferLeadershipResponse__Output } from '../generated/raftkv/cluster/v1/TransferLeadershipResponse';
import type { Consistency } from '../generated/raftkv/kv/v1/Consistency';
import type { AuthServiceClient } from '../generated/raftkv/auth/v1/AuthService';
import { EndpointToken, type UserCredentials } from './client-token';

/** The serving status grpc.health.v1.Health/Check answers with. */
export type HealthStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

interface HealthClient extends grpc.Client {
  Check(req: { service: string }, md: grpc.Metadata, opts: grpc.CallOptions, cb: grpc.requestCallback<{ status: HealthStatus }>): grpc.ClientUnaryCall;
}

interface Connection {
  readonly endpoint: string;
  readonly kv: KVServiceClient;
  readonly lease: LeaseServiceClient;
  readonly cluster: ClusterServiceClient;
  readonly health: HealthClient;
  readonly auth: AuthServiceClient;
  /** With --user: this endpoint's token (tokens are per node). */
  readonly token: EndpointToken | undefined;
}

type Unary<Req, Res> = (req: Req, md: grpc.Metadata, opts: grpc.CallOptions, cb: grpc.requestCallback<Res>) => grpc.ClientUnaryCall;

/** Whether a call may change state: decides which failures may be retried on another endpoint. */
export type CallKind = 'read' | 'write';

/** The AuthService methods, by their PascalCase names. */
type AuthMethods = Pick<
  AuthServiceClient,
  | 'Enable'
  | 'Disable'
  | 'Status'
  | 'AddUser'
  | 'GetUser'
  | 'ListUsers'
  | 'DeleteUser'
  | 'ChangePassword'
  | 'GrantRole'
  | 'RevokeRole'
  | 'AddRole'
  | 'GetRole'
  | 'ListRoles'
  | 'DeleteRole'
  | 'GrantPermission'
  | 'RevokePermission'
>;

export class KvClient {
  readonly #connections: Connection[];
  readonly #timeoutMs: number;
  #current = 0;

  /** `credentials`: TLS for every endpoint (security/tls-credentials.ts channelCredentials); default plaintext. */
  constructor(endpoints: readonly string[], opts: { timeoutMs?: number; credentials?: grpc.ChannelCredentials; user?: UserCredentials } = {}) {
    if (endpoints.length === 0) throw new Error('at least one endpoint is required');
    const protos = clientProtos();
    const channelOptions = { 'grpc.max_receive_message_length': 8 * 1024 * 1024, 'grpc.max_send_message_length': 8 * 1024 * 1024 };
    const insecure = opts.credentials ?? grpc.credentials.createInsecure();
    const Health = grpc.makeGenericClientConstructor(protos.definition['grpc.health.v1.Health'] as grpc.ServiceDefinition, 'Health');
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
    const user = opts.user;
    this.#connections = endpoints.map((endpoint) => {
      const auth = new protos.auth.raftkv.auth.v1.AuthService(endpoint, insecure, channelOptions);
      const token = user === undefined ? undefined : new EndpointToken(auth, user, this.#timeoutMs);
      // Authenticate itself goes without the interceptor; everything else carries the token.
      const options = token === undefined ? channelOptions : { ...channelOptions, interceptors: [token.interceptor()] };
      return {
        endpoint,
        kv: new protos.kv.raftkv.kv.v1.KVService(endpoint, insecure, options),
        lease: new protos.kv.raftkv.kv.v1.LeaseService(endpoint, insecure, options),
        cluster: new protos.cluster.raftkv.cluster.v1.ClusterService(endpoint, insecure, options),
        health: new Health(endpoint, insecure, channelOptions) as unknown as HealthClient,
        auth: token === undefined ? auth : new protos.auth.raftkv.auth.v1.AuthService(endpoint, insecure, options),
        token,
      };
    });
  }

  /** The endpoints, in the order they are tried. */
  get endpoints(): readonly string[] {
    return this.#connections.map((c) => c.endpoint);
  }

  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  put(key: string, value: Uint8Array, opts: Omit<PutRequest, 'key' | 'value'> = {}): Promise<PutResponse__Output> {
    return this.#call('write', (c) => c.kv.Put.bind(c.kv) as Unary<object, PutResponse__Output>, { ...opts, key, value: Buffer.from(value) });
  }

  get(key: string, consistency: Consistency = 'CONSISTENCY_LINEARIZABLE'): Promise<GetResponse__Output> {
    return this.#call('read', (c) => c.kv.Get.bind(c.kv) as Unary<object, GetResponse__Output>, { key, consistency });
  }

  delete(key: string, opts: Omit<DeleteRequest, 'key'> = {}): Promise<DeleteResponse__Output> {
    return this.#call('write', (c) => c.kv.Delete.bind(c.kv) as Unary<object, DeleteResponse__Output>, { ...opts, key });
  }

  /** One page of a range read. */
  range(request: RangeRequest): Promise<RangeResponse__Output> {
    return this.#call('read', (c) => c.kv.Range.bind(c.kv) as Unary<object, RangeResponse__Output>, request);
  }

  /** A transaction may write: it fails over only when provably not applied. */
  txn(request: TxnRequest): Promise<TxnResponse__Output> {
    return this.#call('write', (c) => c.kv.Txn.bind(c.kv) as Unary<object, TxnResponse__Output>, request);
  }

  /** Drops the history before `revision` cluster-wide (a write: fails over only when provably not applied). */
  compact(revision: number): Promise<CompactResponse__Output> {
    return this.#call('write', (c) => c.kv.Compact.bind(c.kv) as Unary<object, CompactResponse__Output>, { revision });
  }

  /** Opens a Watch stream on one endpoint (by index); the caller handles failover and resumption. */
  watchOn(endpointIndex: number, request: WatchRequest): grpc.ClientReadableStream<WatchResponse__Output> {
    return this.#connection(endpointIndex).kv.Watch(request, new grpc.Metadata());
  }

  leaseGrant(ttlSeconds: number, id = '0'): Promise<LeaseGrantResponse__Output> {
    return this.#call('write', (c) => c.lease.LeaseGrant.bind(c.lease) as Unary<object, LeaseGrantResponse__Output>, { ttl_seconds: ttlSeconds, id });
  }

  leaseRevoke(id: string): Promise<LeaseRevokeResponse__Output> {
    return this.#call('write', (c) => c.lease.LeaseRevoke.bind(c.lease) as Unary<object, LeaseRevokeResponse__Output>, { id });
  }

  leaseTimeToLive(id: string, keys: boolean): Promise<LeaseTimeToLiveResponse__Output> {
    return this.#call('read', (c) => c.lease.LeaseTimeToLive.bind(c.lease) as Unary<object, LeaseTimeToLiveResponse__Output>, { id, keys });
  }

  leaseLeases(): Promise<LeaseLeasesResponse__Output> {
    return this.#call('read', (c) => c.lease.LeaseLeases.bind(c.lease) as Unary<object, LeaseLeasesResponse__Output>, {});
  }

  /** Opens a LeaseKeepAlive stream on one endpoint (by index); keep-alives are idempotent, so any endpoint will do. */
  keepAliveOn(endpointIndex: number): grpc.ClientDuplexStream<LeaseKeepAliveRequest, LeaseKeepAliveResponse__Output> {
    return this.#connection(endpointIndex).lease.LeaseKeepAlive(new grpc.Metadata());
  }

  status(): Promise<StatusResponse__Output> {
    return this.#call('read', (c) => c.cluster.Status.bind(c.cluster) as Unary<object, StatusResponse__Output>, {});
  }

  /** Status of the node at one endpoint (by index), without failover. */
  statusOn(endpointIndex: number): Promise<StatusResponse__Output> {
    const c = this.#connection(endpointIndex);
    return this.#once(c.cluster.Status.bind(c.cluster) as Unary<object, StatusResponse__Output>, {});
  }

  /** grpc.health.v1 Check of the whole server ("" service) at one endpoint, without failover. */
  async healthOn(endpointIndex: number): Promise<HealthStatus> {
    const c = this.#connection(endpointIndex);
    return (await this.#once(c.health.Check.bind(c.health), { service: '' })).status;
  }

  listMembers(): Promise<ListMembersResponse__Output> {
    return this.#call('read', (c) => c.cluster.ListMembers.bind(c.cluster) as Unary<object, ListMembersResponse__Output>, {});
  }

  addMember(id: string, peerAddress: string, clientAddress: string, learnerOnly: boolean): Promise<AddMemberResponse__Output> {
    return this.#call('write', (c) => c.cluster.AddMember.bind(c.cluster) as Unary<object, AddMemberResponse__Output>, {
      id,
      peer_address: peerAddress,
      client_address: clientAddress,
      learner_only: learnerOnly,
    });
  }

  promoteMember(id: string): Promise<PromoteMemberResponse__Output> {
    return this.#call('write', (c) => c.cluster.PromoteMember.bind(c.cluster) as Unary<object, PromoteMemberResponse__Output>, { id });
  }

  removeMember(id: string): Promise<RemoveMemberResponse__Output> {
    return this.#call('write', (c) => c.cluster.RemoveMember.bind(c.cluster) as Unary<object, RemoveMemberResponse__Output>, { id });
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
        return await this.#once(connection.cluster.TransferLeadership.bind(connection.cluster) as Unary<object, TransferLeadershipResponse__Output>, { to });
      } catch (err) {
        lastError = err;
        const e = err as Partial<grpc.ServiceError>;
        const notLeader = e.code === grpc.status.FAILED_PRECONDITION && (e.metadata?.get('raftkv-leader').length ?? 0) > 0;
        if (!notLeader && !isConnectionFailure(err)) throw err;
      }
    }
    throw lastError;
  }

  /** A raftkv.auth.v1.AuthService call by method name (kvctl user|role|auth). */
  auth<Res>(kind: CallKind, method: keyof AuthMethods, request: object): Promise<Res> {
    return this.#call(kind, (c) => (c.auth[method] as unknown as Unary<object, Res>).bind(c.auth), request);
  }

  /** The endpoint that answered last. */
  get endpoint(): string {
    return this.#connections[this.#current]?.endpoint ?? '';
  }

  /** Index of the endpoint that answered last: where a stream should start. */
  get currentIndex(): number {
    return this.#current;
  }

  close(): void {
    for (const c of this.#connections) {
      c.kv.close();
      c.lease.close();
      c.cluster.close();
      c.health.close();
      c.auth.close();
    }
  }

  #connection(index: number): Connection {
    const c = this.#connections[((index % this.#connections.length) + this.#connections.length) % this.#connections.length];
    if (c === undefined) throw new Error('no endpoint');
    return c;
  }

  #once<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      method(request, new grpc.Metadata(), { deadline: Date.now() + this.#timeoutMs }, (err, value) =>
        err ? reject(err) : value === undefined ? reject(new Error('empty response')) : resolve(value),
      );
    });
  }

  async #call<Res>(kind: CallKind, method: (c: Connection) => Unary<object, Res>, request: object): Promise<Res> {
    let lastError: unknown;
    for (let tried = 0; tried < this.#connections.length; tried += 1) {
      const i = (this.#current + tried) % this.#connections.length;
      const connection = this.#connection(i);
      try {
        const res = await this.#once(method(connection), request).catch((err: unknown) => {
          // A token this node no longer knows (expired, node restarted): authenticate again, once.
          if (connection.token === undefined || !isServiceError(err) || err.code !== grpc.status.UNAUTHENTICATED) throw err;
          connection.token.drop();
          return this.#once(method(connection), request);
        });
        this.#current = i;
        return res;
      } catch (err) {
        lastError = err;
        const retry = kind === 'read' ? mayRetryRead(err) : mayRetryWrite(err);
        if (!retry) throw err;
      }
    }
    throw lastError;
  }
}

function isServiceError(err: unknown): err is grpc.ServiceError {
  const e = err as Partial<grpc.ServiceError> | null;
  return typeof e === 'object' && e !== null && typeof e.code === 'number' && typeof e.details === 'string' && e.metadata instanceof grpc.Metadata;
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

/**
 * A call that changes nothing may be asked again of another node whenever
 * this one could not answer: unreachable, no leader, too slow (a node cut
 * off from the leader cannot serve a linearizable read), or holding a state
 * that diverged from the cluster's (DATA_LOSS, its CORRUPT alarm).
 */
export function mayRetryRead(err: unknown): boolean {
  if (!isServiceError(err)) return false;
  return err.code === grpc.status.UNAVAILABLE || err.code === grpc.status.DEADLINE_EXCEEDED || err.code === grpc.status.DATA_LOSS;
}

/**
 * A write may go to another node only when it provably was not applied: the
 * same classification a follower uses before re-forwarding (grpc-status.ts),
 * so "not attempted" means one thing across the system.
 */
export function mayRetryWrite(err: unknown): boolean {
  if (!isServiceError(err)) return false;
  if (err.code !== grpc.status.UNAVAILABLE) return false;
  return fromGrpcError(err) instanceof NotAttemptedError;
}
