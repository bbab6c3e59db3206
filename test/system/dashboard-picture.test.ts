/**
 * The dashboard shows a member down at a glance: a real 3-node cluster under
 * load, scraped by a real Prometheus, loses one node; the dashboard, drawn
 * from that Prometheus (support/dashboard-renderer.ts) and photographed by
 * headless Chromium, says 2 live of 3 voters, 1 down, one leader, and shows
 * each node's role by node id. UPDATE_DOCS=1 keeps the picture as
 * docs/dashboard.png.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessCluster, REPO_ROOT } from '../support/process-cluster';
import { waitFor } from '../support/wait';
import { screenshot } from './support/chromium';
import { renderDashboard, type Dashboard } from './support/dashboard-renderer';
import { PrometheusServer } from './support/prometheus';
import { describeWithTools } from './support/tools';

jest.setTimeout(180_000);

describeWithTools('the dashboard, drawn from a real Prometheus while a member is down', ['prometheus', 'chromium'], () => {
  let cluster: ProcessCluster;
  let prom: PrometheusServer;
  const out = mkdtempSync(join(tmpdir(), 'raftkv-dashboard-'));
  const load = { stop: false, done: Promise.resolve() };

  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
    prom = await PrometheusServer.start(cluster.nodes.map((n) => `127.0.0.1:${n.httpPort}`));
    // Writes through every node, and now and then a request a client gets wrong (an empty key).
    const clients = cluster.nodes.map((n) => cluster.client([n.id], 2_000));
    load.done = (async () => {
      for (let i = 0; !load.stop; i += 1) {
        const c = clients[i % clients.length];
        await c?.put(i % 25 === 0 ? '' : `k-${i % 100}`, Buffer.from(String(i))).catch(() => undefined);
      }
    })();
  });

  afterAll(async () => {
    load.stop = true;
    await load.done;
    await prom?.stop();
    await cluster?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('says 2 live of 3 voters, 1 down, one leader, and draws every node\'s role by node id', async () => {
    // A minute of a healthy cluster, then a follower is lost.
    await waitFor('30 s of samples from every node', async () => {
      const r = await prom.query('count_over_time(up{job="raftkv"}[5m])');
      return r.length === 3 && r.every((s) => Number(s.value[1]) >= 30) ? true : undefined;
    }, 90_000, 1_000);
    const leader = await cluster.waitForLeader();
    const victim = cluster.nodes.find((n) => n.id !== leader);
    if (victim === undefined) throw new Error('no follower');
    await cluster.stopNode(victim.id, 'SIGKILL');
    await waitFor('Prometheus to see the node down for 15 s', async () => {
      const r = await prom.query(`count_over_time((up{job="raftkv"} == 0)[5m:1s])`);
      return r.some((s) => Number(s.value[1]) >= 15) ? true : undefined;
    }, 60_000, 1_000);

    const dashboard = JSON.parse(readFileSync(join(REPO_ROOT, 'grafana', 'raftkv-cluster.json'), 'utf8')) as Dashboard;
    const to = Math.floor(Date.now() / 1000);
    const { html, height, shown } = await renderDashboard(dashboard, { prometheusUrl: prom.url, from: to - 60, to, stepS: 1, rateInterval: '5s' });
    const values = (title: string): Record<string, string> => Object.fromEntries((shown.stats.get(title) ?? []).map((s) => [s.name, s.text]));
    expect(values('Live members / voters')).toEqual({ live: '2', voters: '3', down: '1' });
    expect(values('Leaders')).toEqual({ '': '1' });
    expect(values('Cluster has leader')).toEqual({ '': 'yes' });
    expect(shown.series.get('Role')).toEqual(cluster.nodes.map((n) => n.id).sort());
    expect(shown.series.get('Client errors (the request was refused)')?.some((s) => s.includes('InvalidArgument'))).toBe(true);

    const page = join(out, 'dashboard.html');
    const png = join(out, 'dashboard.png');
    writeFileSync(page, html);
    await screenshot(page, png, 1600, height);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(50_000);
    if (process.env.UPDATE_DOCS === '1') copyFileSync(png, join(REPO_ROOT, 'docs', 'dashboard.png'));
  });
});
