import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ProcessCluster } from '../support/process-cluster';
import { waitFor } from '../support/wait';

jest.setTimeout(300_000);

/** Keys of incompressible values the leader holds before the follower comes back: the snapshot's bulk. */
const BULK_KEYS = 1200;
const BULK_VALUE_BYTES = 16 * 1024;

/** The follower's log from byte `offset` on (its log file grows for the whole test). */
function logSince(file: string, offset: number): string {
  const size = statSync(file).size;
  if (size <= offset) return '';
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * A follower far behind receives a ~19 MiB snapshot and is SIGKILLed while
 * staging it, during the swap, and at its commit; each restart must find
 * the old state or the new one whole (a half-done swap is finished), and in
 * the end the follower holds every write the cluster acknowledged, with
 * writes going on throughout.
 */
describe('a follower SIGKILLed while it installs a snapshot', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start({ extraArgs: ['--snapshot-entries', '100'] });
    await cluster.waitForLeader();
  });
  afterAll(() => cluster.stop());

  it('recovers from a kill at each stage and converges with the leader, losing no acknowledged write', async () => {
    const leader = await cluster.waitForLeader();
    const follower = cluster.nodes.find((n) => n.id !== leader)!;
    await cluster.stopNode(follower.id, 'SIGKILL');
    const writer = cluster.client([leader], 20_000);
    const acked = new Map<string, Buffer>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < BULK_KEYS) {
          const key = `bulk-${next++}`;
          const value = randomBytes(BULK_VALUE_BYTES);
          await writer.put(key, value);
          acked.set(key, value);
        }
      }),
    );

    // Writes go on during every kill and restart; each acknowledged one must survive.
    let writing = true;
    let live = 0;
    const liveWriter = (async () => {
      while (writing) {
        const key = `live-${live++}`;
        const value = Buffer.from(key);
        await writer.put(key, value);
        acked.set(key, value);
      }
    })();

    // Where each kill lands: in the transfer, during the swap (old state deleted, new one being copied), at its commit.
    const killPoints = ['receiving a snapshot', 'snapshot swap step: copy', 'snapshot swap step: commit'];
    try {
      for (const point of killPoints) {
        const offset = statSync(follower.logFile).size;
        cluster.startNode(follower.id);
        await waitFor(`${follower.id} to log "${point}"`, () => logSince(follower.logFile, offset).includes(point), 60_000, 5);
        await cluster.stopNode(follower.id, 'SIGKILL');
      }
      cluster.startNode(follower.id);
      await waitFor(`${follower.id} to install a snapshot and serve`, async () => {
        const status = await cluster.client([follower.id], 2_000).status();
        return status.leader_id === leader;
      }, 60_000);
    } finally {
      writing = false;
      await liveWriter;
    }
    // The highest commit index any node knows covers every acknowledged write, even one a new leader acknowledged.
    const commits = await Promise.all(cluster.nodes.map(async (n) => Number((await cluster.client([n.id], 2_000).status()).commit_index)));
    const commit = Math.max(...commits);
    const reader = cluster.client([follower.id]);
    await waitFor(`${follower.id} to apply up to ${commit}`, async () => Number((await reader.status()).applied_index) >= commit, 60_000);

    const logs = cluster.logs(follower.id);
    // The kill during the copy left a half-done swap, which the next start finished before serving.
    expect(logs).toContain('finishing a snapshot install that a crash interrupted');
    expect(live).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const [key, value] of acked) {
      const res = await reader.get(key, 'CONSISTENCY_SERIALIZABLE');
      if (!res.found || !Buffer.from(res.value).equals(value)) wrong.push(`${key}${res.found ? ' (other value)' : ' (missing)'}`);
    }
    if (wrong.length > 0) {
      // What the follower went through, for whoever reads the failure.
      const story = logs.split('\n').filter((l) => /snapshot|swap|harness|interrupted|installed/.test(l)).slice(-40).join('\n');
      process.stdout.write(`commit ${commit} (per node ${commits.join(', ')}); ${follower.id} wrong: ${wrong.slice(0, 20).join(', ')}\n${story}\n`);
    }
    expect(wrong).toEqual([]);
  });
});
