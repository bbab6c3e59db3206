/**
 * The dashboard works against real data: a real Prometheus scrapes a real
 * 3-node cluster under a little load, and every PromQL expression in
 * grafana/raftkv-cluster.json returns at least one series.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessCluster, REPO_ROOT } from '../support/process-cluster';
import { waitFor } from '../support/wait';
import { PrometheusServer } from './support/prometheus';
import { describeWithTools } from './support/tools';

jest.setTimeout(90_000);

interface Panel {
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
  readonly panels?: readonly Panel[];
}

const DASHBOARD = join(REPO_ROOT, 'grafana', 'raftkv-cluster.json');

/** Every target of every panel (rows included), with Grafana's variables replaced as a user choosing "All" would get. */
function dashboardQueries(): { panel: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
  const out: { panel: string; expr: string }[] = [];
  const visit = (p: Panel): void => {
    for (const t of p.targets ?? []) {
      out.push({
        panel: p.title,
        expr: t.expr
          .replace(/\$__rate_interval|\$__interval|\$\{__rate_interval\}/g, '10s')
          .replace(/\$\{?(namespace|instance)\}?/g, '.*'),
      });
    }
    p.panels?.forEach(visit);
  };
  dashboard.panels.forEach(visit);
  return out;
}

describeWithTools('a real Prometheus scraping a 3-node cluster', ['prometheus'], () => {
  let cluster: ProcessCluster;
  let prom: PrometheusServer;
  let load: { stop: boolean; done: Promise<number> };
  let loadError: unknown;

  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
    prom = await PrometheusServer.start(cluster.nodes.map((n) => `127.0.0.1:${n.httpPort}`));
    // A little load through every node (so followers forward writes and run read-index), bounded in count.
    const clients = cluster.nodes.map((n) => cluster.client([n.id]));
    const stopper = { stop: false };
    const run = async (): Promise<number> => {
      let ops = 0;
      for (let i = 0; i < 20_000 && !stopper.stop; i += 1) {
        const c = clients[i % clients.length];
        if (c === undefined) break;
        const key = `load-${i % 50}`;
        await (i % 2 === 0 ? c.put(key, Buffer.from(`v${i}`)) : c.get(key));
        ops += 1;
      }
      return ops;
    };
    load = Object.assign(stopper, {
      done: run().catch((err: unknown) => {
        loadError = err;
        return -1;
      }),
    });
  });

  afterAll(async () => {
    if (load !== undefined) {
      load.stop = true;
      await load.done;
    }
    await prom?.stop();
    await cluster?.stop();
  });

  it('scrapes all three nodes', async () => {
    await waitFor('3 raftkv targets up', async () => {
      const up = await prom.query('up{job="raftkv"} == 1');
      return up.length === 3 || undefined;
    }, 20_000, 200);
    expect((await prom.labelValues('instance', 'raftkv_term')).sort()).toEqual(cluster.nodes.map((n) => `127.0.0.1:${n.httpPort}`).sort());
  });

  it('returns at least one series for every PromQL expression in the dashboard', async () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(20);
    const empty = new Map<string, string>();
    await waitFor(
      'every dashboard query to return a series',
      async () => {
        empty.clear();
        for (const q of queries) {
          if ((await prom.query(q.expr)).length === 0) empty.set(q.expr, q.panel);
        }
        return empty.size === 0 || undefined;
      },
      30_000,
      1_000,
    ).catch(() => undefined);
    expect([...empty].map(([expr, panel]) => `${panel}: ${expr}`)).toEqual([]);
    // The cluster has one leader, and every node names it.
    const leaders = await prom.query('count by (leader_id) (raftkv_leader_info)');
    expect(leaders).toHaveLength(1);
    expect(leaders[0]?.value[1]).toBe('3');
    expect((await prom.query('sum(raftkv_is_leader)'))[0]?.value[1]).toBe('1');
    expect(loadError).toBeUndefined();
  });
});
