import { ProcessCluster } from '../support/process-cluster';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

/**
 * A member removed from the cluster comes back under the same id with an
 * empty data dir (a replaced disk, or a StatefulSet scaled down and up again).
 * Catching up from the log it replays its own earlier removal, which it must
 * recognise as belonging to its previous incarnation.
 */
describe('re-adding a removed id', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
  });
  afterAll(() => cluster.stop());

  it('catches up past its own old removal, becomes a voter again and serves every acknowledged write', async () => {
    const leader = await cluster.waitForLeader();
    const [gone, stay] = ['n1', 'n2', 'n3'].filter((id) => id !== leader) as [string, string];
    const client = cluster.client([leader, stay]);
    for (let i = 0; i < 20; i += 1) await client.put(`before-${i}`, Buffer.from(String(i)));

    expect(await cluster.stopNode(gone, 'SIGTERM')).toBe(0);
    await client.removeMember(gone);
    // Far more entries after the removal than one AppendEntries carries (64).
    for (let i = 0; i < 300; i += 1) await client.put(`after-${i}`, Buffer.from(String(i)));

    cluster.rejoinNode(gone, { join: `127.0.0.1:${cluster.node(stay).clientPort}` });
    await waitFor(`${gone} to be a voter again`, async () => {
      const members = (await client.listMembers()).members;
      return members.some((m) => m.id === gone && m.suffrage === 'SUFFRAGE_VOTER' && m.caught_up);
    }, 30_000, 200);
    expect(cluster.logs(gone)).toContain('replayed the removal of an earlier member with this id');

    const reader = cluster.client([gone]);
    await waitFor(`${gone} to serve reads`, async () => (await reader.get('after-299')).found);
    for (let i = 0; i < 20; i += 1) expect(Buffer.from((await reader.get(`before-${i}`)).value).toString()).toBe(String(i));
    for (let i = 0; i < 300; i += 1) expect(Buffer.from((await reader.get(`after-${i}`)).value).toString()).toBe(String(i));
  });
});
