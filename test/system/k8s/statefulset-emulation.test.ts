/**
 * The chart's StatefulSet, run as the kubelet would run it (see
 * support/pod-emulator.ts): pods in their own network namespaces with their
 * pod hostnames, a dnsmasq answering the headless-service names as kube-dns
 * does, and nothing but DNS to find each other. Under a steady writer the
 * cluster survives a deleted pod coming back elsewhere and a rolling restart,
 * and loses no acknowledged write.
 */
import { KvClient } from '../../../src/cli/kv-client';
import { REPO_ROOT, RAFTKV_BIN } from '../../support/process-cluster';
import { waitFor } from '../../support/wait';
import { describeWithTools } from '../support/tools';
import { HELM, helmTemplate, provideK8sTools } from './support/k8s-tools';
import { StatefulSetEmulator } from './support/pod-emulator';
import { Writer } from './support/writer';

jest.setTimeout(180_000);
provideK8sTools();

const NAMESPACE = 'store';
/** Chart values for the test: defaults except a faster DNS refresh, so a moved pod is found within a second. */
const VALUES = { dnsRefreshMs: 1000 };

describeWithTools('the chart StatefulSet, emulated with network namespaces and dnsmasq', [HELM, 'ip', 'dnsmasq', 'unshare', 'setpriv'], () => {
  if (process.getuid?.() !== 0) {
    test('skipped: network namespaces need root', () => {
      process.stderr.write('SKIPPED StatefulSet emulation: run as root\n');
    });
    return;
  }
  let sts: StatefulSetEmulator;
  let writer: Writer | undefined;
  const clients: KvClient[] = [];

  beforeAll(async () => {
    sts = new StatefulSetEmulator(helmTemplate(VALUES, 'kv', NAMESPACE), { clusterDomain: 'cluster.local', workdir: REPO_ROOT });
    await sts.start();
  });
  afterAll(async () => {
    await writer?.stop();
    writer?.close();
    for (const c of clients) c.close();
    await sts?.close();
  });

  const dumpLogs = (): string => sts.pods.map((p) => `--- ${p.name}\n${sts.logs(p.name).split('\n').slice(-15).join('\n')}`).join('\n');

  it('runs the image entrypoint as rendered: node dist/src/cli/raftkv.js under tini', () => {
    expect(sts.argv).toEqual(['/usr/bin/tini', '--', 'node', 'dist/src/cli/raftkv.js']);
    expect(`${REPO_ROOT}/${sts.argv[3]}`).toBe(RAFTKV_BIN);
  });

  it('forms a cluster through DNS discovery alone, pods starting in any order', async () => {
    // The last pod first: its peers' names do not resolve yet, and it waits for them.
    const last = sts.replicas - 1;
    sts.startPod(last);
    await waitFor(`${sts.podName(last)} to wait for its peers' names`, () => sts.logs(sts.podName(last)).includes('waiting for peers to resolve'), 20_000);
    // Meanwhile its HTTP port answers: alive, not ready and why, no leader known.
    expect(await sts.httpText(sts.podName(last), '/healthz')).toEqual({ status: 200, body: 'ok\n' });
    const ready = await sts.httpText(sts.podName(last), '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatch(/^not ready: waiting for DNS: not resolving yet: .*kv-raftkv-0\.kv-raftkv-headless\.store\.svc\.cluster\.local/);
    expect((await sts.httpText(sts.podName(last), '/metrics')).body).toMatch(/^raftkv_has_leader\{node_id="kv-raftkv-2"\} 0$/m);
    for (let i = last - 1; i >= 0; i -= 1) sts.startPod(i);
    try {
      for (const p of sts.pods) await sts.waitReady(p.name, 60_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${dumpLogs()}`, { cause: err });
    }
    const client = new KvClient([sts.endpoint(sts.podName(0))], { timeoutMs: 3_000 });
    clients.push(client);
    const status = await client.status();
    expect(status.id).toBe('kv-raftkv-0');
    expect(status.members.map((m) => m.id).sort()).toEqual(['kv-raftkv-0', 'kv-raftkv-1', 'kv-raftkv-2']);
    // The peers were found by their headless-service names.
    expect(sts.logs(sts.podName(0))).toMatch(/"msg":"all peers resolved"/);
    expect(sts.logs(sts.podName(0))).toContain('kv-raftkv-1.kv-raftkv-headless.store.svc.cluster.local');
  });

  it('survives a deleted pod coming back on another address with the same volume, under writes', async () => {
    writer = new Writer(sts.pods.map((p) => sts.endpoint(p.name)));
    writer.start();
    await writer.progress(20);
    const victim = 1;
    const before = sts.pods[victim]?.ip;
    await sts.stopPod(victim, 'SIGKILL');
    await writer.progress(20); // two of three keep the quorum
    const pod = sts.startPod(victim);
    expect(pod.ip).not.toBe(before); // rescheduled: peers must re-resolve its name
    await sts.waitReady(pod.name);
    // It catches up with the writes it missed through its peers' new connection to it.
    const c = new KvClient([sts.endpoint(pod.name)], { timeoutMs: 3_000 });
    clients.push(c);
    await writer.progress(20);
    const leader = (await c.status()).leader_id;
    await waitFor('the returned pod to apply the latest writes', async () => {
      const s = await c.status();
      return s.leader_id !== '' && Number(s.applied_index) >= Number(s.commit_index) && Number(s.commit_index) > 0;
    }, 20_000);
    expect(leader).not.toBe('');
    // Its peers followed it to its new address through DNS.
    const moved = new RegExp(`"peer":"${pod.name}"[^\\n]*"to":"${pod.ip.replace(/\./g, '\\.')}:`);
    expect(sts.logs(sts.podName(0)) + sts.logs(sts.podName(2))).toMatch(moved);
  });

  it('survives a rolling restart, one pod at a time from the highest ordinal, waiting for readiness', async () => {
    for (let i = sts.replicas - 1; i >= 0; i -= 1) {
      expect(await sts.stopPod(i, 'SIGTERM')).toBe(0); // a clean exit within the grace period
      sts.startPod(i);
      await sts.waitReady(sts.podName(i));
      await writer?.progress(10);
    }
  });

  it('scales 3 → 5 → 3 under writes: new pods join through pod 0 and are promoted; members are removed before their pods go', async () => {
    const admin = new KvClient(sts.pods.map((p) => sts.endpoint(p.name)), { timeoutMs: 5_000 });
    clients.push(admin);
    const voters = async (): Promise<string[]> =>
      (await admin.listMembers()).members.filter((m) => m.suffrage === 'SUFFRAGE_VOTER').map((m) => m.id).sort();
    // kubectl scale --replicas=5: two new pods, same rendered env (initial size 3).
    const added = [sts.startPod(3), sts.startPod(4)];
    try {
      await waitFor('pods 3 and 4 to be voters', async () => ((await voters()).length === 5 ? true : undefined), 90_000, 250);
      for (const p of added) await sts.waitReady(p.name);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${dumpLogs()}`, { cause: err });
    }
    expect(sts.logs(added[0]?.name ?? '')).toContain('the cluster added this node as a learner');
    await writer?.progress(10);
    // Scale-down runbook (docs/kubernetes.md): remove the members, then the pods.
    for (const p of [...added].reverse()) {
      await admin.removeMember(p.name);
      expect(await sts.stopPod(p.ordinal, 'SIGTERM')).toBe(0);
    }
    expect(await voters()).toEqual([sts.podName(0), sts.podName(1), sts.podName(2)]);
    await writer?.progress(10);
  });

  it('grows to 5 by helm upgrade (every pod re-rendered with initial size 5): new pods on fresh volumes join the running cluster instead of bootstrapping', async () => {
    const admin = new KvClient(sts.pods.slice(0, 3).map((p) => sts.endpoint(p.name)), { timeoutMs: 5_000 });
    clients.push(admin);
    // The previous test removed pods 3 and 4 and the runbook deleted their claims.
    for (const ordinal of [3, 4]) sts.deleteVolume(ordinal);
    const upgraded = { RAFTKV_INITIAL_CLUSTER_SIZE: '5' };
    const added = [sts.startPod(3, upgraded), sts.startPod(4, upgraded)];
    try {
      await waitFor('pods 3 and 4 to be voters', async () => {
        const members = (await admin.listMembers()).members;
        return members.filter((m) => m.suffrage === 'SUFFRAGE_VOTER').length === 5 ? true : undefined;
      }, 90_000, 250);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${dumpLogs()}`, { cause: err });
    }
    for (const p of added) expect(sts.logs(p.name)).toContain('a cluster is already running: joining it instead of bootstrapping');
    await writer?.progress(10);
  });

  it('lost no acknowledged write', async () => {
    if (writer === undefined) throw new Error('no writer ran');
    await writer.stop();
    expect(writer.acked.size).toBeGreaterThan(50);
    const c = new KvClient(sts.pods.map((p) => sts.endpoint(p.name)), { timeoutMs: 5_000 });
    clients.push(c);
    const wrong: string[] = [];
    const entries = [...writer.acked];
    for (let i = 0; i < entries.length; i += 100) {
      await Promise.all(
        entries.slice(i, i + 100).map(async ([key, value]) => {
          const r = await c.get(key);
          if (!r.found || Buffer.from(r.value).toString() !== value) wrong.push(key);
        }),
      );
    }
    expect(wrong).toEqual([]);
  });

});
