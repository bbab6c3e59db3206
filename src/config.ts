/**
 * The one place that reads flags and RAFTKV_* environment variables. Every
 * flag `--some-flag` is also `RAFTKV_SOME_FLAG`; a flag wins over the
 * environment. Validation lists every problem at once and names the key.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { readPasswordText } from './auth/root-bootstrap';
import { initialDnsPeers, isDnsLabel, parsePodHostname, podFqdn, type DnsDiscoverySettings } from './discovery/k8s-names';
import { ConfigError } from './errors';
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from './kv/limits';
import type { ClientTlsConfig, PeerTlsConfig } from './security/tls-config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const DISCOVERY_MODES = ['static', 'dns'] as const;
export type DiscoveryMode = (typeof DISCOVERY_MODES)[number];
/** `static`: --id and --peers as given. `dns`: both derived from the pod hostname (src/discovery/). */
export type DiscoveryConfig = { readonly mode: 'static' } | ({ readonly mode: 'dns' } & DnsDiscoverySettings);

/** Where Kubernetes mounts the pod's namespace, when the service account token is mounted. */
export const SERVICE_ACCOUNT_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** What parseConfig reads from the machine besides argv and env; tests replace it. */
export interface ConfigSystem {
  hostname(): string;
  /** The file's trimmed content, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
}

const SYSTEM: ConfigSystem = {
  hostname,
  readFile: (path) => {
    try {
      return readFileSync(path, 'utf8').trim();
    } catch {
      return undefined;
    }
  },
};

export interface NodeConfig {
  /** This node's id, unique in the cluster. */
  readonly id: string;
  /**
   * The cluster id, when set with --cluster-id (peers from another cluster
   * are rejected). Undefined: derived at bootstrap from the initial peers and
   * initialClusterToken, or learned from the cluster when joining, and kept
   * in the data dir (src/discovery/cluster-id.ts).
   */
  readonly clusterId: string | undefined;
  /** etcd's --initial-cluster-token: mixed into the derived cluster id, so two clusters from the same peer list differ. */
  readonly initialClusterToken: string;
  /** Listen address for clients: KVService, ClusterService, health, reflection. */
  readonly clientAddr: string;
  /** Listen address for peers: RaftService only. */
  readonly peerAddr: string;
  /** Listen address for /metrics, /healthz, /readyz. */
  readonly httpAddr: string;
  /** Peer address other nodes use to reach this one (defaults to peerAddr). */
  readonly advertisePeerAddr: string;
  /** Client address reported in ListMembers (defaults to clientAddr). */
  readonly advertiseClientAddr: string;
  readonly dataDir: string;
  /** Initial voters and their peer addresses, this node included; empty with --join. */
  readonly peers: ReadonlyMap<string, string>;
  /** Client address of a member to join through when the data dir is empty; undefined to bootstrap from peers. */
  readonly join: string | undefined;
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  /** Deadline for a client request that sets none. */
  readonly requestTimeoutMs: number;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  /** A storage sync slower than this is logged at warn. */
  readonly slowSyncMs: number;
  /** Take a snapshot (compact the log) once this many entries were applied since the last one. */
  readonly snapshotEntries: number;
  /** Watch history each node keeps, in revisions: a Watch may start this far back. */
  readonly watchHistoryRevisions: number;
  /** A watch with progress_notify that sent nothing for this long gets a progress notification. */
  readonly watchProgressIntervalMs: number;
  /** Open watches this node serves at most (both APIs together); one more is refused with RESOURCE_EXHAUSTED. */
  readonly maxWatchers: number;
  /** An auth token unused this long expires (etcd's --auth-token-ttl). */
  readonly authTokenTtlSeconds: number;
  /** A file holding the password root is created with when auth is off at start (src/auth/root-bootstrap.ts). */
  readonly bootstrapRootPasswordFile: string | undefined;
  /** Most concurrent gRPC streams (calls) one client connection may have open (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS). */
  readonly maxConcurrentStreams: number;
  /** Most open connections to the HTTP port; more are closed at once. */
  readonly maxHttpConnections: number;
  /** Response bytes handed to gRPC and not yet read by clients, node-wide; beyond it unary calls answer RESOURCE_EXHAUSTED. */
  readonly maxResponseBytesInFlight: number;
  /** Keep-alives one LeaseKeepAlive stream may send per second; beyond, the stream ends RESOURCE_EXHAUSTED. */
  readonly maxKeepalivesPerSecond: number;
  readonly maxKeyBytes: number;
  readonly maxValueBytes: number;
  /** Most entry bytes in one AppendEntries (etcd MaxSizePerMsg); one larger entry still goes alone. */
  readonly maxAppendBytes: number;
  /** Most entry bytes sent to one follower and not yet acknowledged (etcd MaxInflightBytes). */
  readonly maxInflightBytes: number;
  /** Most entry bytes the leader holds uncommitted; proposals past it are refused, not attempted (etcd MaxUncommittedEntriesSize). */
  readonly maxUncommittedBytes: number;
  /** Most committed entry bytes applied in one batch (etcd MaxCommittedSizePerReady). */
  readonly maxCommittedBytesPerReady: number;
  readonly discovery: DiscoveryConfig;
  /** TLS of the client gRPC port and the HTTP port; undefined: plaintext. */
  readonly clientTls: ClientTlsConfig | undefined;
  /**
   * Start as a one-member cluster on this node's data, the others forgotten
   * (etcd --force-new-cluster): the way out of a lost quorum. Remove it once
   * the node runs, or every restart would shrink the cluster to it again.
   */
  readonly forceNewCluster: boolean;
  /** Stamp each stage of the write and read paths into raftkv_stage_duration_seconds (docs/write-path.md). */
  readonly traceStages: boolean;
  /** Past this database size on disk the member raises the NOSPACE alarm (etcd --quota-backend-bytes). */
  readonly quotaBackendBytes: number;
  /** Free space kept on the data dir's filesystem: below it the member raises NOSPACE before the disk fills. */
  readonly diskReserveBytes: number;
  /** How often the leader starts the cross-member consistency check (etcd --experimental-corrupt-check-time); 0: off. */
  readonly corruptCheckIntervalMs: number;
  /** Mutual TLS on the peer port and for calls to peers; undefined: plaintext. */
  readonly peerTls: PeerTlsConfig | undefined;
}

const MiB = 1024 * 1024;
/**
 * The peer client's send queue drops its oldest messages past this many
 * bytes (src/transport/peer-client.ts): what one follower may have in flight
 * must stay below it, or the leader's own queue drops what it streams.
 */
export const PEER_SEND_QUEUE_BYTES = 64 * MiB;

export const DEFAULTS = {
  initialClusterToken: 'raftkv-cluster',
  clientAddr: '0.0.0.0:50051',
  peerAddr: '0.0.0.0:50052',
  httpAddr: '0.0.0.0:8080',
  tickMs: 100,
  electionTicks: 10,
  heartbeatTicks: 1,
  requestTimeoutMs: 5000,
  logLevel: 'info' as LogLevel,
  logFormat: 'json' as LogFormat,
  slowSyncMs: 100,
  snapshotEntries: 10_000,
  maxAppendBytes: 1 * MiB,
  maxInflightBytes: 32 * MiB,
  maxUncommittedBytes: 64 * MiB,
  maxCommittedBytesPerReady: 16 * MiB,
  watchHistoryRevisions: 10_000,
  watchProgressIntervalMs: 5_000,
  maxWatchers: 10_000,
  authTokenTtlSeconds: 300,
  maxConcurrentStreams: 4_294_967_295,
  maxHttpConnections: 1024,
  maxResponseBytesInFlight: 256 * MiB,
  maxKeepalivesPerSecond: 10_000,
  discovery: 'static' as DiscoveryMode,
  clusterDomain: 'cluster.local',
  discoveryWaitMs: 120_000,
  dnsRefreshMs: 5_000,
  followStatefulSet: false,
  scaleCheckMs: 2_000,
  leaveTimeoutMs: 20_000,
  /** etcd's default. */
  quotaBackendBytes: 2 * 1024 * MiB,
  diskReserveBytes: 64 * MiB,
  /** Five minutes, as etcd's documentation suggests for --experimental-corrupt-check-time; on by default (etcd: off). */
  corruptCheckIntervalMs: 300_000,
} as const;

/** Flag name → help text; the environment variable is RAFTKV_ + the name in upper snake case. */
export const FLAGS = {
  id: 'node id, unique in the cluster (required), e.g. n1',
  'cluster-id': 'fixed cluster id; peers from another cluster are rejected (default: derived at bootstrap from the initial peers and --initial-cluster-token, learned from the cluster when joining, then kept in the data dir)',
  'initial-cluster-token': `mixed into the cluster id a new cluster derives, so clusters created from the same peer list (a restore, a re-creation) differ (default ${DEFAULTS.initialClusterToken})`,
  'client-addr': `listen address for clients (default ${DEFAULTS.clientAddr})`,
  'peer-addr': `listen address for peers (default ${DEFAULTS.peerAddr})`,
  'http-addr': `listen address for /metrics, /healthz, /readyz (default ${DEFAULTS.httpAddr})`,
  'advertise-peer-addr': 'peer address other nodes dial (default: --peer-addr)',
  'advertise-client-addr': 'client address shown to clients (default: --client-addr)',
  'data-dir': 'data directory (default ./data/<id>)',
  peers: 'initial voters as id=host:peerPort,... including this node (required unless --join)',
  join: 'client address (host:port) of any member: with an empty data dir, ask the cluster to add this node, then catch up; ignored once the node has data',
  'tick-ms': `length of one raft tick in ms (default ${DEFAULTS.tickMs})`,
  'election-ticks': `election timeout in ticks, randomized up to twice that (default ${DEFAULTS.electionTicks})`,
  'heartbeat-ticks': `heartbeat interval in ticks (default ${DEFAULTS.heartbeatTicks})`,
  'request-timeout-ms': `deadline of a client request that sets none (default ${DEFAULTS.requestTimeoutMs})`,
  'log-level': `one of ${LOG_LEVELS.join(', ')} (default ${DEFAULTS.logLevel})`,
  'log-format': `json or pretty (default ${DEFAULTS.logFormat})`,
  'slow-sync-ms': `log a storage sync (fsync) slower than this many ms at warn (default ${DEFAULTS.slowSyncMs})`,
  'watch-history-revisions': `keep the events of this many recent revisions on each node, so a Watch may start that far back (older: compacted) (default ${DEFAULTS.watchHistoryRevisions})`,
  'snapshot-entries': `take a snapshot and compact the log once this many entries were applied since the last one; a tail of up to 1000 entries is kept for slow followers (default ${DEFAULTS.snapshotEntries})`,
  'watch-progress-interval-ms': `a watch that asked for progress notifications gets one after this many ms without a message (default ${DEFAULTS.watchProgressIntervalMs})`,
  'max-watchers': `open watches one node serves at most, over both APIs; one more is refused with RESOURCE_EXHAUSTED (default ${DEFAULTS.maxWatchers})`,
  'max-concurrent-streams': `most concurrent gRPC calls one client connection may have open on the client port; a call beyond it waits for one to end (etcd's flag) (default ${DEFAULTS.maxConcurrentStreams}, no limit)`,
  'max-http-connections': `most open connections to the HTTP port; a connection beyond it is closed at once (default ${DEFAULTS.maxHttpConnections})`,
  'max-response-bytes-in-flight': `most bytes of unary responses (Get, Range, Txn...) the node holds for clients that have not read them yet; a response beyond it is answered RESOURCE_EXHAUSTED, so slow or numerous readers cannot exhaust its memory (default ${DEFAULTS.maxResponseBytesInFlight})`,
  'max-keepalives-per-second': `most lease keep-alives one LeaseKeepAlive stream may send per second (a second's worth may come at once); beyond it the stream ends with RESOURCE_EXHAUSTED (default ${DEFAULTS.maxKeepalivesPerSecond})`,
  'bootstrap-root-password-file': 'a file holding a password (a mounted Kubernetes Secret): while auth is off, the node creates the user root with it (unless root exists), grants it the root role and enables auth; idempotent, on every node and every start',
  'auth-token-ttl': `seconds an auth token stays valid without use; each use restarts it (etcd's flag) (default ${DEFAULTS.authTokenTtlSeconds})`,
  'max-append-bytes': `most entry bytes in one AppendEntries to a follower; a larger entry goes alone (etcd MaxSizePerMsg) (default ${DEFAULTS.maxAppendBytes})`,
  'max-inflight-bytes': `most entry bytes sent to one follower and not yet acknowledged, at least --max-append-bytes and at most ${PEER_SEND_QUEUE_BYTES} (the peer send queue) (etcd MaxInflightBytes) (default ${DEFAULTS.maxInflightBytes})`,
  'max-uncommitted-bytes': `most entry bytes the leader holds uncommitted; a write past it fails with RESOURCE_EXHAUSTED, not applied and safe to retry (etcd MaxUncommittedEntriesSize) (default ${DEFAULTS.maxUncommittedBytes})`,
  'max-committed-bytes-per-ready': `most committed entry bytes applied in one batch; a larger entry is applied alone (etcd MaxCommittedSizePerReady) (default ${DEFAULTS.maxCommittedBytesPerReady})`,
  discovery: `how the initial peers are found: static (--id, --peers) or dns (Kubernetes StatefulSet pod names) (default ${DEFAULTS.discovery})`,
  hostname: 'with --discovery=dns: the pod hostname <sts>-<ordinal>, which is also the node id (default: the machine hostname)',
  'initial-cluster-size': 'with --discovery=dns: pods 0 .. N-1 are the initial voters (required)',
  'sts-name': 'with --discovery=dns: the StatefulSet name (default: --hostname less its -<ordinal>)',
  'headless-service': 'with --discovery=dns: the headless Service governing the StatefulSet (default <sts>-headless)',
  namespace: `with --discovery=dns: the pod namespace (default POD_NAMESPACE, else ${SERVICE_ACCOUNT_NAMESPACE_FILE})`,
  'cluster-domain': `with --discovery=dns: the cluster DNS domain (default ${DEFAULTS.clusterDomain})`,
  'discovery-wait-ms': `with --discovery=dns: how long start-up waits for the peers' names to resolve (default ${DEFAULTS.discoveryWaitMs})`,
  'dns-refresh-ms': `with --discovery=dns: how often peer names are resolved again, to follow a moved pod (default ${DEFAULTS.dnsRefreshMs})`,
  'follow-statefulset': `with --discovery=dns: true to keep the membership equal to the StatefulSet's spec.replicas, read from the Kubernetes API: the leader removes members whose pods are scaled away, a pod scaled away leaves before it stops, a removed pod that is wanted again rejoins (default ${DEFAULTS.followStatefulSet})`,
  'scale-check-ms': `with --follow-statefulset: how often the leader reads the StatefulSet's replica count (default ${DEFAULTS.scaleCheckMs})`,
  'leave-timeout-ms': `with --follow-statefulset: how long a pod scaled away waits, after SIGTERM, to be removed before it stops anyway; keep it below terminationGracePeriodSeconds (default ${DEFAULTS.leaveTimeoutMs})`,
  'cert-file': 'PEM certificate of the client gRPC port and the HTTP port: turns TLS on for both (default: plaintext)',
  'key-file': 'PEM private key of --cert-file',
  'trusted-ca-file': 'PEM CA bundle client certificates must chain to (with --client-cert-auth); also verifies the member a --join node calls',
  'client-cert-auth': 'clients must present a certificate from --trusted-ca-file (a flag without a value; env true/false)',
  'peer-cert-file': 'PEM certificate this node presents to peers, as server and as client: turns mutual TLS on for the peer port (default: plaintext)',
  'peer-key-file': 'PEM private key of --peer-cert-file',
  'peer-trusted-ca-file': 'PEM CA bundle every peer certificate must chain to (required with --peer-cert-file)',
  'peer-client-cert-auth': 'accepted for etcd compatibility: with peer TLS on, peers must always present a certificate',
  'peer-cert-allowed-cn': 'with peer TLS: a peer certificate must have this subject CN',
  'peer-cert-allowed-hostname': 'with peer TLS: a peer certificate must be valid for this host name (SAN or CN)',
  'quota-backend-bytes': `database size on disk past which this member raises the NOSPACE alarm: writes that add data are then refused cluster-wide with RESOURCE_EXHAUSTED until space is freed and the alarm disarmed (etcd's flag) (default ${DEFAULTS.quotaBackendBytes}, 2 GiB)`,
  'corrupt-check-interval-ms': `how often the leader starts the consistency check (etcd's --experimental-corrupt-check-time): every member hashes its state at the same log index and reports it through the log; a member whose state differs from the majority's gets a CORRUPT alarm and stops serving reads and watches; 0 turns it off (default ${DEFAULTS.corruptCheckIntervalMs}, 5 min)`,
  'disk-reserve-bytes': `free space kept on the data dir's filesystem: when less is left (a disk smaller than the quota, or filled by something else) this member refuses writes that add data and raises the NOSPACE alarm, before a write can fail for want of space (default ${DEFAULTS.diskReserveBytes}, 64 MiB)`,
  'trace-stages': 'measure each stage of the write and read paths (propose, persist, replicate, apply; read-index confirm and apply wait) into the raftkv_stage_duration_seconds histogram, for the latency breakdown of docs/write-path.md; costs a few timer reads per request (a flag without a value; env true/false)',
  'force-new-cluster': 'quorum lost: restart this member as a one-member cluster with its data and revision; others then join it (docs/operations.md, "Recover from quorum loss"). Remove the flag once it runs (a flag without a value; env true/false)',
} as const;
export type FlagName = keyof typeof FLAGS;

/** Flags that take no value: present means true; their environment variables read true/false. */
const BOOLEAN_FLAGS: ReadonlySet<FlagName> = new Set<FlagName>(['client-cert-auth', 'peer-client-cert-auth', 'force-new-cluster', 'trace-stages']);

export function envName(flag: FlagName): string {
  return `RAFTKV_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** Parses and validates; throws ConfigError listing every problem. The result is frozen. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, system: ConfigSystem = SYSTEM): NodeConfig {
  const options = Object.fromEntries(
    Object.keys(FLAGS).map((name) => [name, { type: BOOLEAN_FLAGS.has(name as FlagName) ? ('boolean' as const) : ('string' as const) }]),
  );
  let parsed: Record<string, string | boolean | undefined>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (err) {
    throw new ConfigError([(err as Error).message]);
  }
  const problems: string[] = [];
  const raw = (flag: FlagName): string | undefined => {
    const fromFlag = parsed[flag];
    if (typeof fromFlag === 'string') return fromFlag;
    const fromEnv = env[envName(flag)];
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };
  const where = (flag: FlagName): string => `--${flag} (${envName(flag)})`;

  const str = (flag: FlagName, fallback?: string): string => {
    const v = raw(flag) ?? fallback;
    if (v === undefined) {
      problems.push(`${where(flag)} is required`);
      return '';
    }
    return v;
  };
  const int = (flag: FlagName, fallback: number, min: number, max: number): number => {
    const v = raw(flag);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      problems.push(`${where(flag)} must be an integer from ${min} to ${max}, got "${v}"`);
      return fallback;
    }
    return Number(v);
  };
  const addr = (flag: FlagName, fallback?: string): string => {
    const v = str(flag, fallback);
    if (v !== '' && !isHostPort(v)) problems.push(`${where(flag)} must be host:port with a port from 0 to 65535, got "${v}"`);
    return v;
  };
  const oneOf = <T extends string>(flag: FlagName, allowed: readonly T[], fallback: T): T => {
    const v = raw(flag);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) {
      problems.push(`${where(flag)} must be one of ${allowed.join(', ')}, got "${v}"`);
      return fallback;
    }
    return v as T;
  };

  const bool = (flag: FlagName): boolean => {
    if (parsed[flag] === true) return true;
    const v = env[envName(flag)];
    if (v === undefined || v === '' || v === 'false' || v === '0') return false;
    if (v === 'true' || v === '1') return true;
    problems.push(`${envName(flag)} must be true or false, got "${v}"`);
    return false;
  };
  const file = (flag: FlagName): string | undefined => {
    const v = raw(flag);
    if (v !== undefined && system.readFile(v) === undefined) problems.push(`${where(flag)} cannot be read: "${v}"`);
    return v;
  };
  const tls = parseTls({ file, bool, raw, where, problems });

  const clientAddr = addr('client-addr', DEFAULTS.clientAddr);
  const peerAddr = addr('peer-addr', DEFAULTS.peerAddr);
  const httpAddr = addr('http-addr', DEFAULTS.httpAddr);
  const mode = oneOf('discovery', DISCOVERY_MODES, DEFAULTS.discovery);
  const dns = mode === 'dns' ? dnsDiscovery({ raw, int, where, problems, env, system, peerAddr }) : undefined;
  const id = mode === 'dns' ? (dns?.hostname.split('.')[0] ?? '') : str('id');
  if (id !== '' && !NODE_ID_PATTERN.test(id)) {
    problems.push(`${where('id')} must be 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit, got "${id}"`);
  }
  // A pod past the initial size (`kubectl scale` up) joins through pod 0,
  // which exists as long as the StatefulSet does.
  const beyondInitial = dns !== undefined && dns.ordinal >= dns.initialClusterSize;
  const join = raw('join') ?? (beyondInitial && dns !== undefined ? `${podFqdn(dns, 0)}:${portOf(clientAddr)}` : undefined);
  if (join !== undefined && !isHostPort(join)) problems.push(`${where('join')} must be host:port of a member's client port, got "${join}"`);
  const peers =
    mode === 'dns'
      ? dns !== undefined
        ? initialDnsPeers(dns)
        : new Map<string, string>()
      : join !== undefined && raw('peers') === undefined
        ? new Map<string, string>()
        : parsePeers(str('peers'), where('peers'), problems);
  if (id !== '' && peers.size > 0 && !peers.has(id) && !beyondInitial) {
    problems.push(`${where('peers')} must include this node's id "${id}"`);
  }
  // With DNS discovery a pod is reached by its stable name, never its address.
  const selfName = dns !== undefined ? podFqdn(dns, dns.ordinal) : undefined;
  const advertisePeerAddr = addr('advertise-peer-addr', peers.get(id) ?? (selfName !== undefined ? `${selfName}:${portOf(peerAddr)}` : peerAddr));
  const electionTicks = int('election-ticks', DEFAULTS.electionTicks, 2, 1000);
  const heartbeatTicks = int('heartbeat-ticks', DEFAULTS.heartbeatTicks, 1, 1000);
  if (heartbeatTicks >= electionTicks) {
    problems.push(`${where('heartbeat-ticks')} (${heartbeatTicks}) must be less than ${where('election-ticks')} (${electionTicks})`);
  }
  const maxAppendBytes = int('max-append-bytes', DEFAULTS.maxAppendBytes, 1, PEER_SEND_QUEUE_BYTES);
  const maxInflightBytes = int('max-inflight-bytes', DEFAULTS.maxInflightBytes, 1, PEER_SEND_QUEUE_BYTES);
  if (maxInflightBytes < maxAppendBytes) {
    problems.push(`${where('max-inflight-bytes')} (${maxInflightBytes}) must be at least ${where('max-append-bytes')} (${maxAppendBytes})`);
  }
  const config: NodeConfig = {
    id,
    clusterId: clusterIdFlag(raw('cluster-id'), where('cluster-id'), problems),
    initialClusterToken: str('initial-cluster-token', DEFAULTS.initialClusterToken),
    clientAddr,
    peerAddr,
    httpAddr,
    advertisePeerAddr,
    advertiseClientAddr: addr('advertise-client-addr', selfName !== undefined ? `${selfName}:${portOf(clientAddr)}` : clientAddr),
    dataDir: str('data-dir', `./data/${id}`),
    peers,
    join,
    tickMs: int('tick-ms', DEFAULTS.tickMs, 1, 60_000),
    electionTicks,
    heartbeatTicks,
    requestTimeoutMs: int('request-timeout-ms', DEFAULTS.requestTimeoutMs, 1, 3_600_000),
    logLevel: oneOf('log-level', LOG_LEVELS, DEFAULTS.logLevel),
    logFormat: oneOf('log-format', LOG_FORMATS, DEFAULTS.logFormat),
    slowSyncMs: int('slow-sync-ms', DEFAULTS.slowSyncMs, 1, 3_600_000),
    snapshotEntries: int('snapshot-entries', DEFAULTS.snapshotEntries, 10, 100_000_000),
    watchHistoryRevisions: int('watch-history-revisions', DEFAULTS.watchHistoryRevisions, 1, 100_000_000),
    watchProgressIntervalMs: int('watch-progress-interval-ms', DEFAULTS.watchProgressIntervalMs, 10, 3_600_000),
    maxWatchers: int('max-watchers', DEFAULTS.maxWatchers, 1, 10_000_000),
    authTokenTtlSeconds: int('auth-token-ttl', DEFAULTS.authTokenTtlSeconds, 1, 86_400),
    bootstrapRootPasswordFile: passwordFile(file('bootstrap-root-password-file'), where('bootstrap-root-password-file'), system, problems),
    maxConcurrentStreams: int('max-concurrent-streams', DEFAULTS.maxConcurrentStreams, 1, 4_294_967_295),
    maxHttpConnections: int('max-http-connections', DEFAULTS.maxHttpConnections, 1, 1_000_000),
    maxKeepalivesPerSecond: int('max-keepalives-per-second', DEFAULTS.maxKeepalivesPerSecond, 1, 1_000_000),
    maxResponseBytesInFlight: int('max-response-bytes-in-flight', DEFAULTS.maxResponseBytesInFlight, MiB, 64 * 1024 * MiB),
    maxKeyBytes: MAX_KEY_BYTES,
    maxValueBytes: MAX_VALUE_BYTES,
    maxAppendBytes,
    maxInflightBytes,
    maxUncommittedBytes: int('max-uncommitted-bytes', DEFAULTS.maxUncommittedBytes, 1, 1024 * MiB),
    maxCommittedBytesPerReady: int('max-committed-bytes-per-ready', DEFAULTS.maxCommittedBytesPerReady, 1, 1024 * MiB),
    discovery: dns !== undefined ? Object.freeze({ mode: 'dns' as const, ...dns }) : Object.freeze({ mode: 'static' as const }),
    forceNewCluster: bool('force-new-cluster'),
    traceStages: bool('trace-stages'),
    quotaBackendBytes: int('quota-backend-bytes', DEFAULTS.quotaBackendBytes, 1, Number.MAX_SAFE_INTEGER),
    diskReserveBytes: int('disk-reserve-bytes', DEFAULTS.diskReserveBytes, 0, Number.MAX_SAFE_INTEGER),
    corruptCheckIntervalMs: int('corrupt-check-interval-ms', DEFAULTS.corruptCheckIntervalMs, 0, 86_400_000),
    clientTls: tls.client,
    peerTls: tls.peer,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

interface TlsParseContext {
  readonly file: (flag: FlagName) => string | undefined;
  readonly bool: (flag: FlagName) => boolean;
  readonly raw: (flag: FlagName) => string | undefined;
  readonly where: (flag: FlagName) => string;
  readonly problems: string[];
}

/**
 * The TLS flags, etcd's names and rules: a key needs its certificate and the
 * reverse; client certificate auth needs the CA to check them against; peer
 * TLS is always mutual, so it needs the peer CA; the peer name checks need peer TLS.
 */
function parseTls(c: TlsParseContext): { client: ClientTlsConfig | undefined; peer: PeerTlsConfig | undefined } {
  const certFile = c.file('cert-file');
  const keyFile = c.file('key-file');
  const trustedCaFile = c.file('trusted-ca-file');
  const clientCertAuth = c.bool('client-cert-auth');
  if (certFile !== undefined && keyFile === undefined) c.problems.push(`${c.where('cert-file')} needs ${c.where('key-file')}`);
  if (keyFile !== undefined && certFile === undefined) c.problems.push(`${c.where('key-file')} needs ${c.where('cert-file')}`);
  if (clientCertAuth && trustedCaFile === undefined) c.problems.push(`${c.where('client-cert-auth')} needs ${c.where('trusted-ca-file')}`);
  if (clientCertAuth && certFile === undefined) c.problems.push(`${c.where('client-cert-auth')} needs ${c.where('cert-file')}: client certificates are checked only over TLS`);
  const client = certFile !== undefined && keyFile !== undefined ? Object.freeze({ certFile, keyFile, trustedCaFile, clientCertAuth }) : undefined;

  const peerCertFile = c.file('peer-cert-file');
  const peerKeyFile = c.file('peer-key-file');
  const peerCaFile = c.file('peer-trusted-ca-file');
  const allowedCn = c.raw('peer-cert-allowed-cn');
  const allowedHostname = c.raw('peer-cert-allowed-hostname');
  const peerAny = [peerCertFile, peerKeyFile, peerCaFile, allowedCn, allowedHostname].some((v) => v !== undefined) || c.bool('peer-client-cert-auth');
  if (peerAny) {
    for (const flag of ['peer-cert-file', 'peer-key-file', 'peer-trusted-ca-file'] as const) {
      if (c.raw(flag) === undefined) c.problems.push(`${c.where(flag)} is required with peer TLS (peer TLS is mutual: every peer presents a certificate from the peer CA)`);
    }
  }
  const peer =
    peerCertFile !== undefined && peerKeyFile !== undefined && peerCaFile !== undefined
      ? Object.freeze({ certFile: peerCertFile, keyFile: peerKeyFile, trustedCaFile: peerCaFile, allowedCn, allowedHostname })
      : undefined;
  return { client, peer };
}

interface DnsParseContext {
  readonly raw: (flag: FlagName) => string | undefined;
  readonly int: (flag: FlagName, fallback: number, min: number, max: number) => number;
  readonly where: (flag: FlagName) => string;
  readonly problems: string[];
  readonly env: NodeJS.ProcessEnv;
  readonly system: ConfigSystem;
  readonly peerAddr: string;
}

/** --discovery=dns: the node's id and initial peers come from its pod hostname, not from --id and --peers. */
function dnsDiscovery(c: DnsParseContext): DnsDiscoverySettings | undefined {
  const before = c.problems.length;
  for (const flag of ['id', 'peers'] as const) {
    if (c.raw(flag) !== undefined) c.problems.push(`${c.where(flag)} cannot be set with --discovery=dns: it is derived from the pod hostname`);
  }
  const host = c.raw('hostname') ?? c.system.hostname();
  const stsFlag = c.raw('sts-name');
  const pod = parsePodHostname(host, stsFlag);
  if (typeof pod === 'string') c.problems.push(`${c.where('hostname')}: ${pod}`);
  const stsName = typeof pod === 'string' ? (stsFlag ?? '') : pod.stsName;
  const ordinal = typeof pod === 'string' ? 0 : pod.ordinal;
  const size = c.int('initial-cluster-size', 0, 1, 1000);
  if (c.raw('initial-cluster-size') === undefined) c.problems.push(`${c.where('initial-cluster-size')} is required with --discovery=dns`);
  const headlessService = c.raw('headless-service') ?? `${stsName}-headless`;
  const namespace = c.raw('namespace') ?? nonEmpty(c.env.POD_NAMESPACE) ?? nonEmpty(c.system.readFile(SERVICE_ACCOUNT_NAMESPACE_FILE));
  if (namespace === undefined) {
    c.problems.push(`${c.where('namespace')} is required with --discovery=dns when neither POD_NAMESPACE nor ${SERVICE_ACCOUNT_NAMESPACE_FILE} gives it`);
  }
  const checks: [FlagName, string | undefined][] = [['sts-name', stsName], ['headless-service', headlessService], ['namespace', namespace]];
  for (const [flag, v] of checks) {
    if (v !== undefined && v !== '' && !isDnsLabel(v)) c.problems.push(`${c.where(flag)} must be a DNS label (lower-case letters, digits, '-'), got "${v}"`);
  }
  const clusterDomain = c.raw('cluster-domain') ?? DEFAULTS.clusterDomain;
  if (!clusterDomain.split('.').every(isDnsLabel)) c.problems.push(`${c.where('cluster-domain')} must be a DNS name, got "${clusterDomain}"`);
  const peerPort = Number(c.peerAddr.slice(c.peerAddr.lastIndexOf(':') + 1));
  if (peerPort === 0) c.problems.push(`${c.where('peer-addr')} needs a fixed port with --discovery=dns: every pod dials its peers on it`);
  const waitMs = c.int('discovery-wait-ms', DEFAULTS.discoveryWaitMs, 0, 3_600_000);
  const refreshMs = c.int('dns-refresh-ms', DEFAULTS.dnsRefreshMs, 100, 3_600_000);
  const follow = c.raw('follow-statefulset') ?? String(DEFAULTS.followStatefulSet);
  if (follow !== 'true' && follow !== 'false') c.problems.push(`${c.where('follow-statefulset')} must be true or false, got "${follow}"`);
  const scaleCheckMs = c.int('scale-check-ms', DEFAULTS.scaleCheckMs, 100, 3_600_000);
  const leaveTimeoutMs = c.int('leave-timeout-ms', DEFAULTS.leaveTimeoutMs, 0, 3_600_000);
  if (c.problems.length > before) return undefined;
  return {
    hostname: host, stsName, ordinal, headlessService, namespace: namespace ?? '', clusterDomain, initialClusterSize: size, peerPort, waitMs, refreshMs,
    followStatefulSet: follow === 'true', scaleCheckMs, leaveTimeoutMs,
  };
}

function portOf(address: string): string {
  return address.slice(address.lastIndexOf(':') + 1);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/** A node id: 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit. */
export const NODE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** host:port (a name, an IPv4 address or a bracketed IPv6 address) with a port from 0 to 65535. */
export function isHostPort(v: string): boolean {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/.exec(v);
  return m !== null && Number(m[2]) <= 65535;
}

/** The file is read at start; an empty password is refused now rather than at the first attempt. */
function passwordFile(path: string | undefined, where: string, system: { readFile(path: string): string | undefined }, problems: string[]): string | undefined {
  if (path === undefined) return undefined;
  const text = system.readFile(path);
  if (text !== undefined && readPasswordText(text) === '') problems.push(`${where} holds an empty password: "${path}"`);
  return path;
}

/** --cluster-id: unset or empty means derived (config's clusterId doc). */
function clusterIdFlag(v: string | undefined, where: string, problems: string[]): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (v.length > 128) problems.push(`${where} must be at most 128 characters, got ${v.length}`);
  return v;
}

function parsePeers(v: string, where: string, problems: string[]): ReadonlyMap<string, string> {
  const peers = new Map<string, string>();
  if (v === '') return peers;
  for (const item of v.split(',')) {
    const eq = item.indexOf('=');
    const id = item.slice(0, eq).trim();
    const address = item.slice(eq + 1).trim();
    if (eq <= 0 || !isHostPort(address)) {
      problems.push(`${where} entries must look like id=host:port, got "${item}"`);
    } else if (peers.has(id)) {
      problems.push(`${where} names "${id}" twice`);
    } else {
      peers.set(id, address);
    }
  }
  return peers;
}

/** Usage text for `raftkv --help`. */
export function usage(): string {
  const lines = Object.entries(FLAGS).map(([flag, help]) => `  --${flag.padEnd(26)} ${envName(flag as FlagName).padEnd(34)} ${help}`);
  return `usage: raftkv --id ID --peers id=host:port,... [flags]\n       raftkv --id ID --join host:clientPort [flags]\n       raftkv --discovery=dns --initial-cluster-size N [flags]\n       raftkv restore <backup-file> [flags]   (a new cluster's member from a backup: raftkv restore --help)\n\nflags (each also an environment variable):\n${lines.join('\n')}\n`;
}
