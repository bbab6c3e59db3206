/**
 * The sending end of the peer transport for one peer: one gRPC channel (grpc-js
 * reconnects it with exponential back-off on its own) and a send queue.
 *
 * At most one Send call is in flight. Whatever is queued meanwhile leaves as
 * one batch in the next call, so batching grows with load by itself and the
 * order of messages to a peer is the order they were sent. Delivery is best
 * effort, as Raft expects: a failed call drops its batch (the leader
 * retransmits), and a full queue drops its oldest messages except votes,
 * which are few and decide elections.
 */
import * as grpc from '@grpc/grpc-js';
import { ShutdownError, errorMessage } from '../errors';
import type { Logger } from '../logger';
import { MessageType, type Message, type NodeId } from '../raft/types';
import { ERROR_CODE_METADATA_KEY, fromGrpcError } from '../grpc-status';
import { boundedForLog } from '../security/untrusted-text';
import {
  INSTALL_SNAPSHOT_PATH,
  LEASE_TIMES_TO_LIVE_PATH,
  PROPOSE_PATH,
  RENEW_LEASES_PATH,
  SEND_PATH,
  installSnapshotMethod,
  leaseTimesToLiveMethod,
  proposeMethod,
  renewLeasesMethod,
  sendMethod,
  type LeaseIdsRequest,
  type MalformedRequest,
  type ProposeRequest,
  type ProposeResponse,
} from './raft-service-definition';
import type { LeaseTimeLeft } from './transport';
import { watchConnectAttempts } from './connect-timeout';
import { SendStream } from './send-stream';
import { ProposalForwarder } from './proposal-forwarder';
import { localFailure, missingResponse } from './call-failures';
import type { KvPair, SnapshotHeader } from '../codec/snapshot-codec';

export interface PeerClientOptions {
  readonly clusterId: string;
  /** This node: the `from` of every request. */
  readonly nodeId: NodeId;
  readonly peerId: NodeId;
  /** host:port of the peer's peer port. */
  readonly address: string;
  readonly logger: Logger;
  /** Called after each failed Send, so the core can slow replication to this peer. */
  readonly onUnreachable?: (peerId: NodeId) => void;
  /** The peer's receive limit: a batch stays under it. Default 4 MiB (grpc's default). */
  readonly maxMessageBytes?: number;
  /** Queue bounds; beyond them the oldest non-vote messages are dropped. Defaults 4096 and 64 MiB. */
  readonly maxQueueMessages?: number;
  readonly maxQueueBytes?: number;
  /** Deadline of each Send call. Default 5 s. */
  readonly sendTimeoutMs?: number;
  /** Longest one connection attempt may take before the channel is replaced and dials again (connect-timeout.ts). Default 2 s. */
  readonly connectTimeoutMs?: number;
  /** Extra grpc channel options (tests shorten back-off); they override ours. */
  readonly channelOptions?: grpc.ChannelOptions;
  /** Observers for metrics; never affect delivery. */
  readonly hooks?: PeerClientHooks;
  /** Peer TLS: our certificate and the peer CA (security/tls-credentials.ts). Absent: plaintext. */
  readonly credentials?: grpc.ChannelCredentials;
}

export type PeerRpc = 'Send' | 'Propose' | 'ProposeBatch' | 'InstallSnapshot' | 'RenewLeases' | 'LeaseTimesToLive';

export interface PeerClientHooks {
  /** A RaftService call to the peer finished: which RPC, how long it took, its status code (0 is OK). */
  onRpcDone?(peerId: NodeId, rpc: PeerRpc, seconds: number, code: grpc.status): void;
}

/** Counters for metrics; monotonically increasing except `queued`. */
export interface PeerClientStats {
  readonly messagesSent: number;
  readonly bytesSent: number;
  /** Batches written to the stream, or successful Send calls. */
  readonly batchesSent: number;
  /** Broken or unanswered streams and failed Send calls (each dropped what it had in flight). */
  readonly sendFailures: number;
  /** Messages dropped: by a broken stream (those no round trip confirmed), failed calls, a full queue, or a batch that could not be encoded. */
  readonly messagesDropped: number;
  readonly queued: number;
}

export const PEER_CLIENT_DEFAULTS = {
  maxMessageBytes: 4 * 1024 * 1024,
  maxQueueMessages: 4096,
  maxQueueBytes: 64 * 1024 * 1024,
  sendTimeoutMs: 5_000,
  connectTimeoutMs: 2_000,
} as const;

/** A failed call's status details, as logged: enough for any transport error, bounded for a hostile peer. */
const MAX_LOGGED_DETAILS_CHARS = 512;

/** How often a round trip to a peer is timed while batches go on its stream. */
const ROUND_TRIP_PROBE_MS = 1_000;
/** How long a peer that lacked SendStream gets one Send call per batch before the stream is tried again. */
const RETRY_STREAM_AFTER_MS = 60_000;

/** Room in a batch for SendRequest's own fields (cluster id, from, to). */
const REQUEST_OVERHEAD_BYTES = 1024;

/** Votes decide elections and are few: a full queue keeps them. */
const KEPT_WHEN_FULL: ReadonlySet<MessageType> = new Set([
  MessageType.Vote,
  MessageType.VoteResp,
  MessageType.PreVote,
  MessageType.PreVoteResp,
  MessageType.TimeoutNow,
]);

interface Queued {
  readonly msg: Message;
  readonly size: number;
}

export class PeerClient {
  readonly #opts: PeerClientOptions;
  readonly #limits: { readonly [K in keyof typeof PEER_CLIENT_DEFAULTS]: number };
  #address: string;
  #credentials: grpc.ChannelCredentials | undefined;
  #client: grpc.Client;
  #queue: Queued[] = [];
  #queuedBytes = 0;
  /** Waiting: for the answer to a unary Send, or for room on the stream. */
  #inFlight = false;
  #stream: SendStream | undefined;
  /** Until when to send one Send call per batch: the peer answered UNIMPLEMENTED to SendStream (it predates it). */
  #unaryUntil = 0;
  /** Messages written on the open stream since the round-trip probe last succeeded: what a break loses, at most. */
  #unconfirmed = 0;
  #drainTimer: NodeJS.Timeout | undefined;
  #probeTimer: NodeJS.Timeout | undefined;
  #probing = false;
  readonly #forwarder: ProposalForwarder;
  #pumpScheduled = false;
  #closed = false;
  #reachable = true;
  #connected = false;
  /** The TLS-mismatch hint was logged; cleared by the next successful send. */
  #mismatchLogged = false;
  #stats = { messagesSent: 0, bytesSent: 0, batchesSent: 0, sendFailures: 0, messagesDropped: 0 };

  constructor(opts: PeerClientOptions) {
    this.#opts = opts;
    this.#limits = {
      maxMessageBytes: opts.maxMessageBytes ?? PEER_CLIENT_DEFAULTS.maxMessageBytes,
      maxQueueMessages: opts.maxQueueMessages ?? PEER_CLIENT_DEFAULTS.maxQueueMessages,
      maxQueueBytes: opts.maxQueueBytes ?? PEER_CLIENT_DEFAULTS.maxQueueBytes,
      sendTimeoutMs: opts.sendTimeoutMs ?? PEER_CLIENT_DEFAULTS.sendTimeoutMs,
      connectTimeoutMs: opts.connectTimeoutMs ?? PEER_CLIENT_DEFAULTS.connectTimeoutMs,
    };
    this.#address = opts.address;
    this.#credentials = opts.credentials;
    this.#client = this.#connect(opts.address);
    this.#forwarder = new ProposalForwarder({
      clusterId: opts.clusterId,
      nodeId: opts.nodeId,
      client: () => this.#client,
      proposeOne: (command, deadline) => this.#propose({ clusterId: opts.clusterId, from: opts.nodeId, command }, deadline),
      onRpcDone: (started, err) => this.#rpcDone('ProposeBatch', started, err),
    });
  }

  get peerId(): NodeId {
    return this.#opts.peerId;
  }

  get address(): string {
    return this.#address;
  }

  get stats(): PeerClientStats {
    return { ...this.#stats, queued: this.#queue.length };
  }

  #connect(address: string): grpc.Client {
    const client = new grpc.Client(address, this.#credentials ?? grpc.credentials.createInsecure(), {
      // A peer that restarts is back within a second or two; do not wait
      // grpc's default 120 s between attempts. Jitter comes from grpc-js.
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 2_000,
      // Notice a silently dead peer (no RST: crashed host, partition) even when idle.
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.max_send_message_length': this.#limits.maxMessageBytes,
      'grpc.max_receive_message_length': this.#limits.maxMessageBytes,
      // A replaced channel must dial anew, not share the stuck connect attempt it replaces.
      'grpc.use_local_subchannel_pool': 1,
      // No retry policy is configured, so grpc-js retries only transparently:
      // calls refused before any handler ran. Those are safe even for Propose.
      ...this.#opts.channelOptions,
    });
    watchConnectAttempts(client.getChannel(), this.#limits.connectTimeoutMs, () => {
      if (this.#closed || this.#client !== client) return;
      this.#opts.logger.debug({ peer: this.#opts.peerId, address, timeoutMs: this.#limits.connectTimeoutMs }, 'connecting to peer timed out; dialling again');
      // What went onto a stream that never connected is lost: a failure like any other.
      const lost = this.#dropStream();
      if (lost > 0) this.#failed(lost, localFailure(grpc.status.UNAVAILABLE, `connecting to ${address} timed out after ${this.#limits.connectTimeoutMs} ms`));
      this.#client = this.#connect(address);
      client.close();
      this.#schedulePump();
    });
    return client;
  }

  /** Queues messages for the peer; never blocks and never throws. */
  send(msgs: readonly Message[]): void {
    if (this.#closed || msgs.length === 0) return;
    for (const msg of msgs) {
      const size = estimateSize(msg);
      this.#queue.push({ msg, size });
      this.#queuedBytes += size;
    }
    this.#enforceBounds();
    this.#schedulePump();
  }

  /** Drops the oldest messages until the queue fits, sparing votes while anything else is left. */
  #enforceBounds(): void {
    let count = this.#queue.length;
    let bytes = this.#queuedBytes;
    const over = (): boolean => count > this.#limits.maxQueueMessages || bytes > this.#limits.maxQueueBytes;
    if (!over()) return;
    const drop = new Set<Queued>();
    const dropWhileOver = (eligible: (q: Queued) => boolean): void => {
      for (const q of this.#queue) {
        if (!over()) return;
        if (drop.has(q) || !eligible(q)) continue;
        drop.add(q);
        count -= 1;
        bytes -= q.size;
      }
    };
    dropWhileOver((q) => !KEPT_WHEN_FULL.has(q.msg.type));
    dropWhileOver(() => true);
    this.#queue = this.#queue.filter((q) => !drop.has(q));
    this.#queuedBytes = bytes;
    this.#stats.messagesDropped += drop.size;
    this.#opts.logger.debug({ peer: this.#opts.peerId, dropped: drop.size }, 'send queue full; dropped oldest messages');
  }

  /** A microtask, so messages sent in the same synchronous run leave in one batch. */
  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (!this.#closed && !this.#inFlight && this.#queue.length > 0) {
      const batch = this.#takeBatch();
      const bytes = this.#encode(batch);
      if (bytes === undefined) continue;
      if (performance.now() < this.#unaryUntil) this.#sendUnary(batch, bytes);
      else this.#sendOnStream(batch, bytes);
    }
  }

  /** Encoded here rather than by grpc-js, so a codec refusal is not mistaken for an unreachable peer. */
  #encode(batch: Message[]): Buffer | undefined {
    try {
      return sendMethod.requestSerialize({ clusterId: this.#opts.clusterId, from: this.#opts.nodeId, to: this.#opts.peerId, messages: batch });
    } catch (err) {
      // Only a local message type (never meant for the wire) gets here: a bug upstream.
      this.#stats.messagesDropped += batch.length;
      this.#opts.logger.warn({ peer: this.#opts.peerId, err: errorMessage(err) }, 'cannot encode a batch; dropped it');
      return undefined;
    }
  }

  /**
   * The usual path: the batch goes on the open SendStream (one is opened when
   * none is), and the next one may follow at once. When the peer's window is
   * full the pump waits for room — at most sendTimeoutMs, after which the
   * stream counts as stuck and is replaced.
   */
  #sendOnStream(batch: Message[], bytes: Buffer): void {
    const stream = this.#stream ?? this.#openStream();
    this.#noteSent(batch.length, bytes.length);
    this.#unconfirmed += batch.length;
    if (stream.write(bytes)) return;
    this.#inFlight = true;
    this.#drainTimer = setTimeout(() => {
      if (this.#stream !== stream) return;
      const err = localFailure(grpc.status.DEADLINE_EXCEEDED, `the peer read nothing from its send stream for ${this.#limits.sendTimeoutMs} ms`);
      this.#failed(this.#dropStream(), err);
      this.#pump();
    }, this.#limits.sendTimeoutMs);
    this.#drainTimer.unref();
  }

  #openStream(): SendStream {
    const stream: SendStream = new SendStream(this.#client, {
      onOpen: () => this.#reached(),
      onDrain: () => {
        if (this.#stream !== stream) return;
        this.#roomAgain();
        this.#pump();
      },
      onEnd: (err) => {
        // A stream we replaced (new address or credentials) or closed: nothing to report.
        if (this.#stream !== stream) return;
        const lost = this.#dropStream();
        if (err !== null && !this.#closed) {
          if (err.code === grpc.status.UNIMPLEMENTED) {
            // A peer from before SendStream (a rolling upgrade): one call per batch, as it expects, trying the stream again now and then.
            this.#unaryUntil = performance.now() + RETRY_STREAM_AFTER_MS;
            this.#opts.logger.info({ peer: this.#opts.peerId, retryAfterMs: RETRY_STREAM_AFTER_MS }, 'peer does not serve SendStream; sending one Send call per batch');
          } else this.#failed(lost, err);
        }
        this.#pump();
      },
    });
    this.#stream = stream;
    this.#startRoundTripProbe();
    return stream;
  }

  /** Ends the open stream without reporting it; returns how many messages it may have lost. */
  #dropStream(): number {
    const stream = this.#stream;
    const lost = this.#unconfirmed;
    this.#stream = undefined;
    this.#unconfirmed = 0;
    this.#roomAgain();
    stream?.cancel();
    return stream === undefined ? 0 : lost;
  }

  #roomAgain(): void {
    this.#inFlight = false;
    if (this.#drainTimer !== undefined) clearTimeout(this.#drainTimer);
    this.#drainTimer = undefined;
  }

  /**
   * Batches on a stream get no answer, so an empty Send call once a second
   * while the stream is used does two jobs: it times the round trip behind
   * raftkv_peer_rpc_duration_seconds{rpc="Send"} (and the slow-peer alert),
   * and it notices a peer that holds the connection but no longer answers
   * (a stopped process, a black hole): then the stream is dropped and the
   * failure reported, as a failed Send call would have been.
   */
  #startRoundTripProbe(): void {
    if (this.#probeTimer !== undefined) return;
    this.#probeTimer = setInterval(() => {
      const stream = this.#stream;
      if (this.#closed || stream === undefined || this.#probing) return;
      this.#probing = true;
      const started = performance.now();
      const confirmed = this.#unconfirmed;
      const empty = sendMethod.requestSerialize({ clusterId: this.#opts.clusterId, from: this.#opts.nodeId, to: this.#opts.peerId, messages: [] });
      this.#client.makeUnaryRequest(SEND_PATH, (b: Buffer) => b, sendMethod.responseDeserialize, empty, new grpc.Metadata(), { deadline: Date.now() + this.#limits.sendTimeoutMs }, (err) => {
        this.#probing = false;
        this.#rpcDone('Send', started, err);
        if (this.#stream !== stream) return;
        if (err === null) {
          // Written before the probe left and the peer answered after: delivered.
          this.#unconfirmed = Math.max(0, this.#unconfirmed - confirmed);
          this.#reached();
        } else if (!this.#closed) {
          this.#failed(this.#dropStream(), err);
          this.#pump();
        }
      });
    }, ROUND_TRIP_PROBE_MS);
    this.#probeTimer.unref();
  }

  /** The fallback for a peer without SendStream: one call at a time, batching whatever queued meanwhile. */
  #sendUnary(batch: Message[], bytes: Buffer): void {
    this.#inFlight = true;
    const started = performance.now();
    this.#client.makeUnaryRequest(
      SEND_PATH,
      (encoded: Buffer) => encoded,
      sendMethod.responseDeserialize,
      bytes,
      new grpc.Metadata(),
      { deadline: Date.now() + this.#limits.sendTimeoutMs },
      (err) => {
        this.#inFlight = false;
        this.#rpcDone('Send', started, err);
        if (err === null) {
          this.#noteSent(batch.length, bytes.length);
          this.#reached();
        } else this.#failed(batch.length, err);
        this.#pump();
      },
    );
  }

  #takeBatch(): Message[] {
    const budget = this.#limits.maxMessageBytes - REQUEST_OVERHEAD_BYTES;
    let n = 0;
    let bytes = 0;
    for (const q of this.#queue) {
      if (n > 0 && bytes + q.size > budget) break;
      n += 1;
      bytes += q.size;
    }
    const taken = this.#queue.splice(0, n);
    this.#queuedBytes -= bytes;
    return taken.map((q) => q.msg);
  }

  #rpcDone(rpc: PeerRpc, started: number, err: grpc.ServiceError | null): void {
    this.#opts.hooks?.onRpcDone?.(this.#opts.peerId, rpc, (performance.now() - started) / 1000, err === null ? grpc.status.OK : err.code);
  }

  #noteSent(count: number, bytes: number): void {
    this.#stats.messagesSent += count;
    this.#stats.bytesSent += bytes;
    this.#stats.batchesSent += 1;
  }

  /** The peer answered: log the first connection and every recovery once. */
  #reached(): void {
    this.#mismatchLogged = false;
    if (!this.#connected) {
      this.#connected = true;
      this.#reachable = true;
      this.#opts.logger.info({ peer: this.#opts.peerId, address: this.#address }, 'connected to peer');
    } else if (!this.#reachable) {
      this.#reachable = true;
      this.#opts.logger.info({ peer: this.#opts.peerId, address: this.#address }, 'peer reachable again');
    }
  }

  #failed(count: number, err: grpc.ServiceError): void {
    this.#stats.sendFailures += 1;
    this.#stats.messagesDropped += count;
    // The details may be the peer's own words: bounded like any peer-supplied text.
    const fields = { peer: this.#opts.peerId, address: this.#address, code: grpc.status[err.code], details: boundedForLog(err.details, MAX_LOGGED_DETAILS_CHARS) };
    // Say it once per outage at warn; a down peer fails every heartbeat.
    if (this.#reachable) this.#opts.logger.warn(fields, 'peer unreachable; dropping messages until it is back');
    else this.#opts.logger.debug({ ...fields, dropped: count }, 'send to peer failed');
    // A peer that takes the TCP connection but fails our handshake is most
    // often one configured the other way (one side --peer-cert-file, the
    // other plaintext) or with another CA: say so in words, once until it works.
    const transportFailure = err.code === grpc.status.UNAVAILABLE && err.metadata.get(ERROR_CODE_METADATA_KEY).length === 0;
    if (transportFailure && !this.#mismatchLogged && !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|Deadline/i.test(err.details)) {
      this.#mismatchLogged = true;
      const ours = this.#credentials === undefined ? 'plaintext' : 'mutual TLS';
      this.#opts.logger.warn(
        { ...fields, peerTls: ours },
        `cannot talk to peer ${this.#opts.peerId}: this node speaks ${ours} to peers; if the peer's port runs ${this.#credentials === undefined ? 'TLS (--peer-cert-file)' : 'plaintext, or its certificate is not from --peer-trusted-ca-file'}, every connection fails like this`,
      );
    }
    this.#reachable = false;
    if (!this.#closed) this.#opts.onUnreachable?.(this.#opts.peerId);
  }

  /**
   * Forwards a proposal to this peer (the leader) and resolves with the
   * result once applied there. Rejects with a raftkv error from
   * `fromGrpcError`: not attempted only when the request provably never left.
   */
  propose(command: Uint8Array, deadline: Date): Promise<ProposeResponse> {
    if (this.#closed) return Promise.reject(new ShutdownError());
    return this.#forwarder.propose(command, deadline);
  }

  /** Forwards an encoded ConfChange to this peer (the leader); same contract as propose. */
  proposeConfChange(confChange: Uint8Array, deadline: Date): Promise<ProposeResponse> {
    return this.#propose({ clusterId: this.#opts.clusterId, from: this.#opts.nodeId, command: new Uint8Array(0), confChange }, deadline);
  }

  #propose(request: ProposeRequest, deadline: Date): Promise<ProposeResponse> {
    if (this.#closed) return Promise.reject(new ShutdownError());
    return new Promise<ProposeResponse>((resolve, reject) => {
      const started = performance.now();
      this.#client.makeUnaryRequest(
        PROPOSE_PATH,
        proposeMethod.requestSerialize,
        proposeMethod.responseDeserialize,
        request,
        new grpc.Metadata(),
        { deadline },
        (err, res) => {
          this.#rpcDone('Propose', started, err);
          if (err !== null) reject(fromGrpcError(err));
          else if (res === undefined) reject(fromGrpcError(missingResponse()));
          else resolve(res);
        },
      );
    });
  }

  /** Asks this peer (the leader) to restart the TTL of leases; per id, the TTL restarted or 0 when missing. */
  async renewLeases(ids: readonly string[], deadline: Date): Promise<number[]> {
    const res = await this.#leaseCall('RenewLeases', RENEW_LEASES_PATH, renewLeasesMethod, ids, deadline);
    return [...res.ttlSeconds];
  }

  /** Asks this peer (the leader) how long leases have left; per id. */
  async leaseTimesToLive(ids: readonly string[], deadline: Date): Promise<LeaseTimeLeft[]> {
    const res = await this.#leaseCall('LeaseTimesToLive', LEASE_TIMES_TO_LIVE_PATH, leaseTimesToLiveMethod, ids, deadline);
    return [...res.leases];
  }

  #leaseCall<Res>(
    rpc: PeerRpc,
    path: string,
    method: grpc.MethodDefinition<LeaseIdsRequest | MalformedRequest, Res>,
    ids: readonly string[],
    deadline: Date,
  ): Promise<Res> {
    if (this.#closed) return Promise.reject(new ShutdownError());
    const request: LeaseIdsRequest = { clusterId: this.#opts.clusterId, from: this.#opts.nodeId, ids };
    return new Promise<Res>((resolve, reject) => {
      const started = performance.now();
      this.#client.makeUnaryRequest(path, method.requestSerialize, method.responseDeserialize, request, new grpc.Metadata(), { deadline }, (err, res) => {
        this.#rpcDone(rpc, started, err);
        if (err !== null) reject(fromGrpcError(err));
        else if (res === undefined) reject(fromGrpcError(missingResponse()));
        else resolve(res);
      });
    });
  }

  /**
   * Streams a snapshot: the header chunk, then one chunk per pair batch,
   * honouring back-pressure. Resolves when the peer answers OK; rejects with
   * a raftkv error otherwise (the leader then retries later).
   */
  installSnapshot(header: SnapshotHeader, chunks: AsyncIterable<readonly KvPair[]>, deadline: Date): Promise<void> {
    if (this.#closed) return Promise.reject(new ShutdownError());
    const started = performance.now();
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const call = this.#client.makeClientStreamRequest(
        INSTALL_SNAPSHOT_PATH,
        installSnapshotMethod.requestSerialize,
        installSnapshotMethod.responseDeserialize,
        new grpc.Metadata(),
        { deadline },
        (err) => {
          settled = true;
          this.#rpcDone('InstallSnapshot', started, err);
          if (err !== null) reject(fromGrpcError(err));
          else resolve();
        },
      );
      const write = (chunk: Parameters<typeof call.write>[0]): Promise<void> =>
        new Promise((ok) => {
          if (call.write(chunk)) return ok();
          // A call that ends early never drains: stop waiting on its status too.
          const done = (): void => {
            call.off('drain', done);
            call.off('status', done);
            ok();
          };
          call.on('drain', done);
          call.on('status', done);
        });
      void (async () => {
        try {
          await write({ header });
          for await (const pairs of chunks) {
            if (settled) return;
            await write({ pairs });
          }
          call.end();
        } catch (err) {
          call.cancel();
          if (!settled) {
            settled = true;
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        }
      })();
    });
  }

  /** Points the channel at a new address (a peer that moved); queued messages go there. */
  setAddress(address: string): void {
    if (this.#closed || address === this.#address) return;
    this.#opts.logger.info({ peer: this.#opts.peerId, from: this.#address, to: address }, 'peer address changed');
    const old = this.#client;
    this.#address = address;
    this.#dropStream();
    this.#unaryUntil = 0;
    this.#client = this.#connect(address);
    old.close();
    this.#schedulePump();
  }

  /** New peer TLS credentials (rotated certificate files): a new channel; queued messages go on it. */
  setCredentials(credentials: grpc.ChannelCredentials): void {
    if (this.#closed) return;
    const old = this.#client;
    this.#credentials = credentials;
    this.#dropStream();
    this.#unaryUntil = 0;
    this.#client = this.#connect(this.#address);
    old.close();
    this.#schedulePump();
  }

  /** Drops queued messages and closes the channel. Idempotent. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#dropStream();
    if (this.#probeTimer !== undefined) clearInterval(this.#probeTimer);
    this.#forwarder.close();
    this.#client.close();
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * An upper bound on a message's encoded size, cheap enough for every send:
 * fixed fields (varints at most 10 bytes, tags, node ids) plus payloads.
 */
export function estimateSize(m: Message): number {
  let size = 96 + m.from.length + m.to.length + m.context.length;
  for (const e of m.entries) size += 40 + e.data.length;
  if (m.snapshot !== undefined) {
    size += 48;
    for (const id of [...m.snapshot.confState.voters, ...m.snapshot.confState.learners]) size += 4 + id.length;
  }
  return size;
}
