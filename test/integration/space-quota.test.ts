/**
 * --quota-backend-bytes and the NOSPACE alarm, with real processes: a
 * cluster filled past its quota refuses writes that add data with
 * RESOURCE_EXHAUSTED naming the quota, everywhere, while reads and deletes
 * still work; `kvctl alarm disarm` refuses while still over; deleting and
 * defragmenting frees the space; disarmed, the cluster takes writes again.
 */
import * as grpc from '@grpc/grpc-js';
import { ProcessCluster } from '../support/process-cluster';
import { runKvctl } from '../../src/cli/kvctl-program';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

const QUOTA = 1024 * 1024;
const VALUE = Buffer.alloc(64 * 1024, 'x');

async function kvctl(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runKvctl(args, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

describe('space quota', () => {
  let cluster: ProcessCluster | undefined;
  afterAll(() => cluster?.stop());

  test('past --quota-backend-bytes writes that add data are refused cluster-wide, reads and deletes work, and defrag then disarm bring writes back', async () => {
    // A short history and log, so deleted values leave the database once deleted, compacted and defragmented.
    const c = (cluster = await ProcessCluster.start({ extraArgs: ['--quota-backend-bytes', String(QUOTA), '--watch-history-revisions', '1', '--snapshot-entries', '10'] }));
    await c.waitForLeader();
    const endpoints = c.endpoints().join(',');
    const client = c.client();

    const written: string[] = [];
    const refusal = await waitFor(
      'a write refused for space',
      async () => {
        try {
          const key = `big/${written.length}`;
          await client.put(key, VALUE);
          written.push(key);
          return undefined;
        } catch (err) {
          return err as grpc.ServiceError;
        }
      },
      120_000,
      10,
    );
    expect(refusal.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(refusal.details).toContain(`--quota-backend-bytes = ${QUOTA} bytes`);
    expect(written.length).toBeGreaterThan(0);

    // Every member refuses, whichever one the client calls.
    for (const n of c.nodes) await expect(c.client([n.id]).put('one-more', Buffer.from('x'))).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    const list = await kvctl(['--endpoints', endpoints, 'alarm', 'list', '-o', 'json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.out) as { alarms: { alarm: string }[] }).alarms.map((a) => a.alarm)).toContain('NOSPACE');

    // Reads work; disarming while still over is refused.
    expect(Buffer.from((await client.get(written[0]!)).value).byteLength).toBe(VALUE.byteLength);
    const early = await kvctl(['--endpoints', endpoints, 'alarm', 'disarm']);
    expect(early.code).toBe(3);
    expect(early.err).toContain('still over --quota-backend-bytes');

    // Deletes work (they free space); more log writes roll the deleted values out of the log's tail.
    for (const key of written) await client.delete(key);
    for (let i = 0; i < 40; i += 1) await client.delete(`roll/${i}`);
    await waitFor('every member to apply the deletes', async () => {
      for (const n of c.nodes) if ((await c.client([n.id]).get(written[0]!, 'CONSISTENCY_SERIALIZABLE')).found) return false;
      return true;
    });
    const defrag = await kvctl(['--endpoints', endpoints, 'defrag', '-o', 'json']);
    expect(defrag.code).toBe(0);
    const sizes = (JSON.parse(defrag.out) as { endpoints: { before: number; after: number }[] }).endpoints;
    for (const s of sizes) {
      expect(s.after).toBeLessThan(s.before);
      expect(s.after).toBeLessThan(QUOTA);
    }

    const disarm = await kvctl(['--endpoints', endpoints, 'alarm', 'disarm']);
    expect(disarm).toMatchObject({ code: 0, err: '' });
    expect(disarm.out).toContain('NOSPACE');
    await waitFor('writes accepted again', async () => {
      try {
        await client.put('after-disarm', Buffer.from('ok'));
        return true;
      } catch {
        return false;
      }
    });
    expect((await kvctl(['--endpoints', endpoints, 'alarm', 'list'])).out).toBe('no alarms\n');
  });
});
