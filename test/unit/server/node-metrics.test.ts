import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { NodeMetrics } from '../../../src/server/metrics';
import { LeaderCommitTracker, READY_MAX_APPLY_LAG, readiness } from '../../../src/server/readiness';
import { NotAttemptedError, OutcomeUnknownError, InvalidArgumentError, TimeoutError } from '../../../src/errors';
import { MessageType, NONE, Role, type Message, type Status } from '../../../src/raft/types';
import { parseExposition, select, valueOf } from '../../support/metrics-scrape';

type NodeStatus = Status & { readonly applied: number };

function status(over: Partial<NodeStatus> = {}): NodeStatus {
  return {
    id: 'n1', role: Role.Follower, term: 3, vote: NONE, lead: 'n2', commit: 10, applied: 10, lastIndex: 10,
    confState: { voters: ['n1', 'n2', 'n3'], learners: [] }, progress: new Map(),
    uncommittedBytes: 0, boundHits: { appendBytes: 0, inflightBytes: 0, uncommittedBytes: 0, committedBytesPerReady: 0 }, ...over,
  } as NodeStatus;
}

/** Match indexes per peer; other Progress fields do not matter to metrics. */
function progress(match: Record<string, number>): NodeStatus['progress'] {
  return new Map(Object.entries(match).map(([id, m]) => [id, { match: m, next: m + 1, inflightBytes: 0 }])) as unknown as NodeStatus['progress'];
}

async function exposition(m: NodeMetrics) {
  return parseExposition(await m.registry.metrics());
}

describe('NodeMetrics', () => {
  it('reports the byte bounds: uncommitted bytes, inflight bytes per peer and how often each bound held something back', async () => {
    const s = status({
      role: Role.Leader,
      lead: 'n1',
      uncommittedBytes: 4096,
      progress: new Map([
        ['n1', { match: 10, next: 11, state: 'Replicate', recentActive: true, isLearner: false, inflightBytes: 0 }],
        ['n2', { match: 8, next: 11, state: 'Replicate', recentActive: true, isLearner: false, inflightBytes: 2048 }],
      ]),
      boundHits: { appendBytes: 3, inflightBytes: 2, uncommittedBytes: 5, committedBytesPerReady: 1 },
    });
    const m = new NodeMetrics('n1');
    m.attach({ node: { status: () => s, pendingProposals: 0 } });
    const e = await exposition(m);
    expect(valueOf(e, 'raftkv_uncommitted_bytes')).toBe(4096);
    expect(select(e, 'raftkv_peer_inflight_bytes').map((x) => [x.labels.peer, x.value])).toEqual([['n2', 2048]]);
    const hits = Object.fromEntries(select(e, 'raftkv_raft_bound_hits_total').map((x) => [x.labels.bound, x.value]));
    expect(hits).toEqual({ append_bytes: 3, inflight_bytes: 2, uncommitted_bytes: 5, committed_bytes_per_ready: 1 });
  });

  it('names only the current leader in raftkv_leader_info and reports exactly one role', async () => {
    let s = status();
    const m = new NodeMetrics('n1');
    m.attach({ node: { status: () => s, pendingProposals: 2 } });
    let e = await exposition(m);
    expect(select(e, 'raftkv_leader_info').map((x) => x.labels.leader_id)).toEqual(['n2']);
    expect(select(e, 'raftkv_role').filter((x) => x.value === 1).map((x) => x.labels.role)).toEqual(['follower']);
    expect(valueOf(e, 'raftkv_proposals_pending')).toBe(2);
    s = status({ lead: NONE, role: Role.PreCandidate });
    e = await exposition(m);
    expect(select(e, 'raftkv_leader_info')).toEqual([]);
    expect(valueOf(e, 'raftkv_has_leader')).toBe(0);
    expect(select(e, 'raftkv_role').filter((x) => x.value === 1).map((x) => x.labels.role)).toEqual(['pre_candidate']);
  });

  it('reports per-peer match index and lag on the leader only', async () => {
    let s = status({ role: Role.Leader, lead: 'n1', lastIndex: 20, progress: progress({ n1: 20, n2: 15, n3: 20 }) });
    const m = new NodeMetrics('n1');
    m.attach({ node: { status: () => s, pendingProposals: 0 } });
    let e = await exposition(m);
    expect(Object.fromEntries(select(e, 'raftkv_peer_replication_lag_entries').map((x) => [x.labels.peer, x.value]))).toEqual({ n2: 5, n3: 0 });
    expect(valueOf(e, 'raftkv_peer_match_index', { peer: 'n2' })).toBe(15);
    s = status();
    e = await exposition(m);
    expect(select(e, 'raftkv_peer_replication_lag_entries')).toEqual([]);
  });

  it('counts proposals by outcome, with refused commands as committed and failures by their stable code', async () => {
    const m = new NodeMetrics('n1');
    const ev = m.events();
    ev.onProposalSettled?.(undefined);
    ev.onProposalSettled?.(new InvalidArgumentError('command', 'bad'));
    ev.onProposalSettled?.(new TimeoutError('outcome unknown'));
    ev.onProposalSettled?.(new OutcomeUnknownError('shut down'));
    ev.onProposalSettled?.(new NotAttemptedError('replaced'));
    ev.onProposalSettled?.(new Error('surprise'));
    ev.onRoleChange?.(Role.PreCandidate, 3);
    ev.onRoleChange?.(Role.Candidate, 4);
    ev.onRoleChange?.(Role.Leader, 4);
    ev.onLeaderChange?.('n1', 4);
    ev.onLeaderChange?.(NONE, 4);
    const e = await exposition(m);
    expect(valueOf(e, 'raftkv_proposals_committed_total')).toBe(2);
    const failed = Object.fromEntries(select(e, 'raftkv_proposals_failed_total').map((x) => [x.labels.reason, x.value]));
    expect(failed).toMatchObject({ timeout: 1, outcome_unknown: 1, not_attempted: 1, other: 1, proposal_dropped: 0 });
    expect(valueOf(e, 'raftkv_elections_started_total', { kind: 'pre_vote' })).toBe(1);
    expect(valueOf(e, 'raftkv_elections_started_total', { kind: 'vote' })).toBe(1);
    expect(valueOf(e, 'raftkv_leader_changes_seen_total')).toBe(1);
  });

  it('exports the transport counters per peer, the storage bounds and the bytes under the data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'raftkv-metrics-'));
    mkdirSync(join(dataDir, 'db'));
    writeFileSync(join(dataDir, 'db', '000003.log'), Buffer.alloc(3000));
    writeFileSync(join(dataDir, 'db', 'CURRENT'), Buffer.alloc(1096));
    const m = new NodeMetrics('n1');
    m.attach({
      node: { status: () => status(), pendingProposals: 0 },
      storage: { firstIndex: () => 5, lastIndex: () => 14, dataDir },
      sent: { stats: () => new Map([['n2', { messagesSent: 7, bytesSent: 700, batchesSent: 3, sendFailures: 1, messagesDropped: 2, queued: 4 }]]) },
      received: { stats: () => new Map([['n2', { bytesReceived: 900, messagesReceived: 9 }]]) },
    });
    const e = await exposition(m);
    rmSync(dataDir, { recursive: true, force: true });
    expect(valueOf(e, 'raftkv_peer_sent_bytes_total', { peer: 'n2' })).toBe(700);
    expect(valueOf(e, 'raftkv_peer_send_failures_total', { peer: 'n2' })).toBe(1);
    expect(valueOf(e, 'raftkv_peer_send_queue_messages', { peer: 'n2' })).toBe(4);
    expect(valueOf(e, 'raftkv_peer_received_bytes_total', { peer: 'n2' })).toBe(900);
    expect(valueOf(e, 'raftkv_log_entries')).toBe(10);
    expect(valueOf(e, 'raftkv_snapshot_index')).toBe(4);
    expect(valueOf(e, 'raftkv_storage_db_size_bytes')).toBe(4096);
    expect(valueOf(e, 'raftkv_snapshots_total')).toBe(0);
  });

  it('counts client RPCs by service, method and Go-style code through the server interceptor', async () => {
    const m = new NodeMetrics('n1');
    const raw = { requestStream: false, responseStream: false, requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b };
    const def = { Echo: { ...raw, path: '/test.v1.Echo/Echo' }, Fail: { ...raw, path: '/test.v1.Echo/Fail' } };
    const server = new grpc.Server({ interceptors: m.grpcInterceptors() });
    server.addService(def, {
      Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, call.request),
      Fail: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb({ code: grpc.status.UNAVAILABLE, details: 'no' }),
    });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = (path: string): Promise<grpc.ServiceError | null> =>
      new Promise((resolve) => client.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, Buffer.from('x'), (err) => resolve(err)));
    try {
      expect(await call('/test.v1.Echo/Echo')).toBeNull();
      expect((await call('/test.v1.Echo/Fail'))?.code).toBe(grpc.status.UNAVAILABLE);
      // An unknown method never reaches the interceptor, so it cannot add a label value.
      expect((await call('/test.v1.Echo/Nope'))?.code).toBe(grpc.status.UNIMPLEMENTED);
    } finally {
      client.close();
      server.forceShutdown();
    }
    const e = await exposition(m);
    const handled = select(e, 'raftkv_grpc_server_handled_total').map((x) => `${x.labels.grpc_type} ${x.labels.grpc_service}/${x.labels.grpc_method} ${x.labels.grpc_code}=${x.value}`);
    expect(handled.sort()).toEqual(['unary test.v1.Echo/Echo OK=1', 'unary test.v1.Echo/Fail Unavailable=1']);
    expect(valueOf(e, 'raftkv_grpc_server_handling_seconds_count', { grpc_method: 'Echo' })).toBe(1);
  });
});

describe('readiness', () => {
  const app = (term: number, commit: number): Message =>
    ({ type: MessageType.App, from: 'n2', to: 'n1', term, commit, logTerm: 0, index: 0, entries: [], reject: false, rejectHint: 0, rejectHintTerm: 0, context: new Uint8Array() }) as Message;

  it('is not ready while applied trails the leader\'s commit index by more than the limit, even when the node\'s own commit is low', () => {
    const tracker = new LeaderCommitTracker();
    const node = { status: () => status({ commit: 50, applied: 50 }) };
    expect(readiness(node, tracker).ready).toBe(true);
    tracker.observe([app(3, 50 + READY_MAX_APPLY_LAG + 1)]);
    expect(readiness(node, tracker)).toMatchObject({ ready: false, reason: expect.stringContaining("trails the leader's commit index") });
    // A commit index from an older term's leader is not trusted.
    const older = new LeaderCommitTracker();
    older.observe([app(2, 5000)]);
    expect(readiness(node, older).ready).toBe(true);
  });

  it('is not ready without a leader', () => {
    expect(readiness({ status: () => status({ lead: NONE }) })).toEqual({ ready: false, reason: 'no leader is known' });
  });

  it('is not ready on a member whose state diverged from the cluster\'s (CORRUPT), so a load balancer sends its clients elsewhere', () => {
    const node = { status: () => status({ commit: 50, applied: 50 }) };
    expect(readiness(node, undefined, () => false).ready).toBe(true);
    expect(readiness(node, undefined, () => true)).toEqual({ ready: false, reason: expect.stringContaining('CORRUPT alarm') });
  });
});
