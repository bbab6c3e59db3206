/**
 * One raftkv node, assembled: storage, state machine, peer transport, the
 * Raft driver, the client gRPC server (KV, Cluster, health, reflection) and
 * the HTTP port. start() builds them in dependency order; close() tears them
 * down in reverse (STYLE.md item 16), is idempotent, and bounds every wait.
 */
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import type { Logger } from 'pino';
import type { NodeConfig } from '../config';
import { RaftStore } from '../storage/raft-store';
import { KvStateMachine } from '../kv/state-machine';
import { PeerServer } from '../transport/peer-server';
import { GrpcTransport } from '../transport/grpc-transport';
import { RaftNode } from '../node/raft-node';
import type { NodeEvents } from '../node/node-events';
import { InvalidArgumentError, NotAttemptedError, errorMessage } from '../errors';
import { decodeConfChange } from '../raft';
import { joinCluster } from './join';
import { findRunningCluster, grpcStatusProbe } from './find-running-cluster';
import { KvClient } from '../cli/kv-client';
import { podFqdn } from '../discovery/k8s-names';
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from '../kv/limits';
import { clientProtos } from './client-protos';
import { kvServiceHandlers } from './kv-service';
import { clusterServiceHandlers } from './cluster-service';
import { HttpServer } from './http-server';
import { NodeMetrics } from './metrics';
import { LeaderCommitTracker, readiness } from './readiness';
import { join } from 'node:path';
import { checkIdentity } from '../storage/identity';
import { DnsPeerResolver } from '../discovery/dns-peer-resolver';

/** Room for the protobuf framing around the largest key and value. */
const CLIENT_MESSAGE_OVERHEAD = 64 * 1024;
/** Peer batches carry up to 64 entries per message and several messages. */
const PEER_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
const CLOSE_TIMEOUT_MS = 5_000;
/** Deadline of one status probe of another pod before bootstrapping. */
const PROBE_TIMEOUT_MS = 2_000;
/** How long a --join node keeps asking the cluster to add it before giving up. */
const JOIN_TIMEOUT_MS = 60_000;
const HEALTH_SERVICES = ['', 'raftkv.kv.v1.KVService', 'raftkv.cluster.v1.ClusterService'];

interface Parts {
  readonly store: RaftStore;
  readonly transport: GrpcTransport;
  readonly peerServer: PeerServer;
  readonly clientServer: grpc.Server;
  readonly health: HealthImplementation;
  readonly http: HttpServer;
  readonly healthTimer: NodeJS.Timeout;
  readonly discovery: DnsPeerResolver | undefined;
}

export class RaftKvServer {
  readonly node: RaftNode;
  readonly metrics: NodeMetrics;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly httpPort: number;
  readonly #parts: Parts;
  readonly #logger: Logger;
  readonly #fatalListeners: ((err: Error) => void)[] = [];
  #closing: Promise<void> | undefined;

  private constructor(
    node: RaftNode,
    metrics: NodeMetrics,
    ports: { client: number; peer: number; http: number },
    parts: Parts,
    logger: Logger,
  ) {
    this.node = node;
    this.metrics = metrics;
    this.clientPort = ports.client;
    this.peerPort = ports.peer;
    this.httpPort = ports.http;
    this.#parts = parts;
    this.#logger = logger;
  }

  /** Starts every part; if one fails, closes those already started (in reverse) and rethrows. */
  static async start(config: NodeConfig, logger: Logger): Promise<RaftKvServer> {
    const undo: (() => Promise<void> | void)[] = [];
    try {
      return await RaftKvServer.#start(config, logger, undo);
    } catch (err) {
      for (const step of undo.reverse()) {
        await Promise.resolve()
          .then(step)
          .catch(() => undefined);
      }
      throw err;
    }
  }

  static async #start(config: NodeConfig, logger: Logger, undo: (() => Promise<void> | void)[]): Promise<RaftKvServer> {
    const log = (component: string): Logger => logger.child({ component });
    const store = await RaftStore.open(join(config.dataDir), log('storage'));
    undo.push(() => store.close());
    // Refuse another node's data before listening on anything.
    checkIdentity(config.dataDir, await store.identity(), { clusterId: config.clusterId, nodeId: config.id });
    const stateMachine = new KvStateMachine(store);
    const metrics = new NodeMetrics(config.id);
    // The peer server starts before the node exists; messages meanwhile are dropped.
    const late: { node?: RaftNode } = {};
    const fatal: ((err: Error) => void)[] = [];
    const leaderCommit = new LeaderCommitTracker();

    const peerServer = new PeerServer({
      clusterId: config.clusterId,
      nodeId: config.id,
      address: config.peerAddr,
      onMessages: (msgs) => {
        leaderCommit.observe(msgs);
        late.node?.receive(msgs);
      },
      onPropose: (command, deadline) => {
        if (late.node === undefined) return Promise.reject(new NotAttemptedError('the node is still starting'));
        return late.node.proposeAsLeader(command, deadline ?? new Date(Date.now() + config.requestTimeoutMs));
      },
      onProposeConfChange: (bytes, deadline) => {
        if (late.node === undefined) return Promise.reject(new NotAttemptedError('the node is still starting'));
        let cc;
        try {
          cc = decodeConfChange(bytes);
        } catch (err) {
          return Promise.reject(new InvalidArgumentError('conf_change', errorMessage(err)));
        }
        return late.node.proposeConfChangeAsLeader(cc, deadline ?? new Date(Date.now() + config.requestTimeoutMs));
      },
      onInstallSnapshot: (header, chunks) => {
        if (late.node === undefined) return Promise.reject(new NotAttemptedError('the node is still starting'));
        return late.node.installSnapshot(header, chunks);
      },
      maxMessageBytes: PEER_MAX_MESSAGE_BYTES,
      logger: log('transport'),
    });
    undo.push(() => peerServer.close());
    const peerPort = await peerServer.start();
    const transport = new GrpcTransport({ clusterId: config.clusterId, nodeId: config.id, logger: log('transport'), client: { maxMessageBytes: PEER_MAX_MESSAGE_BYTES }, hooks: metrics.peerHooks() });
    undo.push(() => transport.close());
    // --discovery=dns: wait (bounded) for the peers' names to resolve, then follow their addresses.
    const d = config.discovery;
    const discovery = d.mode === 'dns'
      ? await DnsPeerResolver.start({ peers: config.peers, waitMs: d.waitMs, refreshMs: d.refreshMs, logger: log('discovery') })
      : undefined;
    undo.push(() => discovery?.close());

    // An empty data dir of a pod that takes itself for an initial voter joins
    // instead when a cluster already runs (helm upgrade to more replicas).
    let joinVia = config.join;
    if (joinVia === undefined && d.mode === 'dns' && (await store.identity()) === undefined) {
      const clientPort = config.clientAddr.slice(config.clientAddr.lastIndexOf(':') + 1);
      const others = [...config.peers.keys()]
        .filter((id) => id !== config.id)
        .map((id) => ({ id, clientAddress: `${podFqdn(d, Number(id.slice(id.lastIndexOf('-') + 1)))}:${clientPort}` }));
      joinVia = await findRunningCluster(config.id, others, grpcStatusProbe((address) => new KvClient([address], { timeoutMs: PROBE_TIMEOUT_MS })));
      if (joinVia !== undefined) log('join').info({ via: joinVia }, 'a cluster is already running: joining it instead of bootstrapping');
    }

    // --join with an empty data dir (no identity yet): ask the cluster to add us first.
    if (joinVia !== undefined && (await store.identity()) === undefined) {
      const { book, joinedAt } = await joinCluster({
        via: joinVia,
        id: config.id,
        peerAddress: config.advertisePeerAddr,
        clientAddress: config.advertiseClientAddr,
        timeoutMs: JOIN_TIMEOUT_MS,
        requestTimeoutMs: config.requestTimeoutMs,
        logger: log('join'),
      });
      await store.save({ entries: [], members: book }, true);
      await store.saveIdentity({ clusterId: config.clusterId, nodeId: config.id, joinedAt });
    }
    const joinedAt = (await store.identity())?.joinedAt ?? 0;

    const raftLogger = log('raft');
    const storageLogger = log('storage');
    const events = mergeEvents(metrics.events(), {
      onLeaderChange: (leader, term) => raftLogger.info({ leader, term }, leader === '' ? 'leader lost' : `leader is ${leader}`),
      onPersisted: (entries, ms, synced, bytes) => {
        if (synced && ms > config.slowSyncMs) {
          storageLogger.warn({ durationMs: Math.round(ms), entries, bytes, thresholdMs: config.slowSyncMs }, 'slow fsync: the disk is slowing consensus down');
        }
      },
      onFatal: (err) => fatal.forEach((f) => f(err)),
    });
    const node = await RaftNode.start({
      id: config.id,
      clusterId: config.clusterId,
      initialPeers: discovery?.addresses() ?? config.peers,
      tickMs: config.tickMs,
      electionTicks: config.electionTicks,
      heartbeatTicks: config.heartbeatTicks,
      store,
      stateMachine,
      transport,
      logger: raftLogger,
      events,
      join: joinVia !== undefined,
      ignoreOwnRemovalBelow: joinedAt,
      clientAddress: config.advertiseClientAddr,
      snapshotEntries: config.snapshotEntries,
    });
    late.node = node;
    undo.push(() => node.close());
    metrics.attach({ node, storage: store, sent: transport, received: peerServer });
    if (discovery !== undefined) {
      node.setDiscoveredAddresses(discovery.addresses());
      discovery.watch((peers) => node.setDiscoveredAddresses(peers));
    }

    const clientServer = new grpc.Server({
      // go-grpc-prometheus-style request metrics for every client service.
      interceptors: metrics.grpcInterceptors(),
      'grpc.max_receive_message_length': MAX_KEY_BYTES + MAX_VALUE_BYTES + CLIENT_MESSAGE_OVERHEAD,
      'grpc.max_send_message_length': MAX_KEY_BYTES + MAX_VALUE_BYTES + CLIENT_MESSAGE_OVERHEAD,
    });
    const protos = clientProtos();
    const handlerLogger = log('server');
    clientServer.addService(
      protos.kv.raftkv.kv.v1.KVService.service,
      kvServiceHandlers({ node, stateMachine, requestTimeoutMs: config.requestTimeoutMs, logger: handlerLogger }),
    );
    clientServer.addService(
      protos.cluster.raftkv.cluster.v1.ClusterService.service,
      clusterServiceHandlers({
        node,
        clusterId: config.clusterId,
        advertiseClientAddr: config.advertiseClientAddr,
        requestTimeoutMs: config.requestTimeoutMs,
        logger: handlerLogger,
      }),
    );
    const health = new HealthImplementation(Object.fromEntries(HEALTH_SERVICES.map((s) => [s, 'NOT_SERVING'])));
    health.addToServer(clientServer);
    new ReflectionService(protos.definition).addToServer(clientServer);
    undo.push(() => clientServer.forceShutdown());
    const clientPort = await new Promise<number>((resolve, reject) => {
      clientServer.bindAsync(config.clientAddr, grpc.ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(new Error(`client server cannot listen on ${config.clientAddr}: ${err.message}`)) : resolve(port),
      );
    });

    const http = await HttpServer.listen(config.httpAddr, { registry: metrics.registry, readiness: () => readiness(node, leaderCommit) });
    // The gRPC health service reports the same readiness as /readyz.
    const updateHealth = (): void => {
      const status = readiness(node, leaderCommit).ready ? 'SERVING' : 'NOT_SERVING';
      for (const s of HEALTH_SERVICES) health.setStatus(s, status);
    };
    const healthTimer = setInterval(updateHealth, Math.max(50, config.tickMs));
    healthTimer.unref();
    updateHealth();

    logger.info(
      { clientPort, peerPort, httpPort: http.port, dataDir: config.dataDir, peers: Object.fromEntries(config.peers) },
      'raftkv node started',
    );
    const server = new RaftKvServer(
      node,
      metrics,
      { client: clientPort, peer: peerPort, http: http.port },
      { store, transport, peerServer, clientServer, health, http, healthTimer, discovery },
      logger,
    );
    fatal.push((err) => server.#fatalListeners.forEach((f) => f(err)));
    return server;
  }

  onFatal(listener: (err: Error) => void): void {
    this.#fatalListeners.push(listener);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const p = this.#parts;
    const step = async (name: string, fn: () => Promise<void> | void): Promise<void> => {
      try {
        await fn();
      } catch (err) {
        this.#logger.warn({ step: name, err: errorMessage(err) }, 'shutdown step failed');
      }
    };
    await step('health', () => {
      clearInterval(p.healthTimer);
      for (const s of HEALTH_SERVICES) p.health.setStatus(s, 'NOT_SERVING');
    });
    await step('client server', () => shutdownGrpc(p.clientServer, CLOSE_TIMEOUT_MS));
    await step('raft node', () => this.node.close());
    await step('discovery', () => p.discovery?.close());
    await step('transport', () => p.transport.close());
    await step('peer server', () => p.peerServer.close());
    await step('storage', () => p.store.close());
    await step('http', () => p.http.close());
    this.#logger.info({}, 'raftkv node stopped');
    this.#logger.flush();
  }
}

/** Lets in-flight calls finish for up to timeoutMs, then cuts them. */
function shutdownGrpc(server: grpc.Server, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, timeoutMs);
    timer.unref();
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function mergeEvents(...all: NodeEvents[]): NodeEvents {
  return {
    onLeaderChange: (leader, term) => all.forEach((e) => e.onLeaderChange?.(leader, term)),
    onRoleChange: (role, term) => all.forEach((e) => e.onRoleChange?.(role, term)),
    onPersisted: (n, ms, synced, bytes) => all.forEach((e) => e.onPersisted?.(n, ms, synced, bytes)),
    onApplied: (index) => all.forEach((e) => e.onApplied?.(index)),
    onProposalSettled: (err) => all.forEach((e) => e.onProposalSettled?.(err)),
    onReadIndex: (ms, ok) => all.forEach((e) => e.onReadIndex?.(ms, ok)),
    onSnapshot: (kind, index, ms) => all.forEach((e) => e.onSnapshot?.(kind, index, ms)),
    onFatal: (err) => all.forEach((e) => e.onFatal?.(err)),
  };
}
