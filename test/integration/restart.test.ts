import { spawnSync } from 'node:child_process';
import { ProcessCluster, RAFTKV_BIN } from '../support/process-cluster';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

describe('restarts', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
  });
  afterAll(() => cluster.stop());

  it('keeps every acknowledged write when all nodes are killed with SIGKILL and restarted', async () => {
    const c = cluster.client();
    for (let i = 0; i < 100; i += 1) await c.put(`durable-${i}`, Buffer.from(`value-${i}`));
    await c.delete('durable-7');
    const statusBefore = await c.status();

    await Promise.all(cluster.nodes.map((n) => cluster.stopNode(n.id, 'SIGKILL')));
    for (const n of cluster.nodes) cluster.startNode(n.id);
    await cluster.waitForLeader();

    for (const id of ['n1', 'n2', 'n3']) {
      const reader = cluster.client([id]);
      for (let i = 0; i < 100; i += 1) {
        const res = await reader.get(`durable-${i}`);
        if (i === 7) expect(res.found).toBe(false);
        else expect(Buffer.from(res.value).toString()).toBe(`value-${i}`);
      }
    }
    const statusAfter = await cluster.client(['n1']).status();
    expect(Number(statusAfter.term)).toBeGreaterThan(Number(statusBefore.term));
  });

  it('stops cleanly on SIGTERM and resumes from its data dir', async () => {
    const c = cluster.client();
    await c.put('before-sigterm', Buffer.from('kept'));
    const code = await cluster.stopNode('n2', 'SIGTERM');
    expect(code).toBe(0);
    expect(cluster.logs('n2')).toContain('raftkv node stopped');
    cluster.startNode('n2');
    const reader = cluster.client(['n2']);
    const value = await waitFor('n2 to serve the write again', async () => {
      const res = await reader.get('before-sigterm');
      return res.found ? Buffer.from(res.value).toString() : undefined;
    });
    expect(value).toBe('kept');
  });

  it('hands leadership to another voter when the leader is stopped with SIGTERM', async () => {
    const leader = await cluster.waitForLeader();
    const termBefore = Number((await cluster.client([leader]).status()).term);
    expect(await cluster.stopNode(leader, 'SIGTERM')).toBe(0);
    expect(cluster.logs(leader)).toMatch(/handed leadership to n[123] before stopping/);
    const next = await cluster.waitForLeader();
    expect(next).not.toBe(leader);
    // TimeoutNow makes the transferee campaign at once: exactly one new term, no election timeout.
    expect(Number((await cluster.client([next]).status()).term)).toBe(termBefore + 1);
    await cluster.client([next]).put('after-handoff', Buffer.from('ok'));
    cluster.startNode(leader);
    await cluster.waitForLeader();
  });

  it('refuses to start on a data dir that belongs to another node', async () => {
    await cluster.stopNode('n3', 'SIGTERM');
    const n3 = cluster.node('n3');
    // n3's stopped data dir, started as if it were n1's.
    const args = cluster.args(n3).map((a) => (a === 'n3' ? 'n1' : a));
    const result = spawnSync(process.execPath, [RAFTKV_BIN, ...args, '--client-addr', '127.0.0.1:0', '--peer-addr', '127.0.0.1:0', '--http-addr', '127.0.0.1:0'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/belongs to node \\?"n3/);
    cluster.startNode('n3');
  });
});
