/**
 * What Prometheus sees of a node still waiting for its peers: the target is
 * up and reports raftkv_has_leader 0, so the no-leader alert (docs/metrics.md)
 * fires for it, instead of the target being down with no series at all.
 */
import { WaitingNode } from '../support/waiting-node';
import { waitFor } from '../support/wait';
import { PrometheusServer } from './support/prometheus';
import { describeWithTools } from './support/tools';

jest.setTimeout(60_000);

describeWithTools('a real Prometheus scraping a node that waits for its peers', ['prometheus'], () => {
  let node: WaitingNode;
  let prom: PrometheusServer | undefined;

  beforeAll(async () => {
    node = await WaitingNode.start();
    prom = await PrometheusServer.start([`127.0.0.1:${node.httpPort}`]);
  });
  afterAll(async () => {
    await prom?.stop();
    await node.stop();
  });

  it('finds the target up, reporting raftkv_has_leader 0', async () => {
    const p = prom as PrometheusServer;
    const hasLeader = await waitFor('a scrape with raftkv_has_leader', async () => {
      const r = await p.query('raftkv_has_leader');
      return r.length > 0 ? r : undefined;
    }, 30_000, 250);
    expect(hasLeader.map((s) => [s.metric.node_id, s.value[1]])).toEqual([['n1', '0']]);
    expect((await p.query('up')).map((s) => s.value[1])).toEqual(['1']);
    expect(node.running).toBe(true);
  });
});
