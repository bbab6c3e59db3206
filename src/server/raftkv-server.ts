/**
 * One raftkv node, assembled: storage, state machine, peer transport, the
 * Raft driver, the client gRPC server (KV, Cluster, health, reflection) and
 * the HTTP port. start() builds them in dependency order; close() tears them
 * down in reverse (STYLE.md item 16), is idempotent, and bounds every wait.
 */
import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
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
import { NotAttemptedError, errorMessage } from '../errors';
import { validateForwardedCommand, validateForwardedConfChange } from './forwarded-command-validation';
import { fetchJoinBase, joinCluster, removeStaleSelf } from './join';
import { learnClusterId } from './learn-cluster-id';
import { answerProbe, probeUntilDecided } from './find-running-cluster';
import { probePeer, type ProbeRequest, type ProbeResponse } from '../transport/probe-method';
import { MAX_WRITE_REQUEST_BYTES } from '../kv/limits';
import { clientProtos } from './client-protos';
import { reflectionDefinition } from './reflection-descriptors';
import { rejectUndecodableRequests, withUndecodableRequests } from './request-decoding';
import { kvServiceHandlers } from './kv-service';
import { createKvApi } from './kv-api-impl';
import type { KvApi } from './kv-api';
import { WatchHub } from '../watch/watch-hub';
import { watchHandler } from './watch-service';
import { clusterServiceHandlers } from './cluster-service';
import { leaseServiceHandlers } from './lease-service';
import { maintenanceServiceHandlers } from './maintenance-service';
import { backupStream } from '../storage/backup-source';
import { forceNewCluster } from '../storage/force-new-cluster';
import { spaceGuarded } from './space-guard';
import { SpaceMonitor } from './space-monitor';
import { MaintenanceOps } from './maintenance-ops';
import { CorruptionCheck } from './corruption-check';
import { readGuarded } from './read-guard';
import { createLeaseApi } from './lease-api';
import { addEtcdServices } from '../etcd';
import { LeaseKeeper } from '../lease/lease-keeper';
import { LeaseRouter } from '../lease/lease-router';
import { HttpServer } from './http-server';
import { raftLimits } from './raft-limits';
import { stageMetrics } from './stage-metrics';
import { NodeMetrics } from './metrics';
import { LeaderCommitTracker, readiness } from './readiness';
import { StartupPhase, StartupProgress } from './startup-progress';
import { join } from 'node:path';
import { checkIdentity } from '../storage/identity';
import { deriveClusterId } from '../discovery/cluster-id';
import { DnsPeerResolver } from '../discovery/dns-peer-resolver';
import { kubernetesReplicaSource } from '../discovery/statefulset-replicas';
import { StatefulSetMembership } from './statefulset-membership';
import { NodeTls } from '../security/node-tls';
import { createNodeAuth } from '../auth/node-auth';
import { readPasswordText, RootBootstrap } from '../auth/root-bootstrap';
import { authServiceHandlers } from './auth-service';
import { statusForMethod } from '../etcd/etcd-status';
import { toGrpcStatus } from '../grpc-status';
import { ResponseBudget, responseBudgetInterceptor } from './response-budget';

/** Room for the protobuf framing around the largest write (its log entry is at most MAX_WRITE_REQUEST_BYTES). */
const CLIENT_MESSAGE_OVERHEAD = 64 * 1024;
/** Peer batches carry up to 64 entries per message and several messages. */
const PEER_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
const CLOSE_TIMEOUT_MS = 5_000;
/** Deadline of one status probe of another pod before bootstrapping. */
const PROBE_TIMEOUT_MS = 2_000;
/** How long a --join node keeps asking the cluster to add it before giving up. */
const JOIN_TIMEOUT_MS = 60_000;
/** Deadline of one read of the StatefulSet from the Kubernetes API. */
const K8S_API_TIMEOUT_MS = 5_000;
/** Every service of the client port, and "" (the server as a whole): a health check may name any of them. */
const HEALTH_SERVICES = ['', 'raftkv.kv.v1.KVService', 'raftkv.kv.v1.LeaseService', 'raftkv.cluster.v1.ClusterService', 'raftkv.cluster.v1.MaintenanceService'];

interface Parts {
  readonly store: RaftStore;
  readonly transport: GrpcTransport;
  readonly peerServer: PeerServer;
  readonly clientServer: grpc.Server;
  readonly health: HealthImplementation;
  readonly http: HttpServer;
  readonly healthTimer: NodeJS.Timeout;
  readonly discovery: DnsPeerResolver | undefined;
  readonly leaseKeeper: LeaseKeeper;
  readonly watchHub: WatchHub;
  readonly membership: StatefulSetMembership | undefined;
  readonly leaveTimeoutMs: number;
  readonly space: SpaceMonitor;
  readonly corruption: CorruptionCheck;
  readonly rootBootstrap: RootBootstrap | undefined;
  /** Certificate files watched for rotation (client ports, peer port); stopped last. */
  readonly tls: NodeTls;
}

export class RaftKvServer {
  readonly node: RaftNode;
  readonly metrics: NodeMetrics;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly httpPort: number;
  /** The KV operations every door calls (gRPC KVService, HTTP/JSON). */
  readonly kvApi: KvApi;
  readonly #parts: Parts;
  readonly #logger: Logger;
  readonly #fatalListeners: ((err: Error) => void)[] = [];
  readonly #rejoinListeners: ((reason: string) => void)[] = [];
  #closing: Promise<void> | undefined;

  private constructor(
    node: RaftNode,
    metrics: NodeMetrics,
    ports: { client: number; peer: number; http: number },
    parts: Parts,
    logger: Logger,
    kvApi: KvApi,
  ) {
    this.kvApi = kvApi;
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
    const metrics = new NodeMetrics(config.id);
    const leaderCommit = new LeaderCommitTracker();
    // The peer server starts before the node exists; messages meanwhile are dropped.
    const late: { node?: RaftNode; leases?: LeaseRouter; leaseKeeper?: LeaseKeeper; watchHub?: WatchHub; corruption?: CorruptionCheck } = {};
    // The HTTP port first: from the process's first second, probes and
    // Prometheus learn why the node is not ready (waiting for DNS, probing
    // peers, joining) instead of finding the port closed, which also kept the
    // kubelet restarting pods whose peers were still Pending.
    const progress = new StartupProgress();
    // Certificates first: the HTTP port serves HTTPS from its first second when TLS is on.
    const tls = new NodeTls(config, log('tls'));
    undo.push(() => tls.close());
    const httpTls = tls.httpTls();
    const http = await HttpServer.listen(config.httpAddr, {
      registry: metrics.registry,
      readiness: () => (late.node === undefined ? { ready: false, reason: progress.reason } : readiness(late.node, leaderCommit, () => late.corruption?.diverged() === true)),
      kv: 'later',
      maxConnections: config.maxHttpConnections,
      ...(httpTls !== undefined ? { tls: httpTls } : {}),
    });
    undo.push(() => http.close());
    const store = await RaftStore.open(join(config.dataDir), log('storage'));
    undo.push(() => store.close());
    // Refuse another node's data before listening on anything.
    // The cluster id: --cluster-id when set; else the one this data dir
    // keeps (also one stored before ids were derived); else derived from the
    // initial peers and token, alike on every initial member. A joining node
    // takes the cluster's instead, below (src/discovery/cluster-id.ts).
    const stored = await store.identity();
    let clusterId = config.clusterId ?? stored?.clusterId ?? deriveClusterId(config.peers, config.initialClusterToken);
    checkIdentity(config.dataDir, stored, { clusterId, nodeId: config.id });
    const joinCredentials = tls.joinCredentials();
    const probe = (address: string, req: ProbeRequest, timeoutMs: number): Promise<ProbeResponse> => probePeer(address, req, timeoutMs, tls.peerChannelCredentials());
    const stateMachine = new KvStateMachine(store, log('kv'), { historyRevisions: config.watchHistoryRevisions });
    // Quorum lost: rewrite this member's data into a one-member cluster before anything reads it (force-new-cluster.ts).
    if (config.forceNewCluster) await forceNewCluster(store, stateMachine, { id: config.id, peerAddress: config.advertisePeerAddr }, log('storage'));
    const fatal: ((err: Error) => void)[] = [];
    // What the start-up probe answers before the node exists (find-running-cluster.ts).
    const startup = { phase: 'deciding' as 'deciding' | 'joining' };

    const peerServerTls = tls.peerServerTls();
    const peerServer = new PeerServer({
      clusterId,
      nodeId: config.id,
      address: config.peerAddr,
      onMessages: (msgs) => {
        leaderCommit.observe(msgs);
        late.node?.receive(msgs);
      },
      // What a follower forwards passes the same checks as a client request (forwarded-command-validation.ts).
      onPropose: (command, deadline, from) => {
        if (late.node === undefined) return Promise.reject(new NotAttemptedError('the node is still starting'));
        try {
          validateForwardedCommand(command, from);
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
        return late.node.proposeAsLeader(command, deadline ?? new Date(Date.now() + config.requestTimeoutMs));
      },
      onProposeConfChange: (bytes, deadline) => {
        if (late.node === undefined) return Promise.reject(new NotAttemptedError('the node is still starting'));
        let cc;
        try {
          cc = validateForwardedConfChange(bytes);
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
        return late.node.proposeConfChangeAsLeader(cc, deadline ?? new Date(Date.now() + config.requestTimeoutMs));
      },
      // Voters, learners and the address book: who this node knows as a member (peer-admission.ts).
      members: () => {
        const node = late.node;
        if (node === undefined) return undefined;
        const { voters, learners } = node.status().confState;
        return new Set([...voters, ...learners, ...node.members().keys()]);
      },
      onProbe: () =>
        answerProbe(late.node, { nodeId: config.id, clusterId, clientAddress: config.advertiseClientAddr, initialVoters: [...config.peers.keys()], phase: startup.phase }),
      onInstallSnapshot: (header, chunks) => {
        if (late.node === undefined) return Promise.reject(new NotAttemptedError('the node is still starting'));
        return late.node.installSnapshot(header, chunks);
      },
      onRenewLeases: (ids, deadline) => {
        if (late.leases === undefined) return Promise.reject(new NotAttemptedError('the node is still starting'));
        return late.leases.renewAsLeader(ids, deadline ?? new Date(Date.now() + config.requestTimeoutMs));
      },
      onLeaseTimesToLive: (ids, deadline) => {
        if (late.leases === undefined) return Promise.reject(new NotAttemptedError('the node is still starting'));
        return late.leases.timesToLiveAsLeader(ids, deadline ?? new Date(Date.now() + config.requestTimeoutMs));
      },
      maxMessageBytes: PEER_MAX_MESSAGE_BYTES,
      logger: log('transport'),
      ...(peerServerTls !== undefined ? { tls: peerServerTls } : {}),
    });
    undo.push(() => peerServer.close());
    const peerPort = await peerServer.start();
    // --discovery=dns: wait (bounded) for the peers' names to resolve, then follow their addresses.
    const d = config.discovery;
    if (d.mode === 'dns') progress.enter(StartupPhase.WaitingForDns, "resolving the peers' names");
    const discovery = d.mode === 'dns'
      ? await DnsPeerResolver.start({
        peers: config.peers,
        waitMs: d.waitMs,
        refreshMs: d.refreshMs,
        // A majority of the initial pods (this one included) is enough to form a new cluster or find a running one.
        enough: Math.floor(config.peers.size / 2) + 1,
        logger: log('discovery'),
        onWaiting: (hosts) => progress.enter(StartupPhase.WaitingForDns, `not resolving yet: ${hosts.join(', ')}`),
      })
      : undefined;
    undo.push(() => discovery?.close());
    // From now on, not only once the node runs: the start-up probe below reads the addresses every round.
    discovery?.watch((peers) => late.node?.setDiscoveredAddresses(peers));

    // An empty data dir bootstraps only a brand-new cluster: first ask the
    // initial peers (find-running-cluster.ts). A running cluster that lists
    // this node means its disk was lost: have the cluster remove it, then join
    // like --join, voting again only once caught up and promoted.
    let joinVia = config.join;
    if (joinVia === undefined && (await isEmptyDataDir(store))) {
      progress.enter(StartupPhase.ProbingPeers, 'asking the initial peers whether a cluster already runs');
      const decision = await probeUntilDecided({
        selfId: config.id,
        // Empty unless set: a running cluster answers whatever its id (a joiner takes it below).
        clusterId: config.clusterId ?? '',
        peers: () => new Map([...(discovery?.addresses() ?? config.peers)].filter(([id]) => id !== config.id)),
        probe,
        probeTimeoutMs: PROBE_TIMEOUT_MS,
        logger: log('join'),
        onWaiting: (reason) => progress.enter(StartupPhase.ProbingPeers, reason),
      });
      if (decision.action !== 'bootstrap') {
        startup.phase = 'joining';
        progress.enter(StartupPhase.Joining, `${decision.action === 'replace' ? 'having this node replaced' : 'asking to be added'} via ${decision.via.join(', ')}`);
        if (decision.action === 'replace') {
          log('join').warn({ via: decision.via }, `lost disk: ${decision.reason}; asking the cluster to replace this node (remove it, add it back as a learner) instead of voting with an empty log`);
        } else {
          log('join').info({ via: decision.via }, 'a cluster is already running: joining it instead of bootstrapping');
        }
        // Asked of the cluster itself either way: should it list us after all
        // (answers change), our old incarnation goes first. AddMember alone
        // would accept the id as it stands.
        await removeStaleSelf({
          via: decision.via,
          id: config.id,
          requestTimeoutMs: config.requestTimeoutMs,
          logger: log('join'),
          ...(joinCredentials !== undefined ? { credentials: joinCredentials } : {}),
        });
        joinVia = decision.via[0];
      }
    }

    // --join with an empty data dir (no identity yet): ask the cluster to add us first.
    if (joinVia !== undefined && (await store.identity()) === undefined) {
      progress.enter(StartupPhase.Joining, `asking to be added via ${joinVia}`);
      const { book, joinedAt } = await joinCluster({
        via: joinVia,
        id: config.id,
        peerAddress: config.advertisePeerAddr,
        clientAddress: config.advertiseClientAddr,
        timeoutMs: JOIN_TIMEOUT_MS,
        requestTimeoutMs: config.requestTimeoutMs,
        logger: log('join'),
        ...(joinCredentials !== undefined ? { credentials: joinCredentials } : {}),
      });
      const learned = await learnClusterId({ selfId: config.id, clusterId: config.clusterId ?? '', book, probe, probeTimeoutMs: PROBE_TIMEOUT_MS });
      if (learned !== undefined && learned !== clusterId) {
        log('join').info({ clusterId: learned }, 'joining: took the cluster id of the running cluster');
        clusterId = learned;
        peerServer.setClusterId(clusterId);
      } else if (learned === undefined) {
        log('join').warn({ clusterId }, 'no member named its cluster id (members of an older version?): keeping this one; set --cluster-id if peers refuse it');
      }
      // The log the leader sends may start at entry 1, after the bootstrap configuration (join.ts).
      const baseConf = await fetchJoinBase({ selfId: config.id, clusterId, book, probe, probeTimeoutMs: PROBE_TIMEOUT_MS, logger: log('join') });
      await store.save({ entries: [], members: book }, true);
      // Identity (with joinedAt) before the base: a crash in between must
      // leave a joined node that waits for the leader, never a data dir that
      // looks bootstrapped.
      await store.saveIdentity({ clusterId, nodeId: config.id, joinedAt });
      if (baseConf !== undefined) await store.save({ entries: [], snapshot: { index: 0, term: 0, confState: baseConf } }, true);
    }
    const joinedAt = (await store.identity())?.joinedAt ?? 0;

    progress.enter(StartupPhase.StartingNode);
    const initialPeerCredentials = tls.peerChannelCredentials();
    const transport = new GrpcTransport({
      clusterId,
      nodeId: config.id,
      logger: log('transport'),
      client: { maxMessageBytes: PEER_MAX_MESSAGE_BYTES, ...(initialPeerCredentials !== undefined ? { credentials: initialPeerCredentials } : {}) },
      hooks: metrics.peerHooks(),
      // A failed Send tells the core to probe that peer rather than stream into the void.
      onUnreachable: (peer) => late.node?.reportUnreachable(peer),
    });
    undo.push(() => transport.close());
    // A rotated peer certificate: outgoing channels are rebuilt with it (the server side follows by itself).
    tls.peerCerts?.onChange(() => {
      const rotated = tls.peerChannelCredentials();
      if (rotated !== undefined) transport.setCredentials(rotated);
    });
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
    }, {
      // Lease expiry follows leadership at once, not at the keeper's next check.
      onLeaderChange: () => late.leaseKeeper?.syncLeadership(),
    });
    const node = await RaftNode.start({
      id: config.id,
      clusterId,
      initialPeers: discovery?.addresses() ?? config.peers,
      tickMs: config.tickMs,
      electionTicks: config.electionTicks,
      heartbeatTicks: config.heartbeatTicks,
      store,
      stateMachine,
      transport,
      logger: raftLogger,
      events,
      // A node that joined never bootstraps, even restarted before the leader's snapshot reached it.
      join: joinVia !== undefined || joinedAt > 0,
      ignoreOwnRemovalBelow: joinedAt,
      clientAddress: config.advertiseClientAddr,
      snapshotEntries: config.snapshotEntries,
      limits: raftLimits(config),
      ...(config.traceStages ? { traceStages: stageMetrics(metrics.registry) } : {}),
    });
    late.node = node;
    undo.push(() => node.close());
    // Only the leader decides lease expiry; every node keeps the table ready for when it leads.
    const leaseKeeper = new LeaseKeeper({
      node: { leadership: () => ({ leading: node.leader === node.id, term: node.status().term }), proposeAsLeader: (c, d) => node.proposeAsLeader(c, d) },
      leases: stateMachine,
      logger: log('lease'),
    });
    await leaseKeeper.start();
    undo.push(() => leaseKeeper.close());
    late.leaseKeeper = leaseKeeper;
    late.leases = new LeaseRouter(node, leaseKeeper, transport);
    // --corrupt-check-interval-ms: members compare their state's digest at one log index (corruption-check.ts).
    const corruption = new CorruptionCheck({
      nodeId: config.id,
      intervalMs: config.corruptCheckIntervalMs,
      node: {
        leading: () => node.leader === node.id,
        members: () => node.status().confState,
        proposeAsLeader: (c, d) => node.proposeAsLeader(c, d),
        propose: (c, d) => node.propose(c, d),
        transferLeadership: (to, d) => node.transferLeadership(to, d),
      },
      stateMachine,
      logger: log('consistency'),
      onDiverged: (err) => late.watchHub?.failAll(err),
    });
    corruption.start();
    undo.push(() => corruption.close());
    late.corruption = corruption;
    // A member that diverged serves no reads and starts no watches, through any door.
    const guardedReader = readGuarded(stateMachine, () => corruption.assertServingReads());
    // Watches are served from this node's applied state: one hub, fed by the state machine.
    const watchLogger = log('watch');
    const watchHub = new WatchHub({
      source: stateMachine,
      admit: () => corruption.assertServingReads(),
      progressIntervalMs: config.watchProgressIntervalMs,
      maxWatchers: config.maxWatchers,
      hooks: { onCatchUpError: (err) => watchLogger.error({ err: err instanceof Error ? err.stack : String(err) }, 'a watch failed reading history') },
    });
    undo.push(() => watchHub.close());
    late.watchHub = watchHub;
    metrics.attach({
      node,
      storage: store,
      sent: transport,
      received: peerServer,
      leases: leaseKeeper,
      watches: watchHub,
      space: { quotaBytes: config.quotaBackendBytes, alarms: () => stateMachine.alarms() },
    });
    // --quota-backend-bytes: measure the database, raise NOSPACE through the log when over (space-monitor.ts).
    const space = new SpaceMonitor({
      nodeId: config.id,
      dataDir: config.dataDir,
      quotaBytes: config.quotaBackendBytes,
      reserveBytes: config.diskReserveBytes,
      alarms: () => stateMachine.alarms(),
      propose: (c, d) => node.propose(c, d),
      logger: log('space'),
    });
    space.start();
    undo.push(() => space.close());
    // Every door proposes through this: writes that add data are refused while NOSPACE is raised (space-guard.ts).
    const apiNode = spaceGuarded(node, { alarms: () => stateMachine.alarms(), quotaBytes: config.quotaBackendBytes, lowDisk: () => space.lowDisk() });
    const maintenance = new MaintenanceOps({
      dataDir: config.dataDir,
      quotaBytes: config.quotaBackendBytes,
      lowDisk: () => space.lowDisk(),
      alarms: () => stateMachine.alarms(),
      propose: (c, d) => node.propose(c, d),
      compactDatabase: () => store.compactDatabase(),
      measure: async () => {
        metrics.refreshDbSize();
        return (await space.check()).databaseBytes;
      },
      logger: log('maintenance'),
    });
    if (discovery !== undefined) {
      node.setDiscoveredAddresses(discovery.addresses());
    }
    // --follow-statefulset: the membership follows spec.replicas (statefulset-membership.ts).
    const rejoin: { wanted?: (reason: string) => void } = {};
    let membership: StatefulSetMembership | undefined;
    if (d.mode === 'dns' && d.followStatefulSet) {
      const replicas = await kubernetesReplicaSource({ namespace: d.namespace, name: d.stsName, timeoutMs: K8S_API_TIMEOUT_MS });
      membership = new StatefulSetMembership({
        node,
        replicas,
        clusterId,
        stsName: d.stsName,
        ordinal: d.ordinal,
        checkMs: d.scaleCheckMs,
        electionTimeoutMs: config.tickMs * config.electionTicks,
        requestTimeoutMs: config.requestTimeoutMs,
        peers: () => new Map([...[...node.members()].map(([id, m]) => [id, m.peerAddress] as const), ...(discovery?.addresses() ?? [])]),
        probe: probePeer,
        logger: log('membership'),
        onRejoinWanted: (reason) => rejoin.wanted?.(reason),
      });
      membership.start();
      const started = membership;
      undo.push(() => started.close());
    }

    // A failure answered by an interceptor speaks the door's language: etcd's words for etcd's methods.
    const statusOf = (path: string, err: unknown): ReturnType<typeof toGrpcStatus> => statusForMethod(path, err) ?? toGrpcStatus(err);
    // Users, roles and tokens (src/auth): one interceptor checks every client RPC of both APIs.
    const auth = createNodeAuth({
      node,
      state: () => stateMachine.authState(),
      leaseKeys: (id) => stateMachine.leaseKeys(id),
      tokenTtlSeconds: config.authTokenTtlSeconds,
      clientCertAuth: config.clientTls?.clientCertAuth ?? false,
      statusOf,
    });
    // --bootstrap-root-password-file: auth on from the first start, root's password from a Secret (root-bootstrap.ts).
    const pwFile = config.bootstrapRootPasswordFile;
    const rootBootstrap = pwFile === undefined ? undefined : new RootBootstrap({ api: auth.api, password: readPasswordText(readFileSync(pwFile, 'utf8')), requestTimeoutMs: config.requestTimeoutMs, logger: log('auth') });
    rootBootstrap?.start();
    undo.push(() => rootBootstrap?.close());
    const clientServer = new grpc.Server({
      // go-grpc-prometheus-style request metrics for every client service; auth; the node's response memory.
      interceptors: [
        ...metrics.grpcInterceptors(),
        rejectUndecodableRequests,
        auth.interceptor,
        responseBudgetInterceptor(new ResponseBudget(config.maxResponseBytesInFlight), statusOf),
      ],
      'grpc.max_receive_message_length': MAX_WRITE_REQUEST_BYTES + CLIENT_MESSAGE_OVERHEAD,
      // Unlimited: a response too large to send would fail after a Txn was applied.
      // Range pages are bounded (MAX_RANGE_PAGE_BYTES); the client's receive limit has the last word.
      'grpc.max_send_message_length': -1,
      // One client connection cannot open calls without bound (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS).
      'grpc.max_concurrent_streams': config.maxConcurrentStreams,
    });
    const protos = clientProtos();
    const kvApi = createKvApi({ node: apiNode, stateMachine: guardedReader });
    const handlerLogger = log('server');
    clientServer.addService(
      withUndecodableRequests(protos.kv.raftkv.kv.v1.KVService.service),
      kvServiceHandlers({ api: kvApi, watch: watchHandler({ hub: watchHub, node, logger: handlerLogger }), requestTimeoutMs: config.requestTimeoutMs, logger: handlerLogger }),
    );
    clientServer.addService(
      withUndecodableRequests(protos.kv.raftkv.kv.v1.LeaseService.service),
      leaseServiceHandlers({
        node: apiNode,
        leases: stateMachine,
        router: late.leases,
        revision: () => stateMachine.revision(),
        requestTimeoutMs: config.requestTimeoutMs,
        keepalivesPerSecond: config.maxKeepalivesPerSecond,
        logger: handlerLogger,
      }),
    );
    clientServer.addService(
      withUndecodableRequests(protos.cluster.raftkv.cluster.v1.ClusterService.service),
      clusterServiceHandlers({
        node,
        clusterId,
        advertiseClientAddr: config.advertiseClientAddr,
        requestTimeoutMs: config.requestTimeoutMs,
        logger: handlerLogger,
      }),
    );
    const backup = (): AsyncGenerator<Buffer> => backupStream(store, { clusterId, nodeId: config.id });
    clientServer.addService(
      withUndecodableRequests(protos.cluster.raftkv.cluster.v1.MaintenanceService.service),
      maintenanceServiceHandlers({ backup, ops: maintenance, requestTimeoutMs: config.requestTimeoutMs, logger: handlerLogger }),
    );
    clientServer.addService(
      withUndecodableRequests(protos.auth.raftkv.auth.v1.AuthService.service),
      authServiceHandlers({ api: auth.api, requestTimeoutMs: config.requestTimeoutMs, logger: handlerLogger }),
    );
    // etcd's v3 API beside raftkv's own, over the same KvApi, leases and watch hub (src/etcd).
    addEtcdServices(clientServer, protos.etcd, {
      auth: auth.api,
      node,
      clusterId,
      advertiseClientAddr: config.advertiseClientAddr,
      kv: kvApi,
      leases: createLeaseApi({ node: apiNode, leases: stateMachine, router: late.leases }),
      reader: guardedReader,
      // etcd's Hash and HashKV still answer on a diverged member: how an operator compares members.
      hashReader: stateMachine,
      hub: watchHub,
      databaseSize: async () => ({ size: await store.filesSize(), inUse: await store.approximateSize() }),
      backup,
      maintenance,
      requestTimeoutMs: config.requestTimeoutMs,
      keepalivesPerSecond: config.maxKeepalivesPerSecond,
      logger: handlerLogger,
    });
    const health = new HealthImplementation(Object.fromEntries(HEALTH_SERVICES.map((s) => [s, 'NOT_SERVING'])));
    health.addToServer(clientServer);
    // Descriptors as protoc would write them, so reflection clients can describe every service listed.
    new ReflectionService(reflectionDefinition(protos.definition)).addToServer(clientServer);
    undo.push(() => clientServer.forceShutdown());
    const clientPort = await new Promise<number>((resolve, reject) => {
      clientServer.bindAsync(config.clientAddr, tls.clientServerCredentials(), (err, port) =>
        err ? reject(new Error(`client server cannot listen on ${config.clientAddr}: ${err.message}`)) : resolve(port),
      );
    });

    // The HTTP/JSON door calls the same KvApi as gRPC (docs/http-api.md).
    http.serveKv({ api: kvApi, requestTimeoutMs: config.requestTimeoutMs, logger: handlerLogger, authorize: auth.authorizeHttp });
    http.serveSnapshot(backup, handlerLogger, (req) => auth.authorizeHttp(req, { op: 'snapshot' }));
    // The gRPC health service reports the same readiness as /readyz.
    const updateHealth = (): void => {
      const status = readiness(node, leaderCommit, () => corruption.diverged()).ready ? 'SERVING' : 'NOT_SERVING';
      for (const s of HEALTH_SERVICES) health.setStatus(s, status);
    };
    const healthTimer = setInterval(updateHealth, Math.max(50, config.tickMs));
    healthTimer.unref();
    updateHealth();

    logger.info(
      {
        clientPort,
        peerPort,
        httpPort: http.port,
        dataDir: config.dataDir,
        peers: Object.fromEntries(config.peers),
        ...tls.describe(),
      },
      'raftkv node started',
    );
    const server = new RaftKvServer(
      node,
      metrics,
      { client: clientPort, peer: peerPort, http: http.port },
      { store, transport, peerServer, clientServer, health, http, healthTimer, discovery, leaseKeeper, watchHub, membership, tls, space, corruption, rootBootstrap, leaveTimeoutMs: d.mode === 'dns' ? d.leaveTimeoutMs : 0 },
      logger,
      kvApi,
    );
    fatal.push((err) => server.#fatalListeners.forEach((f) => f(err)));
    rejoin.wanted = (reason) => server.#rejoinListeners.forEach((f) => f(reason));
    return server;
  }

  onFatal(listener: (err: Error) => void): void {
    this.#fatalListeners.push(listener);
  }

  /**
   * Told when this pod's member was removed but the StatefulSet wants the pod
   * (statefulset-membership.ts): the caller closes the server, drops the data
   * dir and starts again, which joins the cluster afresh.
   */
  onRejoinWanted(listener: (reason: string) => void): void {
    this.#rejoinListeners.push(listener);
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
    // A pod scaled away leaves the cluster first, while it still serves.
    await step('leave', () => p.membership?.leaveIfScaledAway(p.leaveTimeoutMs));
    await step('membership', () => p.membership?.close());
    await step('root bootstrap', () => p.rootBootstrap?.close());
    await step('health', () => {
      clearInterval(p.healthTimer);
      for (const s of HEALTH_SERVICES) p.health.setStatus(s, 'NOT_SERVING');
    });
    // Watch streams never end by themselves: end them first, or the server would wait out its timeout.
    await step('watches', () => p.watchHub.close());
    await step('client server', () => shutdownGrpc(p.clientServer, CLOSE_TIMEOUT_MS));
    await step('lease keeper', () => p.leaseKeeper.close());
    await step('space monitor', () => p.space.close());
    await step('consistency check', () => p.corruption.close());
    await step('raft node', () => this.node.close());
    await step('discovery', () => p.discovery?.close());
    await step('transport', () => p.transport.close());
    await step('peer server', () => p.peerServer.close());
    await step('storage', () => p.store.close());
    await step('http', () => p.http.close());
    await step('certificate watchers', () => p.tls.close());
    this.#logger.info({}, 'raftkv node stopped');
    this.#logger.flush();
  }
}

/** No identity and no Raft state: a new or wiped data dir (a v0.1 data dir has state but no identity). */
async function isEmptyDataDir(store: RaftStore): Promise<boolean> {
  if ((await store.identity()) !== undefined) return false;
  const persisted = await store.load();
  return persisted.snapshot === undefined && persisted.entries.length === 0 && persisted.hardState.term === 0;
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
