/**
 * Quorum loss, recovered by following the runbook in docs/operations.md
 * ("Recover from quorum loss") step by step, with real processes: two of
 * three members' data dirs are destroyed under a writer; the survivor is
 * restarted with --force-new-cluster, then without it, and the other two
 * come back with their usual flags on empty data dirs. No write acknowledged
 * before the loss may be missing, on any member.
 */
import { rmSync } from 'node:fs';
import { ProcessCluster } from '../support/process-cluster';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

describe('recover from quorum loss with --force-new-cluster', () => {
  let cluster: ProcessCluster | undefined;
  afterAll(() => cluster?.stop());

  test('the survivor restarted with --force-new-cluster serves every write acknowledged before the loss, and the others join it again', async () => {
    const c = (cluster = await ProcessCluster.start({ extraArgs: ['--snapshot-entries', '100'] }));
    const leader = await c.waitForLeader();
    // The survivor is a follower: the harder case, its commit index may lag the leader's.
    const survivor = c.nodes.find((n) => n.id !== leader)!.id;
    const lost = c.nodes.map((n) => n.id).filter((id) => id !== survivor);

    const acknowledged = new Map<string, string>();
    let writing = true;
    const client = c.client(undefined, 2_000);
    const writer = (async () => {
      for (let i = 0; writing; i += 1) {
        const key = `q${String(i).padStart(6, '0')}`;
        try {
          await client.put(key, Buffer.from(`v${i}`));
          acknowledged.set(key, `v${i}`);
        } catch {
          // Not acknowledged: no claim on it.
        }
      }
    })();
    await waitFor('300 acknowledged writes', () => acknowledged.size >= 300, 60_000);

    // The loss: two members killed and their disks destroyed, while the writer writes.
    for (const id of lost) {
      await c.stopNode(id, 'SIGKILL');
      rmSync(c.node(id).dataDir, { recursive: true, force: true });
    }
    writing = false;
    await writer;
    const beforeLoss = new Map(acknowledged);

    // Runbook step 1: stop the survivor and start it once with --force-new-cluster.
    await c.stopNode(survivor);
    c.startNode(survivor, ['--force-new-cluster']);
    await c.waitForLeader(30_000, [survivor]);
    expect(c.logs(survivor)).toContain('--force-new-cluster: this member now forms a one-member cluster');
    const alone = await c.client([survivor]).listMembers();
    expect(alone.members.map((m) => m.id)).toEqual([survivor]);
    // Runbook step 2: it takes writes alone.
    await c.client([survivor]).put('after-recovery', Buffer.from('yes'));

    // Runbook step 3: restart it without the flag (it stays a one-member cluster).
    await c.stopNode(survivor);
    c.startNode(survivor);
    await c.waitForLeader(30_000, [survivor]);

    // Runbook step 4: the others come back with their usual flags on empty data dirs: they join the survivor.
    for (const id of lost) c.startNode(id);
    await waitFor(
      'three caught-up voters',
      async () => {
        const members = (await c.client([survivor]).listMembers()).members;
        return members.length === 3 && members.every((m) => m.suffrage === 'SUFFRAGE_VOTER' && m.caught_up);
      },
      90_000,
      200,
    );

    for (const n of c.nodes) {
      const node = c.client([n.id]);
      await waitFor(`${n.id} to apply the write made after the recovery`, async () => (await node.get('after-recovery', 'CONSISTENCY_SERIALIZABLE')).found, 30_000);
      const missing: string[] = [];
      for (const [key, value] of beforeLoss) {
        const got = await node.get(key, 'CONSISTENCY_SERIALIZABLE');
        if (!got.found || Buffer.from(got.value).toString() !== value) missing.push(key);
      }
      expect({ node: n.id, missing }).toEqual({ node: n.id, missing: [] });
    }
  });

  test('--force-new-cluster on an empty data dir refuses to start, naming the reason', async () => {
    const c = cluster!;
    const id = c.nodes[0]!.id;
    await c.stopNode(id);
    rmSync(c.node(id).dataDir, { recursive: true, force: true });
    c.startNode(id, ['--force-new-cluster']);
    expect(await c.node(id).exited).toBe(1);
    expect(c.logs(id)).toContain('--force-new-cluster needs this member');
  });
});
