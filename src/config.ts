/**
 * The one place that reads flags and RAFTKV_* environment variables. Every
 * flag `--some-flag` is also `RAFTKV_SOME_FLAG`; a flag wins over the
 * environment. Validation lists every problem at once and names the key.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './errors';
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from './kv/limits';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface NodeConfig {
  /** This node's id, unique in the cluster. */
  readonly id: string;
  /** Peers from another cluster id are rejected. */
  readonly clusterId: string;
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
  /** Initial voters and their peer addresses, this node included. */
  readonly peers: ReadonlyMap<string, string>;
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  /** Deadline for a client request that sets none. */
  readonly requestTimeoutMs: number;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly maxKeyBytes: number;
  readonly maxValueBytes: number;
}

export const DEFAULTS = {
  clusterId: 'raftkv',
  clientAddr: '0.0.0.0:50051',
  peerAddr: '0.0.0.0:50052',
  httpAddr: '0.0.0.0:8080',
  tickMs: 100,
  electionTicks: 10,
  heartbeatTicks: 1,
  requestTimeoutMs: 5000,
  logLevel: 'info' as LogLevel,
  logFormat: 'json' as LogFormat,
} as const;

/** Flag name → help text; the environment variable is RAFTKV_ + the name in upper snake case. */
export const FLAGS = {
  id: 'node id, unique in the cluster (required), e.g. n1',
  'cluster-id': `cluster id; peers from another cluster are rejected (default ${DEFAULTS.clusterId})`,
  'client-addr': `listen address for clients (default ${DEFAULTS.clientAddr})`,
  'peer-addr': `listen address for peers (default ${DEFAULTS.peerAddr})`,
  'http-addr': `listen address for /metrics, /healthz, /readyz (default ${DEFAULTS.httpAddr})`,
  'advertise-peer-addr': 'peer address other nodes dial (default: --peer-addr)',
  'advertise-client-addr': 'client address shown to clients (default: --client-addr)',
  'data-dir': 'data directory (default ./data/<id>)',
  peers: 'initial voters as id=host:peerPort,... including this node (required)',
  'tick-ms': `length of one raft tick in ms (default ${DEFAULTS.tickMs})`,
  'election-ticks': `election timeout in ticks, randomized up to twice that (default ${DEFAULTS.electionTicks})`,
  'heartbeat-ticks': `heartbeat interval in ticks (default ${DEFAULTS.heartbeatTicks})`,
  'request-timeout-ms': `deadline of a client request that sets none (default ${DEFAULTS.requestTimeoutMs})`,
  'log-level': `one of ${LOG_LEVELS.join(', ')} (default ${DEFAULTS.logLevel})`,
  'log-format': `json or pretty (default ${DEFAULTS.logFormat})`,
} as const;
export type FlagName = keyof typeof FLAGS;

export function envName(flag: FlagName): string {
  return `RAFTKV_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** Parses and validates; throws ConfigError listing every problem. The result is frozen. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const options = Object.fromEntries(Object.keys(FLAGS).map((name) => [name, { type: 'string' as const }]));
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

  const id = str('id');
  if (id !== '' && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(id)) {
    problems.push(`${where('id')} must be 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit, got "${id}"`);
  }
  const clientAddr = addr('client-addr', DEFAULTS.clientAddr);
  const peerAddr = addr('peer-addr', DEFAULTS.peerAddr);
  const httpAddr = addr('http-addr', DEFAULTS.httpAddr);
  const peers = parsePeers(str('peers'), where('peers'), problems);
  if (id !== '' && peers.size > 0 && !peers.has(id)) {
    problems.push(`${where('peers')} must include this node's id "${id}"`);
  }
  const advertisePeerAddr = addr('advertise-peer-addr', peers.get(id) ?? peerAddr);
  const electionTicks = int('election-ticks', DEFAULTS.electionTicks, 2, 1000);
  const heartbeatTicks = int('heartbeat-ticks', DEFAULTS.heartbeatTicks, 1, 1000);
  if (heartbeatTicks >= electionTicks) {
    problems.push(`${where('heartbeat-ticks')} (${heartbeatTicks}) must be less than ${where('election-ticks')} (${electionTicks})`);
  }
  const config: NodeConfig = {
    id,
    clusterId: str('cluster-id', DEFAULTS.clusterId),
    clientAddr,
    peerAddr,
    httpAddr,
    advertisePeerAddr,
    advertiseClientAddr: addr('advertise-client-addr', clientAddr),
    dataDir: str('data-dir', `./data/${id}`),
    peers,
    tickMs: int('tick-ms', DEFAULTS.tickMs, 1, 60_000),
    electionTicks,
    heartbeatTicks,
    requestTimeoutMs: int('request-timeout-ms', DEFAULTS.requestTimeoutMs, 1, 3_600_000),
    logLevel: oneOf('log-level', LOG_LEVELS, DEFAULTS.logLevel),
    logFormat: oneOf('log-format', LOG_FORMATS, DEFAULTS.logFormat),
    maxKeyBytes: MAX_KEY_BYTES,
    maxValueBytes: MAX_VALUE_BYTES,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function isHostPort(v: string): boolean {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/.exec(v);
  return m !== null && Number(m[2]) <= 65535;
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
  const lines = Object.entries(FLAGS).map(([flag, help]) => `  --${flag.padEnd(22)} ${envName(flag as FlagName).padEnd(30)} ${help}`);
  return `usage: raftkv --id ID --peers id=host:port,... [flags]\n\nflags (each also an environment variable):\n${lines.join('\n')}\n`;
}
