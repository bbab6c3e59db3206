import { ProcessCluster } from '../support/process-cluster';
import { scrape, valueOf } from '../support/metrics-scrape';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

const SNAPSHOT_ENTRIES = 200;
/** The tail kept at compaction is min(1000, --snapshot-entries). */
const TAIL = 200;

async function metric(cluster: ProcessCluster, id: string, name: string): Promise<number> {
  return valueOf(await scrape(cluster.node(id).httpPort), name);
}

/** Runs `fn` over 0..n-1 with `width` calls in flight. */
async function pool(n: number, width: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

describe('snapshots and log compaction', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start({ extraArgs: ['--snapshot-entries', String(SNAPSHOT_ENTRIES)] });
    await cluster.waitForLeader();
  });
  afterAll(() => cluster.stop());

  it('catches up a follower that was down while the leader compacted, by snapshot', async () => {
    const leader = await cluster.waitForLeader();
    const follower = cluster.nodes.find((n) => n.id !== leader)!.id;
    const writer = cluster.client([leader]);
    await pool(20, 5, (i) => writer.put(`early-${i}`, Buffer.from(`e${i}`)));
    await cluster.stopNode(follower, 'SIGKILL');
    const stoppedAt = (await writer.status()).commit_index;

    const acked = new Map<string, string>();
    await pool(1000, 10, async (i) => {
      await writer.put(`key-${i}`, Buffer.from(`value-${i}`));
      acked.set(`key-${i}`, `value-${i}`);
    });
    await writer.delete('early-3');
    // The leader's log now begins past where the follower stopped.
    const snapshotIndex = await waitFor('the leader to compact past the stopped follower', async () => {
      const s = await metric(cluster, leader, 'raftkv_snapshot_index');
      return s > Number(stoppedAt) ? s : undefined;
    });
    expect(cluster.logs(leader)).toContain('snapshot taken');
    expect(await metric(cluster, leader, 'raftkv_log_entries')).toBeLessThanOrEqual(SNAPSHOT_ENTRIES + TAIL + 50);

    const restarted = Date.now();
    cluster.startNode(follower);
    await waitFor(`${follower} to install a snapshot`, () => cluster.logs(follower).includes('installed snapshot'), 30_000);
    const installMs = Date.now() - restarted;
    const commit = Number((await writer.status()).commit_index);
    const reader = cluster.client([follower]);
    await waitFor(`${follower} to apply up to ${commit}`, async () => Number((await reader.status()).applied_index) >= commit, 30_000);
    expect(Number((await reader.status()).applied_index)).toBeGreaterThan(snapshotIndex);
    for (const [key, value] of acked) {
      const res = await reader.get(key, 'CONSISTENCY_SERIALIZABLE');
      expect(Buffer.from(res.value).toString()).toBe(value);
    }
    expect((await reader.get('early-3', 'CONSISTENCY_SERIALIZABLE')).found).toBe(false);
    expect(Buffer.from((await reader.get('early-4', 'CONSISTENCY_SERIALIZABLE')).value).toString()).toBe('e4');
    expect(await metric(cluster, follower, 'raftkv_snapshots_total')).toBeGreaterThanOrEqual(1);
    // The follower keeps going from the log after the snapshot.
    await writer.put('after-install', Buffer.from('yes'));
    await waitFor('the next write to reach the follower', async () => (await reader.get('after-install', 'CONSISTENCY_SERIALIZABLE')).found);
    process.stdout.write(`snapshot install: follower restarted and installed the snapshot in ${installMs} ms (leader snapshot index ${snapshotIndex})\n`);
  });

  it('keeps the log bounded under a continuous write load', async () => {
    const leader = await cluster.waitForLeader();
    const writer = cluster.client([leader]);
    const before = await metric(cluster, leader, 'raftkv_snapshots_total');
    // A fixed amount of work, not a time window: enough writes for several compactions, however fast the machine.
    const total = 4 * (SNAPSHOT_ENTRIES + TAIL);
    let writes = 0;
    let maxEntries = 0;
    let done = false;
    const sampler = (async () => {
      while (!done) {
        for (const n of cluster.nodes) maxEntries = Math.max(maxEntries, await metric(cluster, n.id, 'raftkv_log_entries'));
        await new Promise((r) => setTimeout(r, 200)); // sampling period of a measurement, not synchronisation
      }
    })();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 16 }, async (_, w) => {
        for (let i = 0; writes < total; i += 1) {
          writes += 1;
          await writer.put(`load-${w}-${i % 500}`, Buffer.alloc(100, i));
        }
      }),
    );
    done = true;
    await sampler;
    const taken = (await metric(cluster, leader, 'raftkv_snapshots_total')) - before;
    process.stdout.write(`bounded log: ${writes} writes in ${((Date.now() - started) / 1000).toFixed(1)} s, ${taken} snapshots on the leader, at most ${maxEntries} log entries on any node\n`);
    expect(taken).toBeGreaterThanOrEqual(2);
    // snapshot-entries + tail, plus the entries appended but not yet applied when sampled.
    expect(maxEntries).toBeLessThanOrEqual(2 * (SNAPSHOT_ENTRIES + TAIL));
  });
});
