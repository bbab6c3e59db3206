/**
 * A disk that fills before --quota-backend-bytes: data dirs on small tmpfs
 * mounts (one node's, then every node's). The member whose disk runs low
 * refuses writes that add data and raises NOSPACE cluster-wide before any
 * write can fail for want of space: no process exits, every acknowledged
 * write stays readable on every member, and once space is freed (delete,
 * defrag) and the alarm disarmed, the cluster takes writes again. Mounts are
 * undone in cleanup, after the processes using them are stopped.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { runKvctl } from '../../src/cli/kvctl-program';
import { ProcessCluster } from '../support/process-cluster';
import { waitFor } from '../support/wait';
import { describeWithTools } from './support/tools';

jest.setTimeout(240_000);

const TMPFS_BYTES = 64 * 1024 * 1024;
// Room for LevelDB to compact what the rest holds: a compaction writes its output before it deletes its input.
const RESERVE_BYTES = 32 * 1024 * 1024;
// Random: LevelDB compresses its tables, and a value of one repeated byte would never fill a disk.
const VALUE = randomBytes(128 * 1024);

async function kvctl(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runKvctl(args, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

describeWithTools('a disk that fills before the quota', ['mount', 'umount'], () => {
  if (process.getuid?.() !== 0) {
    test('skipped: mounting tmpfs needs root', () => {
      process.stderr.write('SKIPPED disk-full: run as root to mount tmpfs data dirs\n');
    });
    return;
  }

  const mounts: string[] = [];
  let cluster: ProcessCluster | undefined;

  async function cleanup(): Promise<void> {
    const c = cluster;
    cluster = undefined;
    if (c !== undefined) for (const n of c.nodes) await c.stopNode(n.id, 'SIGKILL');
    for (const dir of mounts.splice(0)) spawnSync('umount', [dir]);
    await c?.stop();
  }
  afterEach(cleanup);

  async function fillThenRecover(onTmpfs: (ids: string[]) => string[]): Promise<void> {
    const c = (cluster = await ProcessCluster.start({
      // The quota is far away: the disk is what runs out.
      extraArgs: ['--disk-reserve-bytes', String(RESERVE_BYTES), '--watch-history-revisions', '1', '--snapshot-entries', '10'],
      beforeStart: (cl) => {
        for (const id of onTmpfs(cl.nodes.map((n) => n.id))) {
          const dir = cl.node(id).dataDir;
          mkdirSync(dir, { recursive: true });
          const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_BYTES}`, 'tmpfs', dir], { encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`mount tmpfs on ${dir}: ${r.stderr}`);
          mounts.push(dir);
        }
      },
    }));
    await c.waitForLeader();
    const endpoints = c.endpoints().join(',');
    const client = c.client(undefined, 5_000);

    const acknowledged: string[] = [];
    const refusal = await waitFor(
      'a write refused for space',
      async () => {
        try {
          const key = `fill/${acknowledged.length}`;
          await client.put(key, VALUE);
          acknowledged.push(key);
          return undefined;
        } catch (err) {
          return err as grpc.ServiceError;
        }
      },
      120_000,
      5,
    );
    expect({ code: refusal.code, details: refusal.details }).toEqual({ code: grpc.status.RESOURCE_EXHAUSTED, details: expect.stringMatching(/database space exceeded/) });

    // Nobody crashed; every member serves every acknowledged write.
    for (const n of c.nodes) expect({ id: n.id, running: n.process !== undefined }).toEqual({ id: n.id, running: true });
    for (const n of c.nodes) {
      const node = c.client([n.id]);
      await waitFor(`${n.id} to have applied every acknowledged write`, async () => (await node.get(acknowledged.at(-1)!, 'CONSISTENCY_SERIALIZABLE')).found);
      const missing: string[] = [];
      for (const key of acknowledged) if (!(await node.get(key)).found) missing.push(key);
      expect({ id: n.id, missing }).toEqual({ id: n.id, missing: [] });
    }
    const alarms = await kvctl(['--endpoints', endpoints, 'alarm', 'list', '-o', 'json']);
    expect(JSON.parse(alarms.out)).toEqual({ alarms: expect.arrayContaining([expect.objectContaining({ alarm: 'NOSPACE' })]) });

    // Free space: delete (always allowed), roll the log past the deleted values, defragment, disarm.
    for (const key of acknowledged) await client.delete(key);
    for (let i = 0; i < 40; i += 1) await client.delete(`roll/${i}`);
    await waitFor('the deletes applied everywhere', async () => {
      for (const n of c.nodes) if ((await c.client([n.id]).get(acknowledged[0]!, 'CONSISTENCY_SERIALIZABLE')).found) return false;
      return true;
    });
    expect((await kvctl(['--endpoints', endpoints, 'defrag'])).code).toBe(0);
    const disarm = await kvctl(['--endpoints', endpoints, 'alarm', 'disarm']);
    expect(disarm).toMatchObject({ code: 0, err: '' });
    await waitFor('writes accepted again', async () => {
      try {
        await client.put('after-recovery', Buffer.from('ok'));
        return true;
      } catch {
        return false;
      }
    });
    for (const n of c.nodes) expect(n.process).toBeDefined();
  }

  test("one node's data dir on a small tmpfs: it raises NOSPACE for the cluster, nobody exits, nothing acknowledged is lost, and freed space brings writes back", async () => {
    await fillThenRecover((ids) => [ids[2]!]);
  });

  test("every node's data dir on a small tmpfs: the same", async () => {
    await fillThenRecover((ids) => ids);
  });
});
