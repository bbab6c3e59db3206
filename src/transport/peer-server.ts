/**
 * The receiving end of the peer transport: a gRPC server on the peer port
 * (DESIGN.md §1) that serves RaftService and nothing else. It checks that a
 * request belongs to this cluster and this node, hands decoded messages to
 * the driver and forwarded proposals to the leader's propose path, and maps
 * every failure through `toGrpcStatus`.
 */
import * as grpc from '@grpc/grpc-js';
import { ClusterMismatchError, InvalidArgumentError, NotAttemptedError, PeerNotAllowedError, ShutdownError, errorMessage } from '../errors';
import { refusePeerCertificate, type PeerCertificatePolicy } from '../security/peer-identity';
import { boundedForLog } from '../security/untrusted-text';
import { refuseSender, type KnownMembers, type PeerRequestKind } from './peer-admission';
import type { Logger } from '../logger';
import type { Message, NodeId } from '../raft/types';
import { toGrpcStatus, type GrpcStatus } from '../grpc-status';
import {
  MalformedRequest,
  raftServiceDefinition,
  type ProposeRequest,
  type ProposeResponse,
  type SendRequest,
  type SendResponse,
  type InstallSnapshotResponse,
  type LeaseIdsRequest,
  type LeaseTimesToLiveResponse,
  type RenewLeasesResponse,
} from './raft-service-definition';
import type { LeaseTimeLeft } from './transport';
import type { KvPair, SnapshotChunk, SnapshotHeader } from '../codec/snapshot-codec';
import { outcomeOf, proposeBatchMethod, type ProposeBatchRequest, type ProposeBatchResponse, type ProposeOutcome } from './propose-batch-method';
import { MalformedProbe, probeMethod, type ProbeRequest, type ProbeResponse } from './probe-method';

export interface PeerServerOptions {
  readonly clusterId: string;
  readonly nodeId: NodeId;
  /** host:port to listen on; port 0 picks a free port (see `port`). */
  readonly address: string;
  /** Raft messages for this node, in the order the peer sent them. Must not throw. */
  readonly onMessages: (msgs: Message[]) => void;
  /** A follower's forwarded proposal; resolves once applied, rejects with a raftkv error. */
  readonly onPropose: (
    command: Uint8Array,
    deadline: Date | undefined,
    from: NodeId,
  ) => Promise<{ result: Uint8Array; index: number; term: number }>;
  /** A follower's forwarded membership change (an encoded ConfChange); resolves once applied. Absent: refused as not attempted. */
  readonly onProposeConfChange?: (
    confChange: Uint8Array,
    deadline: Date | undefined,
    from: NodeId,
  ) => Promise<{ result: Uint8Array; index: number; term: number }>;
  /**
   * A leader's snapshot stream: the header, then the pair batches; resolves
   * with this node's term once installed. Absent: refused as not attempted.
   */
  readonly onInstallSnapshot?: (header: SnapshotHeader, chunks: AsyncIterable<readonly KvPair[]>) => Promise<{ term: number }>;
  /** A peer with an empty data dir asks where this node stands (probe-method.ts). Absent: refused as not attempted. */
  readonly onProbe?: (from: NodeId) => ProbeResponse;
  /** A follower's forwarded keep-alives: restart these leases' TTL (this node must lead). Absent: refused as not attempted. */
  readonly onRenewLeases?: (ids: readonly string[], deadline: Date | undefined) => Promise<number[]>;
  /** A follower asks how long leases have left (this node must lead). Absent: refused as not attempted. */
  readonly onLeaseTimesToLive?: (ids: readonly string[], deadline: Date | undefined) => Promise<LeaseTimeLeft[]>;
  /** Largest request accepted, in bytes (grpc.max_receive_message_length). */
  readonly maxMessageBytes: number;
  readonly logger: Logger;
  /** How long close() lets in-flight calls finish before cutting them. Default 2 s. */
  readonly closeTimeoutMs?: number;
  /**
   * Peer TLS: server credentials that require a client certificate from the
   * peer CA (the handshake refuses anything else), and the name policy every
   * request's verified certificate must pass. Absent: plaintext.
   */
  readonly tls?: { readonly credentials: grpc.ServerCredentials; readonly policy: PeerCertificatePolicy };
  /** This node's configuration, to refuse senders that are not members (peer-admission.ts). Absent: every sender is heard. */
  readonly members?: KnownMembers;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 2_000;
/** Distinct senders counted by name; any beyond (a misbehaving peer inventing ids) share one bucket. */
const MAX_COUNTED_PEERS = 64;
export const OTHER_PEERS = '_other';

/** What this node received from one peer (accepted requests only), for metrics. */
export interface PeerReceiveStats {
  readonly bytesReceived: number;
  readonly messagesReceived: number;
}

export class PeerServer {
  readonly #opts: PeerServerOptions;
  #clusterId: string;
  readonly #server: grpc.Server;
  #port: number | undefined;
  #closing: Promise<void> | undefined;
  /** Encoded size of each request, noted by the deserializer for the handler to count. */
  readonly #requestBytes = new WeakMap<object, number>();
  readonly #received = new Map<NodeId, { bytesReceived: number; messagesReceived: number }>();
  /** Open SendStreams, each by the function that ends it: close() ends them rather than wait for them. */
  readonly #openStreams = new Set<(status: GrpcStatus | undefined) => void>();

  constructor(opts: PeerServerOptions) {
    this.#opts = opts;
    this.#clusterId = opts.clusterId;
    this.#server = new grpc.Server({
      'grpc.max_receive_message_length': opts.maxMessageBytes,
      // Peers keep one long-lived channel each; ping idle ones so a dead peer's
      // connection is noticed and its resources freed.
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
    });
    const sized = <Req extends object, Res>(m: grpc.MethodDefinition<Req, Res>): grpc.MethodDefinition<Req, Res> => ({
      ...m,
      requestDeserialize: (bytes: Buffer) => {
        const req = m.requestDeserialize(bytes);
        this.#requestBytes.set(req, bytes.length);
        return req;
      },
    });
    const definition = {
      Send: sized(raftServiceDefinition.Send),
      SendStream: sized(raftServiceDefinition.SendStream),
      Propose: sized(raftServiceDefinition.Propose),
      ProposeBatch: sized(proposeBatchMethod),
      InstallSnapshot: raftServiceDefinition.InstallSnapshot,
      Probe: probeMethod,
      RenewLeases: sized(raftServiceDefinition.RenewLeases),
      LeaseTimesToLive: sized(raftServiceDefinition.LeaseTimesToLive),
    };
    this.#server.addService(definition, this.#guarded({
      Send: (call: grpc.ServerUnaryCall<SendRequest | MalformedRequest, SendResponse>, cb: grpc.sendUnaryData<SendResponse>) =>
        this.#send(call.request, cb),
      SendStream: (call: grpc.ServerReadableStream<SendRequest | MalformedRequest, SendResponse>, cb: grpc.sendUnaryData<SendResponse>) =>
        this.#sendStream(call, cb),
      Propose: (
        call: grpc.ServerUnaryCall<ProposeRequest | MalformedRequest, ProposeResponse>,
        cb: grpc.sendUnaryData<ProposeResponse>,
      ) => this.#propose(call.request, call.getDeadline(), cb),
      ProposeBatch: (call: grpc.ServerUnaryCall<ProposeBatchRequest | MalformedRequest, ProposeBatchResponse>, cb: grpc.sendUnaryData<ProposeBatchResponse>) =>
        this.#proposeBatch(call.request, cb),
      InstallSnapshot: (
        call: grpc.ServerReadableStream<SnapshotChunk | MalformedRequest, InstallSnapshotResponse>,
        cb: grpc.sendUnaryData<InstallSnapshotResponse>,
      ) => void this.#installSnapshot(call, cb),
      Probe: (call: grpc.ServerUnaryCall<ProbeRequest | MalformedProbe, ProbeResponse>, cb: grpc.sendUnaryData<ProbeResponse>) =>
        this.#probe(call.request, cb),
      RenewLeases: (
        call: grpc.ServerUnaryCall<LeaseIdsRequest | MalformedRequest, RenewLeasesResponse>,
        cb: grpc.sendUnaryData<RenewLeasesResponse>,
      ) =>
        this.#leaseCall(call.request, cb, (ids) =>
          this.#opts.onRenewLeases === undefined
            ? Promise.reject(new NotAttemptedError(`node ${this.#opts.nodeId} does not keep leases`))
            : this.#opts.onRenewLeases(ids, toDate(call.getDeadline())).then((ttlSeconds) => ({ ttlSeconds })),
        ),
      LeaseTimesToLive: (
        call: grpc.ServerUnaryCall<LeaseIdsRequest | MalformedRequest, LeaseTimesToLiveResponse>,
        cb: grpc.sendUnaryData<LeaseTimesToLiveResponse>,
      ) =>
        this.#leaseCall(call.request, cb, (ids) =>
          this.#opts.onLeaseTimesToLive === undefined
            ? Promise.reject(new NotAttemptedError(`node ${this.#opts.nodeId} does not keep leases`))
            : this.#opts.onLeaseTimesToLive(ids, toDate(call.getDeadline())).then((leases) => ({ leases })),
        ),
    }));
  }

  /**
   * Every handler first checks the caller's certificate against the peer-name
   * policy (with peer TLS on), so a refused peer's request goes no further.
   */
  #guarded(handlers: grpc.UntypedServiceImplementation): grpc.UntypedServiceImplementation {
    const tls = this.#opts.tls;
    if (tls === undefined) return handlers;
    const guarded: grpc.UntypedServiceImplementation = {};
    for (const [name, handler] of Object.entries(handlers)) {
      guarded[name] = ((call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
        const reason = refusePeerCertificate(tls.policy, call.getAuthContext().sslPeerCertificate);
        if (reason === undefined) return (handler as (c: typeof call, b: typeof cb) => void)(call, cb);
        this.#opts.logger.warn({ method: name, reason }, 'refused a peer request: its certificate is not allowed');
        return cb(asStatus(toGrpcStatus(new PeerNotAllowedError(reason))));
      }) as grpc.UntypedHandleCall;
    }
    return guarded;
  }

  /** Binds the address and starts serving; resolves with the bound port. */
  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.bindAsync(this.#opts.address, this.#opts.tls?.credentials ?? grpc.ServerCredentials.createInsecure(), (err, port) => {
        if (err) {
          reject(new Error(`peer server cannot listen on ${this.#opts.address}: ${err.message}`, { cause: err }));
          return;
        }
        this.#port = port;
        this.#opts.logger.info({ address: this.#opts.address, port, tls: this.#opts.tls === undefined ? 'off' : 'mutual' }, 'peer server listening');
        resolve(port);
      });
    });
  }

  /** The bound port; throws before start() resolved. */
  get port(): number {
    if (this.#port === undefined) throw new Error('peer server is not started');
    return this.#port;
  }

  #send(req: SendRequest | MalformedRequest, cb: grpc.sendUnaryData<SendResponse>): void {
    const refused = this.#deliver(req);
    return refused === undefined ? cb(null, {}) : cb(asStatus(refused));
  }

  /**
   * A SendStream: every batch is delivered as it arrives, in order. The first
   * refused batch ends the stream with the status Send would have answered
   * (the sender drops what it had in flight and opens a new stream).
   */
  #sendStream(call: grpc.ServerReadableStream<SendRequest | MalformedRequest, SendResponse>, cb: grpc.sendUnaryData<SendResponse>): void {
    let ended = false;
    const end = (status: GrpcStatus | undefined): void => {
      if (ended) return;
      ended = true;
      this.#openStreams.delete(end);
      call.removeAllListeners('data');
      if (status === undefined) cb(null, {});
      else cb(asStatus(status));
    };
    this.#openStreams.add(end);
    // Headers now, so the sender learns at once that this node took the stream.
    call.sendMetadata(new grpc.Metadata());
    call.on('data', (req: SendRequest | MalformedRequest) => {
      if (ended) return;
      const refused = this.#deliver(req);
      if (refused !== undefined) end(refused);
    });
    call.on('end', () => end(undefined));
    // A cancelled or broken stream: nothing to answer, the sender already knows.
    call.on('error', () => {
      ended = true;
      this.#openStreams.delete(end);
    });
  }

  /** Checks one batch and hands its messages to the node; the refusal, if any. */
  #deliver(req: SendRequest | MalformedRequest): GrpcStatus | undefined {
    if (req instanceof MalformedRequest) return this.#malformed(req);
    const rejection = this.#checkCluster(req) ?? this.#checkRecipients(req) ?? this.#checkSender(req.from, { kind: 'messages', messages: req.messages });
    if (rejection !== undefined) return rejection;
    this.#count(req, req.messages.length);
    try {
      this.#opts.onMessages([...req.messages]);
    } catch (err) {
      this.#opts.logger.warn({ err: errorMessage(err), from: req.from }, 'delivering peer messages failed');
      return toGrpcStatus(err);
    }
    return undefined;
  }

  /**
   * Each command of a ProposeBatch is proposed as Propose would propose it,
   * with its own deadline; the answer comes once every one has its outcome.
   */
  #proposeBatch(req: ProposeBatchRequest | MalformedRequest, cb: grpc.sendUnaryData<ProposeBatchResponse>): void {
    if (req instanceof MalformedRequest) return cb(asStatus(this.#malformed(req)));
    const rejection = this.#checkCluster(req) ?? this.#checkSender(req.from, { kind: 'leader-request' });
    if (rejection !== undefined) return cb(asStatus(rejection));
    this.#count(req, 0);
    const outcomes = req.commands.map(async ({ command, deadlineUnixMs }): Promise<ProposeOutcome> => {
      try {
        return { ok: await this.#opts.onPropose(command, Number.isFinite(deadlineUnixMs) && deadlineUnixMs > 0 ? new Date(deadlineUnixMs) : undefined, req.from) };
      } catch (err) {
        const status = toGrpcStatus(err);
        if (status.code === grpc.status.INTERNAL) this.#opts.logger.warn({ err: errorMessage(err), from: req.from }, 'forwarded proposal failed');
        return outcomeOf(status);
      }
    });
    void Promise.all(outcomes).then((all) => cb(null, { outcomes: all }));
  }

  #propose(
    req: ProposeRequest | MalformedRequest,
    deadline: grpc.Deadline,
    cb: grpc.sendUnaryData<ProposeResponse>,
  ): void {
    if (req instanceof MalformedRequest) return cb(asStatus(this.#malformed(req)));
    const rejection = this.#checkCluster(req) ?? this.#checkSender(req.from, { kind: 'leader-request' });
    if (rejection !== undefined) return cb(asStatus(rejection));
    this.#count(req, 0);
    let propose: Promise<ProposeResponse>;
    try {
      if (req.confChange === undefined) propose = this.#opts.onPropose(req.command, toDate(deadline), req.from);
      else if (this.#opts.onProposeConfChange !== undefined) propose = this.#opts.onProposeConfChange(req.confChange, toDate(deadline), req.from);
      else propose = Promise.reject(new NotAttemptedError(`node ${this.#opts.nodeId} does not take membership changes`));
    } catch (err) {
      propose = Promise.reject(err);
    }
    propose.then(
      (res) => cb(null, res),
      (err: unknown) => {
        const status = toGrpcStatus(err);
        if (status.code === grpc.status.INTERNAL) {
          this.#opts.logger.warn({ err: errorMessage(err), from: req.from }, 'forwarded proposal failed');
        }
        cb(asStatus(status));
      },
    );
  }

  /** A follower's lease question for the leader: checked like a proposal, answered by `answer`. */
  #leaseCall<Res>(req: LeaseIdsRequest | MalformedRequest, cb: grpc.sendUnaryData<Res>, answer: (ids: readonly string[]) => Promise<Res>): void {
    if (req instanceof MalformedRequest) return cb(asStatus(this.#malformed(req)));
    const rejection = this.#checkCluster(req) ?? this.#checkSender(req.from, { kind: 'leader-request' });
    if (rejection !== undefined) return cb(asStatus(rejection));
    this.#count(req, 0);
    let answered: Promise<Res>;
    try {
      answered = answer(req.ids);
    } catch (err) {
      answered = Promise.reject(err);
    }
    answered.then(
      (res) => cb(null, res),
      (err: unknown) => {
        const status = toGrpcStatus(err);
        if (status.code === grpc.status.INTERNAL) this.#opts.logger.warn({ err: errorMessage(err), from: req.from }, 'forwarded lease request failed');
        cb(asStatus(status));
      },
    );
  }

  async #installSnapshot(
    call: grpc.ServerReadableStream<SnapshotChunk | MalformedRequest, InstallSnapshotResponse>,
    cb: grpc.sendUnaryData<InstallSnapshotResponse>,
  ): Promise<void> {
    const chunks = call[Symbol.asyncIterator]() as AsyncIterator<SnapshotChunk | MalformedRequest>;
    try {
      const first = await chunks.next();
      if (first.done === true) throw new InvalidArgumentError('InstallSnapshotRequest', 'the stream carried no header');
      const head = first.value;
      if (head instanceof MalformedRequest) return cb(asStatus(this.#malformed(head)));
      if (!('header' in head)) throw new InvalidArgumentError('header', 'the first chunk of a snapshot stream must carry the header');
      const header = head.header;
      const rejection = this.#checkCluster(header) ?? this.#checkRecipients({ ...header, messages: [] }) ?? this.#checkSender(header.from, { kind: 'snapshot' });
      if (rejection !== undefined) return cb(asStatus(rejection));
      if (this.#opts.onInstallSnapshot === undefined) throw new NotAttemptedError(`node ${this.#opts.nodeId} does not take snapshots`);
      async function* pairs(): AsyncGenerator<readonly KvPair[]> {
        for (;;) {
          const next = await chunks.next();
          if (next.done === true) return;
          const chunk = next.value;
          if (chunk instanceof MalformedRequest) throw new InvalidArgumentError(chunk.field, chunk.reason);
          if ('header' in chunk) throw new InvalidArgumentError('header', 'only the first chunk of a snapshot stream carries a header');
          yield chunk.pairs;
        }
      }
      const res = await this.#opts.onInstallSnapshot(header, pairs());
      cb(null, res);
    } catch (err) {
      const status = toGrpcStatus(err);
      this.#opts.logger.warn({ err: errorMessage(err) }, 'snapshot from the leader not installed');
      cb(asStatus(status));
    }
  }

  #probe(req: ProbeRequest | MalformedProbe, cb: grpc.sendUnaryData<ProbeResponse>): void {
    if (req instanceof MalformedProbe) return cb(asStatus(this.#malformed(new MalformedRequest('ProbeRequest', req.reason))));
    // An empty cluster id: a node with no data asking where it stands, before it knows which cluster it joins.
    const rejection = req.clusterId === '' ? undefined : this.#checkCluster(req);
    if (rejection !== undefined) return cb(asStatus(rejection));
    if (this.#opts.onProbe === undefined) return cb(asStatus(toGrpcStatus(new NotAttemptedError(`node ${this.#opts.nodeId} does not answer probes`))));
    try {
      return cb(null, this.#opts.onProbe(req.from));
    } catch (err) {
      return cb(asStatus(toGrpcStatus(err)));
    }
  }

  /** A joining node takes the id of the cluster it joined (learn-cluster-id.ts) before it takes part. */
  setClusterId(clusterId: string): void {
    this.#clusterId = clusterId;
  }

  /** Bytes and Raft messages received per sender, accepted requests only. */
  stats(): ReadonlyMap<NodeId, PeerReceiveStats> {
    return new Map([...this.#received].map(([id, s]) => [id, { ...s }]));
  }

  #count(req: SendRequest | ProposeRequest | ProposeBatchRequest | LeaseIdsRequest, messages: number): void {
    const from = this.#received.has(req.from) || this.#received.size < MAX_COUNTED_PEERS ? req.from : OTHER_PEERS;
    let s = this.#received.get(from);
    if (s === undefined) {
      s = { bytesReceived: 0, messagesReceived: 0 };
      this.#received.set(from, s);
    }
    s.bytesReceived += this.#requestBytes.get(req) ?? 0;
    s.messagesReceived += messages;
  }

  #malformed(req: MalformedRequest): GrpcStatus {
    this.#opts.logger.warn({ field: req.field, reason: req.reason }, 'rejected a malformed peer request');
    return toGrpcStatus(new InvalidArgumentError(req.field, req.reason));
  }

  /** A request from another cluster must never reach the core: its terms and logs are not ours. */
  #checkCluster(req: { readonly clusterId: string; readonly from: NodeId }): GrpcStatus | undefined {
    if (req.clusterId !== this.#clusterId) {
      // Both strings are the sender's: bounded before they are echoed anywhere.
      const from = boundedForLog(req.from);
      const clusterId = boundedForLog(req.clusterId);
      this.#opts.logger.warn({ from, clusterId }, 'rejected a peer request from another cluster');
      return toGrpcStatus(
        new ClusterMismatchError(
          `request from ${from || '(unknown)'} is for cluster "${clusterId}" but node ${this.#opts.nodeId} belongs to cluster "${this.#clusterId}"`,
        ),
      );
    }
    return undefined;
  }

  /** A batch addressed to another node means the sender's address map is wrong: say so loudly. */
  #checkRecipients(req: SendRequest): GrpcStatus | undefined {
    const from = boundedForLog(req.from);
    // A batch carries its sender's own messages only: one claiming another sender is forged.
    const forged = req.messages.find((m) => m.from !== req.from);
    if (forged !== undefined) {
      this.#opts.logger.warn({ from, claimed: boundedForLog(forged.from) }, 'rejected peer messages that claim another sender');
      return toGrpcStatus(new InvalidArgumentError('messages.from', `a batch from ${from} holds a message from "${boundedForLog(forged.from)}"`));
    }
    const misaddressed = req.to !== this.#opts.nodeId ? req.to : req.messages.find((m) => m.to !== this.#opts.nodeId)?.to;
    if (misaddressed === undefined) return undefined;
    const to = boundedForLog(misaddressed);
    this.#opts.logger.warn({ from, to }, 'rejected peer messages addressed to another node');
    return toGrpcStatus(new ClusterMismatchError(`messages from ${from} are addressed to ${to} but reached node ${this.#opts.nodeId}`));
  }

  /** A sender outside this node's configuration is refused before anything reaches the core (peer-admission.ts). */
  #checkSender(from: NodeId, request: PeerRequestKind): GrpcStatus | undefined {
    const reason = this.#opts.members === undefined ? undefined : refuseSender(this.#opts.members(), from, request);
    if (reason === undefined) return undefined;
    this.#opts.logger.warn({ from: boundedForLog(from), request: request.kind }, 'refused a peer request from a non-member');
    return toGrpcStatus(new PeerNotAllowedError(reason));
  }

  /** Stops serving: lets in-flight calls finish until the timeout, then cuts them. Idempotent. */
  close(): Promise<void> {
    // A SendStream lasts as long as its sender: end each, or shutdown would wait out the timeout.
    if (this.#closing === undefined) for (const end of [...this.#openStreams]) end(toGrpcStatus(new ShutdownError()));
    this.#closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#server.forceShutdown();
        resolve();
      }, this.#opts.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
      timer.unref();
      this.#server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** grpc-js sends code, details and metadata (as trailers) from a status object. */
function asStatus(status: GrpcStatus): Partial<grpc.StatusObject> {
  return { code: status.code, details: status.details, metadata: status.metadata };
}

function toDate(deadline: grpc.Deadline): Date | undefined {
  if (deadline instanceof Date) return deadline;
  return Number.isFinite(deadline) ? new Date(deadline) : undefined;
}
