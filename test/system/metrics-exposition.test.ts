import { spawnSync } from 'node:child_process';
import { ProcessCluster } from '../support/process-cluster';
import { describeWithTools } from './support/tools';

jest.setTimeout(60_000);

describeWithTools('promtool on a live node', ['promtool'], () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
    await cluster.client().put('warm-up', Buffer.from('x'));
  });
  afterAll(() => cluster.stop());

  it('passes promtool check metrics for every raftkv_ family on every node', async () => {
    for (const n of cluster.nodes) {
      const body = await (await fetch(`http://127.0.0.1:${n.httpPort}/metrics`)).text();
      // promtool rejects prom-client's default nodejs_active_*_total gauges; we lint our own families.
      const ours = body
        .split('\n')
        .filter((line) => /^(# (HELP|TYPE) )?raftkv_/.test(line))
        .join('\n');
      expect(ours).toContain('raftkv_term');
      const r = spawnSync('promtool', ['check', 'metrics'], { input: `${ours}\n`, encoding: 'utf8' });
      expect({ node: n.id, status: r.status, problems: r.stdout + r.stderr }).toEqual({ node: n.id, status: 0, problems: '' });
    }
  });
});
