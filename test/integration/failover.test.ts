import { ProcessCluster } from '../support/process-cluster';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

/**
 * Writes continue through the loss of the leader, and nothing acknowledged
 * is lost. The writer goes through the surviving nodes the whole time and
 * records every write the cluster acknowledged.
 */
describe('leader failure', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
  });
  afterAll(() => cluster.stop());

  it('after SIGKILL of the leader, writes succeed again within 5 s and every acknowledged write is readable', async () => {
    const leader = await cluster.waitForLeader();
    const survivors = ['n1', 'n2', 'n3'].filter((id) => id !== leader);
    const writer = cluster.client(survivors, 2_000);
    const acknowledged = new Map<string, string>();
    const write = async (i: number): Promise<boolean> => {
      const key = `k${i}`;
      const value = `v${i}`;
      try {
        await writer.put(key, Buffer.from(value));
        acknowledged.set(key, value);
        return true;
      } catch {
        return false; // not acknowledged: may or may not be applied, and is not checked
      }
    };

    let i = 0;
    for (; i < 150; i += 1) expect(await write(i)).toBe(true);

    const killedAt = Date.now();
    await cluster.stopNode(leader, 'SIGKILL');
    let firstSuccessAfterKill: number | undefined;
    const limit = i + 400;
    const stopAt = Date.now() + 30_000;
    for (; i < limit && Date.now() < stopAt; i += 1) {
      if ((await write(i)) && firstSuccessAfterKill === undefined) firstSuccessAfterKill = Date.now();
      if (firstSuccessAfterKill !== undefined && acknowledged.size >= 450) break;
    }
    process.stdout.write(
      `failover: ${JSON.stringify({ killed: leader, msToFirstWriteAfterKill: (firstSuccessAfterKill ?? NaN) - killedAt, acknowledged: acknowledged.size, attempted: i + 1 })}\n`,
    );
    expect(firstSuccessAfterKill).toBeDefined();
    expect((firstSuccessAfterKill as number) - killedAt).toBeLessThan(5_000);
    expect(acknowledged.size).toBeGreaterThanOrEqual(300);

    const newLeader = await cluster.waitForLeader();
    expect(newLeader).not.toBe(leader);

    // The old leader comes back and catches up; then every node has every acknowledged write.
    cluster.startNode(leader);
    for (const id of ['n1', 'n2', 'n3']) {
      const reader = cluster.client([id]);
      await waitFor(`${id} to serve reads`, () => reader.get('k0').then((r) => r.found));
      for (const [key, value] of acknowledged) {
        const res = await reader.get(key);
        expect({ key, value: Buffer.from(res.value).toString() }).toEqual({ key, value });
      }
    }
  });
});
