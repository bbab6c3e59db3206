/**
 * Backups through the other doors: Debian's etcdctl 3.4 `snapshot save`
 * (etcd's Maintenance.Snapshot) and `curl` on the HTTP port's GET
 * /v1/snapshot both write a raftkv backup that `kvctl snapshot status`
 * verifies. etcdctl's own `snapshot status` reads bbolt files only and
 * refuses it, as docs/backup-restore.md says.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKvctl } from '../../src/cli/kvctl-program';
import { ProcessCluster } from '../support/process-cluster';
import { etcdctl } from './support/etcdctl';
import { describeWithTools } from './support/tools';

jest.setTimeout(120_000);

async function status(file: string): Promise<{ code: number; doc: { revision: number; keys: number; sha256: string } | undefined; err: string }> {
  let out = '';
  let err = '';
  const code = await runKvctl(['snapshot', 'status', file, '-o', 'json'], (s) => (out += s), (s) => (err += s));
  return { code, doc: code === 0 ? (JSON.parse(out) as { revision: number; keys: number; sha256: string }) : undefined, err };
}

describeWithTools('backups, defragmentation and alarms through etcdctl, and backups on the HTTP port', ['etcdctl', 'curl'], () => {
  let cluster: ProcessCluster | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'raftkv-etcdctl-snap-'));

  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('etcdctl snapshot save and curl /v1/snapshot write a backup kvctl snapshot status verifies; etcdctl snapshot status refuses it (not bbolt)', async () => {
    cluster = await ProcessCluster.start({ size: 1 });
    await cluster.waitForLeader();
    const endpoint = cluster.endpoints()[0]!;
    for (let i = 0; i < 20; i += 1) expect((await etcdctl(endpoint, ['put', `/snap/${i}`, `v${i}`])).code).toBe(0);

    const viaEtcdctl = join(dir, 'etcdctl.db');
    const save = await etcdctl(endpoint, ['snapshot', 'save', viaEtcdctl]);
    expect({ code: save.code, out: save.out }).toEqual({ code: 0, out: `Snapshot saved at ${viaEtcdctl}\n` });
    const fromEtcdctl = await status(viaEtcdctl);
    expect(fromEtcdctl).toMatchObject({ code: 0, doc: { keys: 20 } });

    const viaHttp = join(dir, 'http.rkv');
    const curl = spawnSync('curl', ['-sS', '-f', '-o', viaHttp, `http://127.0.0.1:${cluster.nodes[0]!.httpPort}/v1/snapshot`], { encoding: 'utf8' });
    expect({ code: curl.status, err: curl.stderr }).toEqual({ code: 0, err: '' });
    const fromHttp = await status(viaHttp);
    expect(fromHttp).toMatchObject({ code: 0, doc: { keys: 20, revision: fromEtcdctl.doc!.revision } });
    expect(readFileSync(viaHttp).byteLength % 512).toBe(32);

    const bbolt = await etcdctl(endpoint, ['snapshot', 'status', viaEtcdctl]);
    expect(bbolt.code).not.toBe(0);
  });

  test('etcdctl defrag compacts the member and etcdctl alarm list and disarm answer (no alarm raised)', async () => {
    const endpoint = cluster!.endpoints()[0]!;
    const defrag = await etcdctl(endpoint, ['defrag']);
    expect({ code: defrag.code, out: defrag.out }).toEqual({ code: 0, out: `Finished defragmenting etcd member[${endpoint}]\n` });
    expect(await etcdctl(endpoint, ['alarm', 'list'])).toMatchObject({ code: 0, out: '' });
    expect(await etcdctl(endpoint, ['alarm', 'disarm'])).toMatchObject({ code: 0, out: '' });
  });
});
