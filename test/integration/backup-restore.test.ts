/**
 * Backup and restore end to end, with real processes: a backup taken from a
 * follower while a writer keeps writing, checked by `kvctl snapshot status`,
 * then restored into a NEW 3-node cluster, which must serve exactly the
 * writes acknowledged at or below the backup's revision and none after.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveClusterId } from '../../src/discovery/cluster-id';
import { ProcessCluster, RAFTKV_BIN } from '../support/process-cluster';
import { runKvctl } from '../../src/cli/kvctl-program';
import type { KvClient } from '../../src/cli/kv-client';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

interface Kvctl {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function kvctl(args: readonly string[]): Promise<Kvctl> {
  let out = '';
  let err = '';
  const code = await runKvctl(args, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

/** Writes key w<i> = "v<i>" one after another until stopped; remembers each acknowledged write's revision. */
function startWriter(client: KvClient): { readonly acked: Map<string, number>; stop(): Promise<void>; count(): number } {
  const acked = new Map<string, number>();
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i += 1) {
      const key = `w${String(i).padStart(6, '0')}`;
      try {
        const res = await client.put(key, Buffer.from(`v${i}`));
        acked.set(key, Number(res.header?.revision ?? 0));
      } catch {
        // Not acknowledged: may or may not be in; the checks below only judge acknowledged writes.
      }
    }
  })();
  return {
    acked,
    count: () => acked.size,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

describe('backup and restore', () => {
  let source: ProcessCluster | undefined;
  let restored: ProcessCluster | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'raftkv-backup-'));

  afterAll(async () => {
    await source?.stop();
    await restored?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a backup saved from a follower under a steady write load restores into a new cluster holding every write acknowledged at or below its revision and none after', async () => {
    source = await ProcessCluster.start({ size: 3 });
    const leader = await source.waitForLeader();
    const follower = source.nodes.find((n) => n.id !== leader)!.id;
    const writer = startWriter(source.client());
    await waitFor('200 acknowledged writes before the backup', () => writer.count() >= 200, 30_000);

    const file = join(dir, 'backup.rkv');
    const save = await kvctl(['--endpoints', source.endpoints([follower]).join(','), 'snapshot', 'save', file, '-o', 'json']);
    expect(save).toMatchObject({ code: 0, err: '' });
    const countAtSave = writer.count();
    // Writes go on during and after the save: the backup must still stop at one revision.
    await waitFor('200 more acknowledged writes after the backup', () => writer.count() >= countAtSave + 200, 30_000);
    await writer.stop();

    const saved = JSON.parse(save.out) as { revision: number; keys: number; cluster_id: string; member: string; size_bytes: number; sha256: string };
    // The id the source's members derived from their peers and the default token.
    const sourcePeers = source.args(source.nodes[0]!);
    const peerMap = new Map(sourcePeers[sourcePeers.indexOf('--peers') + 1]!.split(',').map((p) => p.split('=') as [string, string]));
    expect(saved).toMatchObject({ cluster_id: deriveClusterId(peerMap, 'raftkv-cluster'), member: follower });
    const status = await kvctl(['snapshot', 'status', file, '-o', 'json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out)).toEqual(expect.objectContaining({ revision: saved.revision, keys: saved.keys, size_bytes: readFileSync(file).byteLength, sha256: saved.sha256 }));

    const before = [...writer.acked].filter(([, rev]) => rev <= saved.revision);
    const after = [...writer.acked].filter(([, rev]) => rev > saved.revision);
    expect(before.length).toBeGreaterThanOrEqual(200);
    expect(after.length).toBeGreaterThanOrEqual(200);
    // Only this writer wrote, one key per revision (plus nothing else), so the backup holds exactly the keys up to its revision.
    expect(saved.keys).toBeGreaterThanOrEqual(before.length);

    restored = await ProcessCluster.start({
      size: 3,
      // A new token: the restored members derive a cluster id of their own (the backup's cluster's differs).
      extraArgs: ['--initial-cluster-token', 'restored-1'],
      beforeStart: (c) => {
        for (const n of c.nodes) {
          const r = spawnSync(process.execPath, [RAFTKV_BIN, 'restore', file, ...c.args(n)], { encoding: 'utf8' });
          expect({ code: r.status, err: r.stderr }).toEqual({ code: 0, err: '' });
          expect(r.stdout).toContain(`revision ${saved.revision}`);
        }
      },
    });
    await restored.waitForLeader(30_000);
    for (const n of restored.nodes) {
      const c = restored.client([n.id]);
      // Serializable on each member: every one of them holds the backup by itself.
      for (const [key] of before) expect(Buffer.from((await c.get(key, 'CONSISTENCY_SERIALIZABLE')).value).toString()).toBe(`v${Number(key.slice(1))}`);
      for (const [key] of after) expect((await c.get(key, 'CONSISTENCY_SERIALIZABLE')).found).toBe(false);
    }
    const c = restored.client();
    const range = await c.range({ key: 'w', range_end: 'x', count_only: true });
    expect(Number(range.count)).toBe(saved.keys);
    expect(Number(range.header?.revision)).toBe(saved.revision);
    // The restored cluster takes writes, and its revisions continue from the backup's.
    const put = await c.put('after-restore', Buffer.from('yes'));
    expect(Number(put.header?.revision)).toBe(saved.revision + 1);
  });

  test('restore refuses a damaged backup, and the old cluster id (same peers, same token), leaving no data dir', async () => {
    const file = join(dir, 'backup.rkv');
    const bytes = readFileSync(file);
    const damaged = join(dir, 'damaged.rkv');
    const middle = Math.floor(bytes.byteLength / 2);
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
    writeFileSync(damaged, bytes);
    const status = await kvctl(['snapshot', 'status', damaged]);
    expect(status.code).toBe(3);
    expect(status.err).toMatch(/damaged|truncated/);

    const dataDir = join(dir, 'refused');
    // The source cluster's own peers and the default token derive the source's cluster id.
    const sourceArgs = source!.args(source!.nodes[0]!);
    const args = ['--id', 'n1', '--peers', sourceArgs[sourceArgs.indexOf('--peers') + 1]!, '--data-dir', dataDir];
    const bad = spawnSync(process.execPath, [RAFTKV_BIN, 'restore', damaged, ...args, '--initial-cluster-token', 'new'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/(damaged|truncated).*nothing was written/);
    const sameId = spawnSync(process.execPath, [RAFTKV_BIN, 'restore', file, ...args], { encoding: 'utf8' });
    expect(sameId.status).toBe(2);
    expect(sameId.stderr).toMatch(/cluster-id.*new id/);
    expect(() => readFileSync(join(dataDir, 'db', 'CURRENT'))).toThrow();
  });
});
