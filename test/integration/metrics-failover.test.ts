/**
 * What an operator's dashboard shows when the leader dies: the survivors'
 * /metrics report the new term, the new leader's id and a leader change.
 */
import { ProcessCluster } from '../support/process-cluster';
import { scrape, select, valueOf, type Sample } from '../support/metrics-scrape';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

describe('metrics across a leader failover', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start();
  });
  afterAll(() => cluster.stop());

  it('after the leader is killed, the survivors show the new term, the new leader id and a leader change', async () => {
    const oldLeader = await cluster.waitForLeader();
    await cluster.client().put('before', Buffer.from('x'));
    const survivors = cluster.nodes.filter((n) => n.id !== oldLeader);
    const before = new Map<string, Sample[]>();
    for (const n of survivors) {
      const m = await waitFor(`${n.id} to report leader ${oldLeader}`, async () => {
        const s = await scrape(n.httpPort);
        return select(s, 'raftkv_leader_info', { leader_id: oldLeader }).length === 1 ? s : undefined;
      });
      before.set(n.id, m);
      expect(valueOf(m, 'raftkv_has_leader')).toBe(1);
      expect(valueOf(m, 'raftkv_role', { role: 'follower' })).toBe(1);
    }

    await cluster.stopNode(oldLeader, 'SIGKILL');

    const newLeader = await waitFor('the survivors to agree on a new leader in their metrics', async () => {
      const leaders = await Promise.all(
        survivors.map(async (n) => select(await scrape(n.httpPort), 'raftkv_leader_info').map((s) => s.labels.leader_id)),
      );
      const first = leaders[0]?.[0];
      return first !== undefined && first !== oldLeader && leaders.every((l) => l.length === 1 && l[0] === first) ? first : undefined;
    }, 20_000);

    for (const n of survivors) {
      const was = before.get(n.id) as Sample[];
      const now = await scrape(n.httpPort);
      // Exactly one leader_info series, naming the new leader only.
      expect(select(now, 'raftkv_leader_info').map((s) => s.labels)).toEqual([{ leader_id: newLeader, node_id: n.id }]);
      expect(valueOf(now, 'raftkv_term')).toBeGreaterThan(valueOf(was, 'raftkv_term'));
      expect(valueOf(now, 'raftkv_leader_changes_seen_total')).toBeGreaterThan(valueOf(was, 'raftkv_leader_changes_seen_total'));
      expect(valueOf(now, 'raftkv_is_leader')).toBe(n.id === newLeader ? 1 : 0);
      expect(valueOf(now, 'raftkv_role', { role: n.id === newLeader ? 'leader' : 'follower' })).toBe(1);
      expect(select(now, 'raftkv_role').filter((s) => s.value === 1)).toHaveLength(1);
    }
    // The winner campaigned: at least one real election (a new term) started there.
    const winner = await scrape(cluster.node(newLeader).httpPort);
    expect(valueOf(winner, 'raftkv_elections_started_total', { kind: 'vote' })).toBeGreaterThanOrEqual(1);
    // The new leader reports its one live follower's replication, and none for the dead one once it has caught up.
    await cluster.client(survivors.map((n) => n.id)).put('after', Buffer.from('y'));
    const follower = survivors.find((n) => n.id !== newLeader)?.id as string;
    await waitFor('the live follower to be caught up', async () => {
      const s = await scrape(cluster.node(newLeader).httpPort);
      return valueOf(s, 'raftkv_peer_replication_lag_entries', { peer: follower }) === 0 || undefined;
    });

    // The logs tell the same story, once each.
    const logs = cluster.logs(newLeader);
    expect(logs).toMatch(new RegExp(`"msg":"${newLeader} became leader at term \\d+"`));
    expect(logs).toContain(`"msg":"leader is ${newLeader}"`);
    if (process.env.SHOW_LOGS) {
      const lines = logs.split('\n').filter((l) => /became|election|leader is|leader lost|peer unreachable|connected to peer|votes/.test(l));
      process.stdout.write(`${lines.slice(-12).join('\n')}\n`);
      process.stdout.write(`${(await (await fetch(`http://127.0.0.1:${cluster.node(newLeader).httpPort}/metrics`)).text()).split('\n').filter((l) => /^raftkv_(term|leader|is_leader|has_leader|role|commit_index|applied_index|elections|peer_replication|peer_rpc_duration_seconds_count|grpc_server_handled|storage_sync_duration_seconds_count|proposals)/.test(l)).join('\n')}\n`);
    }
  });
});
