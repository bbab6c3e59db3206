/**
 * Network partitions between real processes: three raftkv pods, each in its
 * own network namespace, and the leader cut off from its peers by dropping
 * its Raft traffic (iptables in its namespace: packets vanish, no resets).
 * The majority elects a new leader and keeps taking writes; the isolated old
 * leader steps down (CheckQuorum), reports not ready and acknowledges
 * nothing; after the heal it catches up and no acknowledged write is lost.
 */
import * as grpc from '@grpc/grpc-js';
import { KvClient } from '../../src/cli/kv-client';
import { REPO_ROOT } from '../support/process-cluster';
import { waitFor } from '../support/wait';
import { describeWithTools } from './support/tools';
import { HELM, helmTemplate, provideK8sTools } from './k8s/support/k8s-tools';
import { StatefulSetEmulator } from './k8s/support/pod-emulator';
import { Writer } from './k8s/support/writer';

jest.setTimeout(180_000);
provideK8sTools();

describeWithTools('a partitioned leader', [HELM, 'ip', 'dnsmasq', 'unshare', 'setpriv', 'iptables'], () => {
  if (process.getuid?.() !== 0) {
    test('skipped: network namespaces need root', () => {
      process.stderr.write('SKIPPED partition test: run as root\n');
    });
    return;
  }
  let sts: StatefulSetEmulator;
  let writer: Writer | undefined;
  const clients: KvClient[] = [];
  const client = (pod: string): KvClient => {
    const c = new KvClient([sts.endpoint(pod)], { timeoutMs: 2_000 });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    sts = new StatefulSetEmulator(helmTemplate({}, 'part', 'default'), { clusterDomain: 'cluster.local', workdir: REPO_ROOT });
    await sts.start();
    for (let i = 0; i < sts.replicas; i += 1) sts.startPod(i);
    for (const p of sts.pods) await sts.waitReady(p.name, 60_000);
  });
  afterAll(async () => {
    await writer?.stop();
    writer?.close();
    for (const c of clients) c.close();
    await sts?.close();
  });

  it('loses its leadership to the majority, acknowledges nothing while cut off, and catches up after the heal', async () => {
    const leaderName = (await client(sts.podName(0)).status()).leader_id;
    const leader = sts.pods.find((p) => p.name === leaderName);
    if (leader === undefined) throw new Error(`no pod named ${leaderName}`);
    const majority = sts.pods.filter((p) => p !== leader);
    writer = new Writer(majority.map((p) => sts.endpoint(p.name)));
    writer.start();
    await writer.progress(20);

    sts.isolatePeers(leader.ordinal);
    // The majority elects a leader of its own and keeps acknowledging writes.
    const newLeader = await waitFor('the majority to elect a new leader', async () => {
      const s = await client(majority[0]?.name ?? '').status();
      return s.leader_id !== '' && s.leader_id !== leader.name ? s.leader_id : undefined;
    }, 30_000);
    expect(majority.map((p) => p.name)).toContain(newLeader);
    await writer.progress(30);

    // The old leader steps down once it has not heard from a quorum, and says so.
    await waitFor('the isolated node to report not ready', async () => (await sts.httpGet(leader.name, '/readyz')) === 503, 30_000);
    const isolated = client(leader.name);
    const refused = await isolated.put('written-to-the-minority', Buffer.from('never')).then(
      () => undefined,
      (err: grpc.ServiceError) => err,
    );
    expect(refused).toBeDefined();
    expect([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]).toContain(refused?.code);

    sts.healPeers(leader.ordinal);
    await sts.waitReady(leader.name, 60_000);
    await writer.progress(20);
    await writer.stop();

    // Every acknowledged write is on every node, the healed one included.
    for (const p of sts.pods) {
      const reader = client(p.name);
      for (const [key, value] of writer.acked) {
        const res = await reader.get(key);
        expect({ pod: p.name, key, value: Buffer.from(res.value).toString() }).toEqual({ pod: p.name, key, value });
      }
    }
    expect(writer.acked.has('written-to-the-minority')).toBe(false);
  });
});
