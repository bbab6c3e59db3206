import { ProcessCluster } from '../support/process-cluster';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

async function fetchText(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

describe('the HTTP port', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
  });
  afterAll(() => cluster.stop());

  it('answers /healthz, /readyz and /metrics on every node', async () => {
    for (const n of cluster.nodes) {
      expect((await fetchText(n.httpPort, '/healthz')).status).toBe(200);
      const ready = await waitFor(`${n.id} to be ready`, async () => {
        const r = await fetchText(n.httpPort, '/readyz');
        return r.status === 200 ? r : undefined;
      });
      expect(ready.body).toMatch(/^ready: leader n[123]/);
      const metrics = await fetchText(n.httpPort, '/metrics');
      expect(metrics.body).toMatch(/raftkv_term\{node_id="n\d"\} [1-9]/);
      expect(metrics.body).toContain('raftkv_is_leader');
    }
  });

  it('says not ready when the node has lost its quorum', async () => {
    await cluster.stopNode('n1', 'SIGKILL');
    await cluster.stopNode('n2', 'SIGKILL');
    const r = await waitFor('n3 to report not ready', async () => {
      const res = await fetchText(cluster.node('n3').httpPort, '/readyz');
      return res.status === 503 ? res : undefined;
    });
    expect(r.body).toContain('no leader');
  });
});
