/**
 * The cross-member consistency check with real processes: one member's
 * stored value is changed behind Raft's back (in its LevelDB, while it is
 * stopped); once it is back, the periodic check finds its state's digest
 * differs from the majority's and raises CORRUPT for it (kvctl alarm list,
 * etcd's Alarm, the metric), and that member refuses reads and watches with
 * DATA_LOSS while the others serve the cluster's data and writes go on.
 */
import * as grpc from '@grpc/grpc-js';
import { ProcessCluster } from '../support/process-cluster';
import { GrpcCaller } from '../support/grpc-caller';
import { runKvctl } from '../../src/cli/kvctl-program';
import { RaftStore } from '../../src/storage/raft-store';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

const b = (s: string): Buffer => Buffer.from(s);

describe('consistency check', () => {
  let cluster: ProcessCluster | undefined;
  const callers: GrpcCaller[] = [];
  afterAll(async () => {
    for (const c of callers) c.close();
    await cluster?.stop();
  });

  test('a member whose stored state was altered gets a CORRUPT alarm and refuses reads and watches; the others serve the right value', async () => {
    const c = (cluster = await ProcessCluster.start({ extraArgs: ['--corrupt-check-interval-ms', '300'] }));
    await c.waitForLeader();
    const client = c.client();
    for (let i = 0; i < 20; i += 1) await client.put(`k${i}`, b(`v${i}`));
    await waitFor('n3 to hold every key', async () => (await c.client(['n3']).get('k19', 'CONSISTENCY_SERIALIZABLE')).found);
    expect((await kvctl(['--endpoints', c.endpoints().join(','), 'alarm', 'list'])).out).toBe('no alarms\n');

    // Behind Raft's back: n3's value of k5 changes; its applied index and revision do not.
    await c.stopNode('n3');
    const store = await RaftStore.open(c.node('n3').dataDir);
    const data = store.kvData();
    const [record] = await data.getMany(['k5']);
    const meta = await data.meta();
    await data.commit(
      { records: new Map([['k5', { ...record!, value: b('garbled') }]]), leases: new Map(), leaseKeys: [], revision: meta.revision, events: [], compactRevision: meta.compactRevision, previousCompactRevision: meta.compactRevision },
      await data.appliedIndex(),
      true,
    );
    await store.close();
    c.startNode('n3');

    const alarms = await waitFor(
      'a CORRUPT alarm for n3 in kvctl alarm list',
      async () => {
        const list = await kvctl(['--endpoints', c.endpoints(['n1', 'n2']).join(','), 'alarm', 'list', '-o', 'json']);
        const parsed = JSON.parse(list.out) as { alarms: { member: string; alarm: string }[] };
        return parsed.alarms.length > 0 ? parsed.alarms : undefined;
      },
      60_000,
      200,
    );
    expect(alarms).toEqual([{ member: 'n3', alarm: 'CORRUPT' }]);
    const table = await kvctl(['--endpoints', c.endpoints(['n1']).join(','), 'alarm', 'list']);
    expect(table.out).toMatch(/n3\s+CORRUPT/);

    // The diverged member refuses reads of both consistencies, on both APIs, and watches.
    const refusal = { code: grpc.status.DATA_LOSS, details: expect.stringContaining("member n3 holds a state that differs from the cluster's (CORRUPT alarm)") };
    await waitFor('n3 to refuse reads', async () => (await c.client(['n3']).get('k5', 'CONSISTENCY_SERIALIZABLE').then(() => false, () => true)));
    await expect(c.client(['n3']).get('k5', 'CONSISTENCY_SERIALIZABLE')).rejects.toMatchObject(refusal);
    await expect(c.client(['n3']).get('k5')).rejects.toMatchObject(refusal);
    const n3 = new GrpcCaller(`127.0.0.1:${c.node('n3').clientPort}`);
    callers.push(n3);
    expect(await n3.call('/raftkv.kv.v1.KVService/Range', { key: 'k', range_end: 'l' })).toMatchObject(refusal);
    expect(await n3.call('/raftkv.kv.v1.KVService/Watch', { key: 'k5' })).toMatchObject(refusal);
    const etcdRefusal = { code: grpc.status.DATA_LOSS, details: 'etcdserver: corrupt cluster' };
    expect(await n3.call('/etcdserverpb.KV/Range', { key: b('k5'), serializable: true })).toMatchObject(etcdRefusal);
    expect(await n3.call('/etcdserverpb.Watch/Watch', { create_request: { key: b('k5') } })).toMatchObject(etcdRefusal);
    const got = await kvctl(['--endpoints', c.endpoints(['n3']).join(','), 'get', 'k5']);
    expect(got.code).toBe(3);
    expect(got.err).toContain('CORRUPT');

    // n3 is not ready (a load balancer drops it); the others are.
    const readyz = async (id: string): Promise<{ status: number; body: string }> => {
      const res = await fetch(`http://127.0.0.1:${c.node(id).httpPort}/readyz`);
      return { status: res.status, body: await res.text() };
    };
    expect(await waitFor('n3 not ready', async () => ((await readyz('n3')).status === 503 ? readyz('n3') : undefined))).toMatchObject({ body: expect.stringContaining('CORRUPT alarm') });
    expect((await readyz('n1')).status).toBe(200);

    // The others serve the cluster's value; a client listing n3 first moves on.
    expect(b('v5').equals(Buffer.from((await c.client(['n1']).get('k5')).value))).toBe(true);
    expect(Buffer.from((await c.client(['n3', 'n2']).get('k5', 'CONSISTENCY_SERIALIZABLE')).value).toString()).toBe('v5');
    expect((await kvctl(['--endpoints', c.endpoints(['n3', 'n1']).join(','), 'get', 'k5'])).out).toContain('v5');
    // Writes go on, through the diverged member too (the leader applies them).
    await c.client(['n3']).put('after', b('x'));
    expect(Buffer.from((await c.client(['n2']).get('after')).value).toString()).toBe('x');

    // etcd's Alarm lists it with etcd's type CORRUPT (enum value 2), and the metric counts it.
    const n1 = new GrpcCaller(`127.0.0.1:${c.node('n1').clientPort}`);
    callers.push(n1);
    const etcdAlarms = await n1.call('/etcdserverpb.Maintenance/Alarm', { action: 'GET', memberID: '0', alarm: 'NONE' });
    expect(etcdAlarms.code).toBe(grpc.status.OK);
    expect((etcdAlarms.response as { alarms: { alarm: string }[] }).alarms.map((a) => a.alarm)).toEqual(['CORRUPT']);
    const metrics = await (await fetch(`http://127.0.0.1:${c.node('n1').httpPort}/metrics`)).text();
    expect(metrics).toMatch(/raftkv_alarms_active\{alarm="CORRUPT"[^}]*\} 1/);
    // Hash and HashKV still answer on n3: how an operator compares it with the others.
    expect((await n3.call('/etcdserverpb.Maintenance/HashKV', { revision: '0' })).code).toBe(grpc.status.OK);
  });
});

async function kvctl(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runKvctl(args, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}
