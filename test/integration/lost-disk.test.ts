import { rmSync } from 'node:fs';
import { ProcessCluster } from '../support/process-cluster';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

/**
 * Issue 3 item 5: a member whose data dir is lost and that is restarted with
 * the SAME flags (--peers, no --join) must not bootstrap and vote with an
 * empty log. It finds the running cluster listing it, has its old incarnation
 * removed, joins back as a learner, catches up and is promoted. Done under a
 * writer, for a follower, for the leader, and for one node of a whole-cluster
 * restart; every acknowledged write is read back on every node.
 */
describe('lost disk', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    // A small snapshot interval: the replacement catches up by snapshot as well as by log.
    cluster = await ProcessCluster.start({ extraArgs: ['--snapshot-entries', '100'] });
    await cluster.waitForLeader();
  });
  afterAll(() => cluster.stop());

  const ALL = ['n1', 'n2', 'n3'];
  const acknowledged = new Map<string, string>();
  let next = 0;
  let writing = true;
  let writer: Promise<void> | undefined;

  /** kill -9, delete the data dir, start again with exactly the same flags. */
  async function loseDisk(id: string): Promise<void> {
    await cluster.stopNode(id, 'SIGKILL');
    rmSync(cluster.node(id).dataDir, { recursive: true, force: true });
    cluster.startNode(id);
  }

  async function waitForCaughtUpVoter(id: string): Promise<void> {
    await waitFor(
      `${id} to be a caught-up voter again`,
      async () => {
        const leader = await cluster.waitForLeader(5_000);
        const members = (await cluster.client([leader]).listMembers()).members;
        const me = members.find((m) => m.id === id);
        return members.length === 3 && me?.suffrage === 'SUFFRAGE_VOTER' && me.caught_up;
      },
      60_000,
      200,
    );
    // Its own view of the configuration is the cluster's: replaying the log
    // from the bootstrap configuration, not from nothing (which would make it
    // the only voter of its own view after its re-addition).
    await waitFor(`${id} to see all three voters`, async () => {
      const own = (await cluster.client([id]).status()).members;
      return own.filter((m) => m.suffrage === 'SUFFRAGE_VOTER').map((m) => m.id).sort().join() === ALL.join();
    }, 10_000);
  }

  /** The node's log since its last start (the log file is appended across restarts). */
  const lastRun = (id: string): string => {
    const log = cluster.logs(id);
    return log.slice(log.lastIndexOf('harness:'));
  };

  it('starts a writer', async () => {
    const client = cluster.client(ALL, 2_000);
    writer = (async () => {
      while (writing && next < 20_000) {
        const key = `k${next}`;
        const value = `v${next}`;
        next += 1;
        try {
          await client.put(key, Buffer.from(value));
          acknowledged.set(key, value);
        } catch {
          // not acknowledged: not checked
        }
      }
    })();
    await waitFor('the first writes', () => acknowledged.size >= 150, 30_000);
  });

  it('replaces a follower whose disk was lost, restarted with the same flags', async () => {
    const leader = await cluster.waitForLeader();
    const follower = ALL.find((id) => id !== leader) as string;
    await loseDisk(follower);
    await waitForCaughtUpVoter(follower);
    const log = lastRun(follower);
    expect(log).toContain('lost disk');
    expect(log).toContain(`removed the previous incarnation of ${follower}`);
    expect(log).toContain('the cluster added this node as a learner');
    expect(log).not.toContain('bootstrapped a new cluster configuration');
    const before = acknowledged.size;
    await waitFor('writes after the replacement', () => acknowledged.size >= before + 50, 30_000);
  });

  it('replaces the leader whose disk was lost', async () => {
    const leader = await cluster.waitForLeader();
    await loseDisk(leader);
    await waitForCaughtUpVoter(leader);
    const log = lastRun(leader);
    expect(log).toContain('lost disk');
    expect(log).toContain('the cluster added this node as a learner');
    expect(log).not.toContain('bootstrapped a new cluster configuration');
    const before = acknowledged.size;
    await waitFor('writes after the replacement', () => acknowledged.size >= before + 50, 30_000);
  });

  it('replaces a node that lost its disk during a whole-cluster restart', async () => {
    const wiped = 'n3';
    await Promise.all(ALL.map((id) => cluster.stopNode(id, 'SIGTERM')));
    rmSync(cluster.node(wiped).dataDir, { recursive: true, force: true });
    // All at once, the wiped node first: it must wait for the others, never bootstrap.
    for (const id of [wiped, ...ALL.filter((x) => x !== wiped)]) cluster.startNode(id);
    await waitForCaughtUpVoter(wiped);
    const log = lastRun(wiped);
    expect(log).toContain('lost disk');
    expect(log).not.toContain('bootstrapped a new cluster configuration');
    const before = acknowledged.size;
    await waitFor('writes after the restart', () => acknowledged.size >= before + 50, 30_000);
  });

  it('lost no acknowledged write: every one is on every node', async () => {
    writing = false;
    await writer;
    expect(acknowledged.size).toBeGreaterThan(250);
    for (const id of ALL) {
      const reader = cluster.client([id]);
      // A linearizable read brings the node up to date; the rest are read locally.
      const last = [...acknowledged.keys()].pop() as string;
      await waitFor(`${id} to serve a linearizable read`, () => reader.get(last).then((r) => r.found), 30_000);
      const wrong: string[] = [];
      for (const [key, value] of acknowledged) {
        const res = await reader.get(key, 'CONSISTENCY_SERIALIZABLE');
        if (!res.found || Buffer.from(res.value).toString() !== value) wrong.push(key);
      }
      expect({ id, wrong: wrong.slice(0, 10), count: wrong.length }).toEqual({ id, wrong: [], count: 0 });
    }
  });
});
