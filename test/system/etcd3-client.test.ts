/**
 * The npm `etcd3` client, what Node applications use to talk to etcd,
 * against raftkv's etcd API: transactions, leases, locks, elections and
 * watches, each first against a real etcd (the control), then against a
 * 3-process raftkv through all its endpoints. A watch across a leader kill
 * needs several members, so it runs on raftkv alone.
 */
import { Etcd3, EtcdLockFailedError, type Campaign } from 'etcd3';
import { scrape, valueOf } from '../support/metrics-scrape';
import { ProcessCluster } from '../support/process-cluster';
import { waitFor } from '../support/wait';
import { EtcdServer } from './support/etcd-server';
import type { Which } from './support/etcd-targets';
import { describeWithTools } from './support/tools';

jest.setTimeout(120_000);

/** Whether a campaign has been elected (etcd3 says so by an event). */
function electedFlag(campaign: Campaign): () => boolean {
  let elected = false;
  campaign.on('elected', () => (elected = true));
  campaign.on('error', (err: Error) => {
    throw err;
  });
  return () => elected;
}

describeWithTools('the etcd3 npm client against raftkv, with etcd as the control', ['etcd'], () => {
  let etcd: EtcdServer | undefined;
  let raftkv: ProcessCluster | undefined;

  beforeAll(async () => {
    const [e, r] = await Promise.allSettled([EtcdServer.start(), ProcessCluster.start()]);
    if (e.status === 'fulfilled') etcd = e.value;
    if (r.status === 'fulfilled') raftkv = r.value;
    if (e.status === 'rejected' || r.status === 'rejected') throw e.status === 'rejected' ? e.reason : (r as PromiseRejectedResult).reason;
    await raftkv!.waitForLeader();
  });

  afterAll(async () => {
    await Promise.all([etcd?.stop(), raftkv?.stop()]);
  });

  const both = (name: string, fn: (client: Etcd3) => Promise<void>): void => {
    test.each<Which>(['etcd', 'raftkv'])(`${name} (%s)`, async (which) => {
      const client = new Etcd3({ hosts: which === 'etcd' ? [etcd!.endpoint] : raftkv!.endpoints() });
      try {
        await fn(client);
      } finally {
        client.close();
      }
    });
  };

  both('a compare-and-swap transaction succeeds once, then its else branch reads the winner; prefixes read and count', async (client) => {
    const claim = (value: string) => client.if('/e3/txn', 'Create', '==', 0).then(client.put('/e3/txn').value(value)).else(client.get('/e3/txn')).commit();
    expect((await claim('a')).succeeded).toBe(true);
    const lost = await claim('b');
    expect([lost.succeeded, lost.responses[0]?.response_range?.kvs[0]?.value.toString()]).toEqual([false, 'a']);
    expect(await client.get('/e3/txn').string()).toBe('a');
    await client.put('/e3/p/1').value('x');
    await client.put('/e3/p/2').value('y');
    expect(await client.getAll().prefix('/e3/p/').strings()).toEqual({ '/e3/p/1': 'x', '/e3/p/2': 'y' });
    expect(await client.getAll().prefix('/e3/p/').count()).toBe(2);
    expect(await client.delete().prefix('/e3/p/').exec()).toMatchObject({ deleted: '2' });
  });

  both('a lease keeps its keys while kept alive, and takes them when revoked', async (client) => {
    const lease = client.lease(3);
    let renewals = 0;
    lease.on('keepaliveSucceeded', () => (renewals += 1));
    await lease.put('/e3/lease').value('held');
    // etcd3 renews every third of the TTL: two renewals take about two seconds.
    await waitFor('two keep-alives', () => renewals >= 2, 15_000);
    expect(await client.get('/e3/lease').string()).toBe('held');
    expect(Number((await lease.keepaliveOnce()).TTL)).toBe(3);
    await lease.revoke();
    expect([lease.revoked(), await client.get('/e3/lease').string()]).toEqual([true, null]);
  });

  both('a held lock refuses a second holder until it is released', async (client) => {
    const held = await client.lock('/e3/lock').acquire();
    await expect(client.lock('/e3/lock').acquire()).rejects.toBeInstanceOf(EtcdLockFailedError);
    await held.release();
    expect(await client.lock('/e3/lock').do(async () => 'ran under the lock')).toBe('ran under the lock');
  });

  both('an election elects the first campaign; the second takes over when it resigns, and observers follow', async (client) => {
    const election = client.election('/e3/election');
    const a = election.campaign('a');
    const aElected = electedFlag(a);
    await waitFor('a to be elected', aElected, 15_000);
    expect(await election.leader()).toBe('a');
    const observer = await election.observe();
    const seen: (string | undefined)[] = [];
    observer.on('change', (v) => seen.push(v));
    const b = election.campaign('b');
    const bElected = electedFlag(b);
    await a.resign();
    await waitFor('b to be elected', bElected, 15_000);
    expect(await election.leader()).toBe('b');
    await waitFor('the observer to see b lead', () => seen.includes('b'), 15_000);
    await b.resign();
    await observer.cancel();
  });

  both('a watch sees puts and deletes of a prefix, in order', async (client) => {
    const watcher = await client.watch().prefix('/e3/w/').create();
    const events: string[] = [];
    watcher.on('put', (kv) => events.push(`put ${kv.key.toString()} ${kv.value.toString()}`));
    watcher.on('delete', (kv) => events.push(`delete ${kv.key.toString()}`));
    try {
      await client.put('/e3/w/a').value('1');
      await client.put('/e3/w/a').value('2');
      await client.delete().key('/e3/w/a');
      await waitFor('three events', () => events.length >= 3, 15_000);
      expect(events).toEqual(['put /e3/w/a 1', 'put /e3/w/a 2', 'delete /e3/w/a']);
    } finally {
      await watcher.cancel();
    }
  });

  test('raftkv only: a watch delivers every change in revision order when its node, the leader, is killed with SIGKILL', async () => {
    const cluster = raftkv!;
    const client = new Etcd3({ hosts: cluster.endpoints() });
    const sentByNode = async (): Promise<Map<string, number>> =>
      new Map(await Promise.all(cluster.nodes.map(async (n) => [n.id, valueOf(await scrape(n.httpPort), 'raftkv_watch_events_sent_total')] as const)));
    try {
      const before = await sentByNode();
      const watcher = await client.watch().prefix('/e3/failover/').create();
      const seen: { key: string; revision: number }[] = [];
      watcher.on('put', (kv) => seen.push({ key: kv.key.toString(), revision: Number(kv.mod_revision) }));
      for (let i = 0; i < 5; i += 1) await client.put(`/e3/failover/${i}`).value(String(i));
      await waitFor('the first five puts', () => seen.length >= 5, 15_000);
      // etcd3 picks a random endpoint for its watch stream: find it by who sent the events, and make that node the leader.
      const after = await sentByNode();
      const host = cluster.nodes.map((n) => n.id).find((id) => after.get(id)! - before.get(id)! >= 5)!;
      const leader = await cluster.waitForLeader();
      if (leader !== host) {
        const atLeader = new Etcd3({ hosts: cluster.endpoints([leader]) });
        try {
          const target = (await atLeader.cluster.memberList({})).members.find((m) => m.name === host)!;
          await atLeader.maintenance.moveLeader({ targetID: target.ID });
        } finally {
          atLeader.close();
        }
        await waitFor('the watch host to lead', async () => (await cluster.waitForLeader()) === host, 15_000);
      }
      await cluster.stopNode(host, 'SIGKILL');
      // A put in flight when the leader died may fail (or its outcome be unknown): each key is put until a put succeeds.
      for (let i = 5; i < 10; i += 1) {
        await waitFor(`put ${i} after the kill`, () => client.put(`/e3/failover/${i}`).value(String(i)).then(() => true, () => false), 30_000, 200);
      }
      await waitFor('every key through the resumed watch', () => new Set(seen.map((e) => e.key)).size === 10, 30_000);
      const revisions = seen.map((e) => e.revision);
      // Every event once, in order: revisions strictly increase (a repeated put is a new revision, never a repeated event).
      expect(revisions).toEqual([...revisions].sort((x, y) => x - y));
      expect(new Set(revisions).size).toBe(revisions.length);
      await watcher.cancel();
      cluster.startNode(host);
    } finally {
      client.close();
    }
  });
});
