/**
 * A node whose peers are not up yet (a StatefulSet pod whose peers are still
 * Pending) answers on its HTTP port while it waits: /healthz says the process
 * lives, /readyz says 503 and why, /metrics shows it knows no leader. Before,
 * the port opened only once the node had joined a cluster, so probes and
 * Prometheus saw a refused connection.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RAFTKV_BIN } from '../support/process-cluster';
import { freePorts } from '../support/ports';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

async function fetchText(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

describe('the HTTP port of a node still starting', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> | undefined;
  let httpPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'raftkv-starting-'));
    // n2 and n3 listen nowhere: n1 probes them until they answer, as a pod does while its peers are Pending.
    const [client, peer, http, peer2, peer3] = (await freePorts(5)) as [number, number, number, number, number];
    httpPort = http;
    const log = openSync(join(dir, 'n1.log'), 'a');
    child = spawn(process.execPath, [
      RAFTKV_BIN,
      '--id', 'n1',
      '--client-addr', `127.0.0.1:${client}`,
      '--peer-addr', `127.0.0.1:${peer}`,
      '--http-addr', `127.0.0.1:${http}`,
      '--data-dir', join(dir, 'n1'),
      '--peers', `n1=127.0.0.1:${peer},n2=127.0.0.1:${peer2},n3=127.0.0.1:${peer3}`,
    ], { stdio: ['ignore', log, log] });
    closeSync(log);
    const started = child;
    exited = new Promise((resolve) => started.once('exit', resolve));
  });

  afterAll(async () => {
    if (child?.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('says the process lives on /healthz', async () => {
    const r = await waitFor('/healthz to answer', () => fetchText(httpPort, '/healthz'), 20_000, 100);
    expect(r).toEqual({ status: 200, body: 'ok\n' });
  });

  it('answers /readyz with 503 and the reason: probing its peers', async () => {
    const r = await waitFor('/readyz to name the peers it waits for', async () => {
      const res = await fetchText(httpPort, '/readyz');
      return /unreachable|n2/.test(res.body) ? res : undefined;
    }, 20_000, 100);
    expect(r.status).toBe(503);
    expect(r.body).toMatch(/^not ready: probing peers: /);
  });

  it('serves raftkv_has_leader 0 on /metrics', async () => {
    const r = await fetchText(httpPort, '/metrics');
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^raftkv_has_leader\{node_id="n1"\} 0$/m);
    expect(r.body).toMatch(/^raftkv_is_leader\{node_id="n1"\} 0$/m);
  });

  it('answers the HTTP/JSON API with 503 until the node runs', async () => {
    const r = await fetchText(httpPort, '/v1/kv/greeting');
    expect(r.status).toBe(503);
    expect(r.body).toMatch(/^not ready: probing peers/);
  });

  it('keeps waiting for its peers rather than bootstrapping alone or exiting', () => {
    expect(child?.exitCode).toBeNull();
    expect(readFileSync(join(dir, 'n1.log'), 'utf8')).toContain('not bootstrapping yet');
  });
});
