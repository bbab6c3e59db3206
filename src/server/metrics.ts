/**
 * Prometheus metrics for one node, on a registry of its own (never the global
 * one, so tests can run many nodes in one process). Gauges and counters that
 * mirror state kept elsewhere (raft status, storage bounds, transport
 * counters) read it at scrape time; histograms and event counters are fed by
 * NodeEvents and transport hooks. Every name is documented in
 * docs/metrics.md, and a unit test keeps the two in step.
 *
 * Labels stay bounded: peer ids (cluster members), roles, fixed reasons and
 * gRPC method names. Never a key, a value or a client address.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type * as grpc from '@grpc/grpc-js';
import type { NodeEvents } from '../node/node-events';
import { NONE, Role, type NodeId, type Status } from '../raft/types';
import { RaftKvError, InvalidArgumentError } from '../errors';
import type { PeerClientHooks, PeerClientStats } from '../transport/peer-client';
import type { PeerReceiveStats } from '../transport/peer-server';
import { GrpcServerMetrics } from './grpc-server-metrics';
import { ALARM_TYPES, type AlarmRecord } from '../kv/alarms';

/** What the metrics read at scrape time; attached once the parts exist. */
export interface MetricSources {
  readonly node: { status(): Status & { readonly applied: number }; readonly pendingProposals: number };
  readonly storage?: { firstIndex(): number; lastIndex(): number; readonly dataDir: string };
  readonly sent?: { stats(): ReadonlyMap<NodeId, PeerClientStats> };
  readonly received?: { stats(): ReadonlyMap<NodeId, PeerReceiveStats> };
  /** The lease keeper: leases known here, and expiry revokes this node made as leader. */
  readonly leases?: { readonly size: number; readonly expiredTotal: number };
  /** The watch hub: open watches, and events handed to their streams. */
  readonly watches?: { readonly size: number; readonly eventsSent: number; readonly refused: number };
  /** --quota-backend-bytes and the cluster's alarms as this member applied them (space-monitor.ts). */
  readonly space?: { readonly quotaBytes: number; alarms(): readonly AlarmRecord[] };
}

/** Why a proposal failed: the error's stable code, lower-cased without its prefix. Fixed set, pre-created at 0. */
export const PROPOSAL_FAILURE_REASONS = ['proposal_dropped', 'not_attempted', 'overloaded', 'timeout', 'outcome_unknown', 'shutdown', 'storage', 'other'] as const;
const ROLE_LABELS: Readonly<Record<Role, string>> = {
  [Role.Follower]: 'follower',
  [Role.PreCandidate]: 'pre_candidate',
  [Role.Candidate]: 'candidate',
  [Role.Leader]: 'leader',
};
/** Walking the data dir is cheap (LevelDB keeps a few dozen files) but needs no doing more than every few seconds. */
const DB_SIZE_CACHE_MS = 5_000;

const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096];

export class NodeMetrics {
  readonly registry = new Registry();
  readonly grpc: GrpcServerMetrics;
  readonly #leaderChanges: Counter;
  readonly #elections: Counter<'kind'>;
  readonly #proposalsCommitted: Counter;
  readonly #proposalsFailed: Counter<'reason'>;
  readonly #readIndex: Counter<'result'>;
  readonly #readIndexDuration: Histogram;
  readonly #snapshots: Counter;
  readonly #snapshotDuration: Histogram;
  readonly #syncDuration: Histogram;
  readonly #batchEntries: Histogram;
  readonly #batchBytes: Histogram;
  readonly #peerRpcDuration: Histogram<'peer' | 'rpc'>;
  #sources: MetricSources | undefined;
  #dbSize: { at: number; value: Promise<number | undefined> } | undefined;

  constructor(nodeId: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ node_id: nodeId });
    collectDefaultMetrics({ register: this.registry });
    const status = (): (Status & { readonly applied: number }) | undefined => this.#sources?.node.status();
    const storage = (): MetricSources['storage'] => this.#sources?.storage;
    const gauge = (name: string, help: string, read: () => number | undefined): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const v = read();
          if (v !== undefined) this.set(v);
        },
      });
    };

    // Consensus.
    gauge('raftkv_term', 'Current Raft term of this node.', () => status()?.term);
    gauge('raftkv_commit_index', 'Highest log index known to be committed.', () => status()?.commit);
    gauge('raftkv_applied_index', 'Highest log index applied to the state machine.', () => status()?.applied);
    gauge('raftkv_last_log_index', 'Index of the last entry in the log.', () => status()?.lastIndex);
    gauge('raftkv_snapshot_index', 'Index of the snapshot the log begins after (0 until snapshots exist).', () => {
      const s = storage();
      return s === undefined ? undefined : s.firstIndex() - 1;
    });
    gauge('raftkv_is_leader', '1 when this node is the leader, else 0.', () => (status()?.role === Role.Leader ? 1 : 0));
    // 0 while the node is still starting (its HTTP port serves before the node exists): it knows no leader yet.
    gauge('raftkv_has_leader', '1 when this node knows a leader, else 0.', () => (status()?.lead ?? NONE) !== NONE ? 1 : 0);
    gauge('raftkv_proposals_pending', 'Proposals made on this node as leader and not yet applied.', () => this.#sources?.node.pendingProposals);
    new Gauge({
      name: 'raftkv_leader_info',
      help: 'Always 1, labelled with the id of the leader this node knows; no series while it knows none.',
      labelNames: ['leader_id'],
      registers,
      collect() {
        this.reset();
        const lead = status()?.lead;
        if (lead !== undefined && lead !== NONE) this.set({ leader_id: lead }, 1);
      },
    });
    new Gauge({
      name: 'raftkv_role',
      help: 'This node\'s Raft role: one series per role, 1 for the current one and 0 for the others.',
      labelNames: ['role'],
      registers,
      collect() {
        const s = status();
        if (s === undefined) return;
        for (const [role, label] of Object.entries(ROLE_LABELS)) this.set({ role: label }, s.role === role ? 1 : 0);
      },
    });
    new Gauge({
      name: 'raftkv_members',
      help: 'Members of the cluster configuration this node knows, by suffrage.',
      labelNames: ['suffrage'],
      registers,
      collect() {
        const s = status();
        if (s === undefined) return;
        this.set({ suffrage: 'voter' }, s.confState.voters.length);
        this.set({ suffrage: 'learner' }, s.confState.learners.length);
      },
    });
    new Gauge({
      name: 'raftkv_peer_match_index',
      help: 'Leader only: highest log index known to be replicated on each peer.',
      labelNames: ['peer'],
      registers,
      collect() {
        this.reset();
        const s = status();
        if (s?.role !== Role.Leader) return;
        for (const [peer, pr] of s.progress) if (peer !== s.id) this.set({ peer }, pr.match);
      },
    });
    new Gauge({
      name: 'raftkv_peer_replication_lag_entries',
      help: 'Leader only: entries in the leader\'s log not yet replicated on each peer (last log index - match index).',
      labelNames: ['peer'],
      registers,
      collect() {
        this.reset();
        const s = status();
        if (s?.role !== Role.Leader) return;
        for (const [peer, pr] of s.progress) if (peer !== s.id) this.set({ peer }, Math.max(0, s.lastIndex - pr.match));
      },
    });
    // Byte bounds (--max-append-bytes and friends, docs/write-path.md).
    gauge('raftkv_uncommitted_bytes', 'Leader only: entry bytes appended and not yet committed; proposals past --max-uncommitted-bytes are refused.', () => status()?.uncommittedBytes);
    new Gauge({
      name: 'raftkv_peer_inflight_bytes',
      help: 'Leader only: entry bytes sent to each peer and not yet acknowledged, bounded by --max-inflight-bytes.',
      labelNames: ['peer'],
      registers,
      collect() {
        this.reset();
        const s = status();
        if (s?.role !== Role.Leader) return;
        for (const [peer, pr] of s.progress) if (peer !== s.id) this.set({ peer }, pr.inflightBytes);
      },
    });
    new Counter({
      name: 'raftkv_raft_bound_hits_total',
      help:
        'Times a byte bound held something back: bound="append_bytes" (an AppendEntries cut short), "inflight_bytes" (a follower\'s window filled), ' +
        '"uncommitted_bytes" (a proposal refused), "committed_bytes_per_ready" (an apply batch cut short).',
      labelNames: ['bound'],
      registers,
      collect() {
        // The core counts; written at scrape time like the transport counters.
        const hits = status()?.boundHits;
        if (hits === undefined) return;
        this.reset();
        this.inc({ bound: 'append_bytes' }, hits.appendBytes);
        this.inc({ bound: 'inflight_bytes' }, hits.inflightBytes);
        this.inc({ bound: 'uncommitted_bytes' }, hits.uncommittedBytes);
        this.inc({ bound: 'committed_bytes_per_ready' }, hits.committedBytesPerReady);
      },
    });
    this.#leaderChanges = new Counter({ name: 'raftkv_leader_changes_seen_total', help: 'Times this node saw a new leader.', registers });
    this.#elections = new Counter({
      name: 'raftkv_elections_started_total',
      help: 'Campaigns this node started: kind="pre_vote" on becoming pre-candidate, kind="vote" on becoming candidate (a new term).',
      labelNames: ['kind'],
      registers,
    });
    this.#proposalsCommitted = new Counter({
      name: 'raftkv_proposals_committed_total',
      help: 'Proposals made on this node as leader that committed and were applied.',
      registers,
    });
    this.#proposalsFailed = new Counter({
      name: 'raftkv_proposals_failed_total',
      help: 'Proposals made on this node as leader that failed or whose outcome is unknown, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.#readIndex = new Counter({
      name: 'raftkv_read_index_requests_total',
      help: 'Linearizable read barriers (read-index) on this node, by result.',
      labelNames: ['result'],
      registers,
    });
    this.#readIndexDuration = new Histogram({
      name: 'raftkv_read_index_duration_seconds',
      help: 'Time for a linearizable read barrier: leader confirmation plus local apply, in seconds.',
      buckets: LATENCY_BUCKETS,
      registers,
    });

    // Storage.
    this.#syncDuration = new Histogram({
      name: 'raftkv_storage_sync_duration_seconds',
      help: 'Time to write and fsync one Ready batch of entries and hard state, in seconds.',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#batchEntries = new Histogram({
      name: 'raftkv_storage_batch_entries',
      help: 'Log entries written per storage batch.',
      buckets: [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers,
    });
    this.#batchBytes = new Histogram({
      name: 'raftkv_storage_batch_bytes',
      help: 'Entry payload bytes written per storage batch.',
      buckets: [0, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216],
      registers,
    });
    gauge('raftkv_log_entries', 'Entries held in the Raft log (last index - first index + 1).', () => {
      const s = storage();
      return s === undefined ? undefined : s.lastIndex() - s.firstIndex() + 1;
    });
    const dbSize = (): Promise<number | undefined> => this.#databaseSize();
    new Gauge({
      name: 'raftkv_storage_db_size_bytes',
      help: 'Bytes on disk under the data directory (LevelDB tables and write-ahead log: Raft log, hard state and data), refreshed at most every 5 s.',
      registers,
      async collect() {
        const v = await dbSize();
        if (v !== undefined) this.set(v);
      },
    });
    this.#snapshots = new Counter({ name: 'raftkv_snapshots_total', help: 'Snapshots this node has taken (log compactions) or installed from the leader.', registers });
    gauge('raftkv_quota_backend_bytes', 'The database size past which this member raises the NOSPACE alarm (--quota-backend-bytes).', () => this.#sources?.space?.quotaBytes);
    const sources = (): MetricSources | undefined => this.#sources;
    new Gauge({
      name: 'raftkv_alarms_active',
      help: 'Active cluster-wide alarms of each type (NOSPACE, CORRUPT), as this member has applied them.',
      labelNames: ['alarm'],
      registers,
      collect() {
        const active = sources()?.space?.alarms() ?? [];
        for (const alarm of ALARM_TYPES) this.set({ alarm }, active.filter((a) => a.alarm === alarm).length);
      },
    });
    // The snapshot is the applied state in the node's one database, not a separate file: see raftkv_storage_db_size_bytes.
    gauge('raftkv_snapshot_size_bytes', 'Size of the latest snapshot file (always 0: snapshots are the applied state in the database, see raftkv_storage_db_size_bytes).', () => 0);
    this.#snapshotDuration = new Histogram({
      name: 'raftkv_snapshot_duration_seconds',
      help: 'Time to take (compact) or install a snapshot, in seconds.',
      buckets: [0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });

    // Network.
    this.#peerRpcDuration = new Histogram({
      name: 'raftkv_peer_rpc_duration_seconds',
      help: 'Duration of RaftService calls to each peer, by RPC (Send, Propose), in seconds, failures included.',
      labelNames: ['peer', 'rpc'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const sent = (): ReadonlyMap<NodeId, PeerClientStats> => this.#sources?.sent?.stats() ?? new Map();
    const received = (): ReadonlyMap<NodeId, PeerReceiveStats> => this.#sources?.received?.stats() ?? new Map();
    const perPeer = <S>(type: 'counter' | 'gauge', name: string, help: string, stats: () => ReadonlyMap<NodeId, S>, read: (s: S) => number): void => {
      // Absolute values kept by the transport, written at scrape time.
      const collect = function (this: Counter<'peer'> | Gauge<'peer'>): void {
        this.reset();
        for (const [peer, s] of stats()) {
          if (this instanceof Counter) this.inc({ peer }, read(s));
          else this.set({ peer }, read(s));
        }
      };
      if (type === 'counter') new Counter({ name, help, labelNames: ['peer'], registers, collect });
      else new Gauge({ name, help, labelNames: ['peer'], registers, collect });
    };
    perPeer('counter', 'raftkv_peer_sent_bytes_total', 'Bytes of Raft messages sent to each peer (successful Send calls).', sent, (s) => s.bytesSent);
    perPeer('counter', 'raftkv_peer_sent_messages_total', 'Raft messages sent to each peer (successful Send calls).', sent, (s) => s.messagesSent);
    perPeer('counter', 'raftkv_peer_send_failures_total', 'Failed sends to each peer (a broken SendStream or a failed Send call); what was in flight was dropped.', sent, (s) => s.sendFailures);
    perPeer('counter', 'raftkv_peer_dropped_messages_total', 'Raft messages to each peer dropped by failed calls or a full queue.', sent, (s) => s.messagesDropped);
    perPeer('gauge', 'raftkv_peer_send_queue_messages', 'Raft messages queued for each peer.', sent, (s) => s.queued);
    perPeer('counter', 'raftkv_peer_received_bytes_total', 'Bytes of RaftService requests accepted from each peer.', received, (s) => s.bytesReceived);
    perPeer('counter', 'raftkv_peer_received_messages_total', 'Raft messages accepted from each peer.', received, (s) => s.messagesReceived);

    // Leases.
    gauge('raftkv_leases', 'Leases this node knows: granted and not yet revoked or expired.', () => this.#sources?.leases?.size);
    const leaseSource = (): MetricSources['leases'] => this.#sources?.leases;
    new Counter({
      name: 'raftkv_lease_expired_total',
      help: 'Leases this node, as leader, revoked because their TTL ran out (their keys deleted).',
      registers,
      collect() {
        // The keeper counts; written at scrape time like the transport counters.
        const expired = leaseSource()?.expiredTotal;
        if (expired === undefined) return;
        this.reset();
        this.inc(expired);
      },
    });

    // Watches.
    gauge('raftkv_watchers', 'Open Watch streams on this node.', () => this.#sources?.watches?.size);
    const watchSource = (): MetricSources['watches'] => this.#sources?.watches;
    new Counter({
      name: 'raftkv_watch_events_sent_total',
      help: 'Watch events this node handed to Watch streams.',
      registers,
      collect() {
        // The hub counts; written at scrape time like the transport counters.
        const sent = watchSource()?.eventsSent;
        if (sent === undefined) return;
        this.reset();
        this.inc(sent);
      },
    });
    new Counter({
      name: 'raftkv_watchers_refused_total',
      help: 'Watches refused because this node already served --max-watchers.',
      registers,
      collect() {
        const refused = watchSource()?.refused;
        if (refused === undefined) return;
        this.reset();
        this.inc(refused);
      },
    });

    // Clients.
    this.grpc = new GrpcServerMetrics(registers);

    for (const kind of ['pre_vote', 'vote']) this.#elections.inc({ kind }, 0);
    for (const reason of PROPOSAL_FAILURE_REASONS) this.#proposalsFailed.inc({ reason }, 0);
    for (const result of ['ok', 'error']) this.#readIndex.inc({ result }, 0);
  }

  attach(sources: MetricSources): void {
    this.#sources = sources;
  }

  /** Drops the cached database size, so the next scrape measures it (after a defragmentation). */
  refreshDbSize(): void {
    this.#dbSize = undefined;
  }

  /** Event hooks for the driver. */
  events(): NodeEvents {
    return {
      onLeaderChange: (leader) => {
        if (leader !== NONE) this.#leaderChanges.inc();
      },
      onRoleChange: (role) => {
        if (role === Role.PreCandidate) this.#elections.inc({ kind: 'pre_vote' });
        else if (role === Role.Candidate) this.#elections.inc({ kind: 'vote' });
      },
      onPersisted: (entries, durationMs, synced, bytes) => {
        if (synced) this.#syncDuration.observe(durationMs / 1000);
        this.#batchEntries.observe(entries);
        this.#batchBytes.observe(bytes);
      },
      onProposalSettled: (err) => {
        // A command the state machine refused still committed: every node refused it alike.
        if (err === undefined || err instanceof InvalidArgumentError) this.#proposalsCommitted.inc();
        else this.#proposalsFailed.inc({ reason: failureReason(err) });
      },
      onSnapshot: (_kind, _index, durationMs) => {
        this.#snapshots.inc();
        this.#snapshotDuration.observe(durationMs / 1000);
      },
      onReadIndex: (durationMs, ok) => {
        this.#readIndex.inc({ result: ok ? 'ok' : 'error' });
        this.#readIndexDuration.observe(durationMs / 1000);
      },
    };
  }

  /** Hooks for the peer transport's clients. */
  peerHooks(): PeerClientHooks {
    return {
      onRpcDone: (peer, rpc, seconds) => this.#peerRpcDuration.observe({ peer, rpc }, seconds),
    };
  }

  /** The interceptor for the client gRPC server. */
  grpcInterceptors(): grpc.ServerInterceptor[] {
    return [this.grpc.interceptor];
  }

  #databaseSize(): Promise<number | undefined> {
    const store = this.#sources?.storage;
    if (store === undefined) return Promise.resolve(undefined);
    const now = Date.now();
    if (this.#dbSize === undefined || now - this.#dbSize.at > DB_SIZE_CACHE_MS) {
      // LevelDB's own approximateSize() ignores the write-ahead log and the memtable (0 for a young
      // database), so count the files. An unreadable dir has no size to report.
      this.#dbSize = { at: now, value: directorySize(store.dataDir).catch(() => undefined) };
    }
    return this.#dbSize.value;
  }
}

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    // A file LevelDB deletes between the listing and the stat simply no longer counts.
    total += await stat(join(entry.parentPath ?? entry.path, entry.name)).then((s) => s.size, () => 0);
  }
  return total;
}

function failureReason(err: Error): (typeof PROPOSAL_FAILURE_REASONS)[number] {
  if (!(err instanceof RaftKvError)) return 'other';
  const reason = err.code.replace(/^RAFTKV_ERR_/, '').toLowerCase();
  return (PROPOSAL_FAILURE_REASONS as readonly string[]).includes(reason) ? (reason as (typeof PROPOSAL_FAILURE_REASONS)[number]) : 'other';
}
