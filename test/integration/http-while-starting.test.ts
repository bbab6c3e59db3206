/**
 * A node whose peers are not up yet (a StatefulSet pod whose peers are still
 * Pending) answers on its HTTP port while it waits: /healthz says the process
 * lives, /readyz says 503 and why, /metrics shows it knows no leader. Before,
 * the port opened only once the node had joined a cluster, so probes and
 * Prometheus saw a refused connection.
 */
import { WaitingNode } from '../support/waiting-node';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

async function fetchText(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

describe('the HTTP port of a node still starting', () => {
  let node: WaitingNode;

  beforeAll(async () => {
    node = await WaitingNode.start();
  });
  afterAll(() => node.stop());

  it('says the process lives on /healthz', async () => {
    const r = await waitFor('/healthz to answer', () => fetchText(node.httpPort, '/healthz'), 20_000, 100);
    expect(r).toEqual({ status: 200, body: 'ok\n' });
  });

  it('answers /readyz with 503 and the reason: probing its peers', async () => {
    const r = await waitFor('/readyz to name the peers it waits for', async () => {
      const res = await fetchText(node.httpPort, '/readyz');
      return /unreachable|n2/.test(res.body) ? res : undefined;
    }, 20_000, 100);
    expect(r.status).toBe(503);
    expect(r.body).toMatch(/^not ready: probing peers: /);
  });

  it('serves raftkv_has_leader 0 on /metrics', async () => {
    const r = await fetchText(node.httpPort, '/metrics');
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^raftkv_has_leader\{node_id="n1"\} 0$/m);
    expect(r.body).toMatch(/^raftkv_is_leader\{node_id="n1"\} 0$/m);
  });

  it('answers the HTTP/JSON API with 503 until the node runs', async () => {
    const r = await fetchText(node.httpPort, '/v1/kv/greeting');
    expect(r.status).toBe(503);
    expect(r.body).toMatch(/^not ready: probing peers/);
  });

  it('keeps waiting for its peers rather than bootstrapping alone or exiting', () => {
    expect(node.running).toBe(true);
    expect(node.logs()).toContain('not bootstrapping yet');
  });
});
