import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { status as grpcStatus } from '@grpc/grpc-js';
import { ProcessCluster, REPO_ROOT } from '../support/process-cluster';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

const KVCTL_BIN = join(REPO_ROOT, 'dist', 'src', 'cli', 'kvctl.js');

/**
 * Live membership changes with real processes: grow 3 → 5 with --join while
 * a writer runs, shrink 5 → 3 removing the leader first, hand leadership over
 * with kvctl, and read every acknowledged write back from every remaining node.
 */
describe('membership changes', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
  });
  afterAll(() => cluster.stop());

  const kvctl = (endpoints: readonly string[], args: readonly string[]) =>
    spawnSync(process.execPath, [KVCTL_BIN, '--endpoints', endpoints.join(','), ...args], { encoding: 'utf8', timeout: 30_000 });

  it('grows by --join under writes, shrinks (leader included), transfers leadership, and loses no acknowledged write', async () => {
    const acknowledged = new Map<string, string>();
    let next = 0;
    const put = async (client: ReturnType<ProcessCluster['client']>): Promise<void> => {
      const key = `k${next}`;
      const value = `v${next}`;
      next += 1;
      try {
        await client.put(key, Buffer.from(value));
        acknowledged.set(key, value);
      } catch {
        // not acknowledged: may or may not be applied, and is not checked
      }
    };

    // Grow 3 → 5 while a bounded writer runs.
    const writer = cluster.client(['n1', 'n2', 'n3'], 2_000);
    let growing = true;
    const writing = (async () => {
      for (let n = 0; growing && n < 2_000; n += 1) await put(writer);
    })();
    await waitFor('the first writes', () => acknowledged.size >= 20);
    await cluster.addNode('n4', { join: cluster.endpoints(['n1'])[0] as string });
    await cluster.addNode('n5', { join: cluster.endpoints(['n2'])[0] as string });
    const five = ['n1', 'n2', 'n3', 'n4', 'n5'];
    await waitFor(
      'n4 and n5 to be caught-up voters',
      async () => {
        const leader = await cluster.waitForLeader(5_000, five);
        const members = (await cluster.client([leader]).listMembers()).members;
        const voters = members.filter((m) => m.suffrage === 'SUFFRAGE_VOTER' && m.caught_up && m.peer_address !== '');
        return voters.length === 5 && members.length === 5;
      },
      40_000,
      200,
    );
    growing = false;
    await writing;
    expect(acknowledged.size).toBeGreaterThanOrEqual(20);

    // The joined nodes serve reads of everything written so far.
    for (const id of ['n4', 'n5']) {
      const reader = cluster.client([id]);
      await waitFor(`${id} to serve linearizable reads`, () => reader.get('k0').then((r) => r.found));
    }

    // Shrink 5 → 3: remove the leader first, then a follower that bootstrapped the cluster.
    const leader = await cluster.waitForLeader(15_000, five);
    const others = five.filter((id) => id !== leader);
    const admin = cluster.client(others);
    const afterFirst = (await admin.removeMember(leader)).members.map((m) => m.id);
    expect(afterFirst).not.toContain(leader);
    const second = ['n1', 'n2', 'n3'].find((id) => id !== leader && others.includes(id)) as string;
    await cluster.waitForLeader(15_000, others);
    await put(cluster.client(others));
    const remaining = others.filter((id) => id !== second);
    const afterSecond = (await cluster.client(remaining).removeMember(second)).members;
    expect(afterSecond.map((m) => m.id).sort()).toEqual([...remaining].sort());
    expect(afterSecond.every((m) => m.suffrage === 'SUFFRAGE_VOTER')).toBe(true);
    await cluster.waitForLeader(15_000, remaining);
    for (let n = 0; n < 20; n += 1) await put(cluster.client(remaining));

    // A removed node stops taking part but keeps running, answering UNAVAILABLE.
    for (const id of [leader, second]) {
      const client = cluster.client([id]);
      const err = await waitFor(`${id} to refuse requests`, () =>
        client.put('after-removal', Buffer.from('x')).then(
          () => undefined,
          (e: { code?: number; details?: string }) => (e.details?.includes('removed') ? e : undefined),
        ),
      );
      expect(err.code).toBe(grpcStatus.UNAVAILABLE);
      expect(await cluster.stopNode(id)).toBe(0);
    }

    // Leadership transfer with kvctl, through every remaining node's endpoint.
    const current = await cluster.waitForLeader(15_000, remaining);
    const target = remaining.find((id) => id !== current) as string;
    const transfer = kvctl(cluster.endpoints(remaining), ['leader', 'transfer', target]);
    expect({ status: transfer.status, stderr: transfer.stderr }).toEqual({ status: 0, stderr: '' });
    expect(transfer.stdout).toBe(`leader: ${target}\n`);
    expect(await cluster.waitForLeader(15_000, remaining)).toBe(target);
    const list = kvctl(cluster.endpoints([target]), ['member', 'list']);
    expect(list.status).toBe(0);
    for (const id of remaining) expect(list.stdout).toMatch(new RegExp(`^${id}\\s+voter`, 'm'));

    // A joined node restarted with its data keeps it and does not join again.
    const joined = remaining.find((id) => id === 'n4' || id === 'n5') as string;
    await cluster.stopNode(joined);
    cluster.startNode(joined);
    await cluster.waitForLeader(15_000, remaining);
    expect(cluster.logs(joined).match(/the cluster added this node as a learner/g)).toHaveLength(1);

    // Every acknowledged write is on every remaining node: one linearizable
    // read brings the node up to date, then the rest are read locally.
    for (const id of remaining) {
      const reader = cluster.client([id]);
      await waitFor(`${id} to serve linearizable reads`, () => reader.get('k0').then((r) => r.found));
      for (const [key, value] of acknowledged) {
        const res = await reader.get(key, 'CONSISTENCY_SERIALIZABLE');
        expect({ key, value: Buffer.from(res.value).toString() }).toEqual({ key, value });
      }
    }
  });
});
