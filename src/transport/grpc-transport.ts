/**
 * The Transport over gRPC: one PeerClient (one channel, one send queue) per
 * peer, routing each message by its `to`.
 */
import type * as grpc from '@grpc/grpc-js';
import { NotAttemptedError, ShutdownError } from '../errors';
import type { KvPair, SnapshotHeader } from '../codec/snapshot-codec';
import type { Logger } from '../logger';
import type { Message, NodeId } from '../raft/types';
import { PeerClient, type PeerClientHooks, type PeerClientOptions, type PeerClientStats } from './peer-client';
import type { LeaseTimeLeft, ProposeResult, Transport } from './transport';

/** Limits and channel options passed to every PeerClient. */
export type PeerClientTuning = Pick<
  PeerClientOptions,
  'maxMessageBytes' | 'maxQueueMessages' | 'maxQueueBytes' | 'sendTimeoutMs' | 'channelOptions' | 'credentials'
>;

export interface GrpcTransportOptions {
  readonly clusterId: string;
  readonly nodeId: NodeId;
  readonly logger: Logger;
  /** Initial peers (id → host:port); more via setPeers. */
  readonly peers?: ReadonlyMap<NodeId, string>;
  /** Called after a failed Send to a peer (Raft's ReportUnreachable). */
  readonly onUnreachable?: (peerId: NodeId) => void;
  readonly client?: PeerClientTuning;
  /** Observers passed to every PeerClient (metrics). */
  readonly hooks?: PeerClientHooks;
}

export class GrpcTransport implements Transport {
  readonly #opts: GrpcTransportOptions;
  readonly #clients = new Map<NodeId, PeerClient>();
  #credentials: grpc.ChannelCredentials | undefined;
  #closing: Promise<void> | undefined;

  constructor(opts: GrpcTransportOptions) {
    this.#opts = opts;
    this.#credentials = opts.client?.credentials;
    if (opts.peers !== undefined) this.setPeers(opts.peers);
  }

  send(messages: readonly Message[]): void {
    if (this.#closing !== undefined) return;
    const byPeer = new Map<NodeId, Message[]>();
    for (const m of messages) {
      const batch = byPeer.get(m.to);
      if (batch === undefined) byPeer.set(m.to, [m]);
      else batch.push(m);
    }
    for (const [to, batch] of byPeer) {
      const client = this.#clients.get(to);
      if (client === undefined) {
        this.#opts.logger.debug({ to, count: batch.length }, 'no address for peer; dropped messages');
        continue;
      }
      client.send(batch);
    }
  }

  propose(to: NodeId, command: Uint8Array, deadline: Date): Promise<ProposeResult> {
    if (this.#closing !== undefined) return Promise.reject(new ShutdownError());
    const client = this.#clients.get(to);
    if (client === undefined) return Promise.reject(new NotAttemptedError(`no address is known for the leader ${to}`));
    return client.propose(command, deadline);
  }

  proposeConfChange(to: NodeId, confChange: Uint8Array, deadline: Date): Promise<ProposeResult> {
    if (this.#closing !== undefined) return Promise.reject(new ShutdownError());
    const client = this.#clients.get(to);
    if (client === undefined) return Promise.reject(new NotAttemptedError(`no address is known for the leader ${to}`));
    return client.proposeConfChange(confChange, deadline);
  }

  installSnapshot(to: NodeId, header: SnapshotHeader, chunks: AsyncIterable<readonly KvPair[]>, deadline: Date): Promise<void> {
    if (this.#closing !== undefined) return Promise.reject(new ShutdownError());
    const client = this.#clients.get(to);
    if (client === undefined) return Promise.reject(new NotAttemptedError(`no address is known for ${to}`));
    return client.installSnapshot(header, chunks, deadline);
  }

  renewLeases(to: NodeId, ids: readonly string[], deadline: Date): Promise<number[]> {
    return this.#toPeer(to, (client) => client.renewLeases(ids, deadline));
  }

  leaseTimesToLive(to: NodeId, ids: readonly string[], deadline: Date): Promise<LeaseTimeLeft[]> {
    return this.#toPeer(to, (client) => client.leaseTimesToLive(ids, deadline));
  }

  #toPeer<T>(to: NodeId, call: (client: PeerClient) => Promise<T>): Promise<T> {
    if (this.#closing !== undefined) return Promise.reject(new ShutdownError());
    const client = this.#clients.get(to);
    if (client === undefined) return Promise.reject(new NotAttemptedError(`no address is known for the leader ${to}`));
    return call(client);
  }

  setPeers(peers: ReadonlyMap<NodeId, string>): void {
    if (this.#closing !== undefined) return;
    for (const [id, client] of this.#clients) {
      if (peers.has(id)) continue;
      this.#clients.delete(id);
      void client.close();
    }
    for (const [id, address] of peers) {
      if (id === this.#opts.nodeId) continue;
      const existing = this.#clients.get(id);
      if (existing !== undefined) {
        existing.setAddress(address);
        continue;
      }
      this.#clients.set(
        id,
        new PeerClient({
          ...this.#opts.client,
          ...(this.#credentials !== undefined ? { credentials: this.#credentials } : {}),
          clusterId: this.#opts.clusterId,
          nodeId: this.#opts.nodeId,
          peerId: id,
          address,
          logger: this.#opts.logger,
          ...(this.#opts.onUnreachable !== undefined ? { onUnreachable: this.#opts.onUnreachable } : {}),
          ...(this.#opts.hooks !== undefined ? { hooks: this.#opts.hooks } : {}),
        }),
      );
    }
  }

  /** Rotated peer TLS certificate: every peer channel is rebuilt with it, and channels made later use it. */
  setCredentials(credentials: grpc.ChannelCredentials): void {
    if (this.#closing !== undefined) return;
    this.#credentials = credentials;
    for (const client of this.#clients.values()) client.setCredentials(credentials);
  }

  /** Per-peer counters, for metrics. */
  stats(): ReadonlyMap<NodeId, PeerClientStats> {
    return new Map([...this.#clients].map(([id, c]) => [id, c.stats]));
  }

  close(): Promise<void> {
    this.#closing ??= Promise.all([...this.#clients.values()].map((c) => c.close())).then(() => {
      this.#clients.clear();
    });
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
