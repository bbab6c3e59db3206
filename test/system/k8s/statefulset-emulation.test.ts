/**
 * The chart's StatefulSet, run as the kubelet would run it (see
 * support/pod-emulator.ts): pods in their own network namespaces with their
 * pod hostnames, a dnsmasq answering the headless-service names as kube-dns
 * does, a Kubernetes API serving the StatefulSet, and nothing but DNS to
 * find each other. A new cluster forms from a majority of its pods. Under a
 * steady writer the cluster survives a deleted pod coming back elsewhere, a
 * lost volume, a rolling restart, scaling 3 → 5 → 3 → 1 → 3 by replica count
 * alone and a disruption the PDB allows, and loses no acknowledged write.
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
/** Chart values for the test: defaults except a faster DNS refresh (a moved pod is found within a second) and scale check. */
const VALUES = { dnsRefreshMs: 1000, 'scaling.checkMs': 500 };

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

  it('forms a new cluster from a majority of its pods through DNS discovery alone, pods starting in any order; the last one joins when it starts', async () => {
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
    // Pod 0 stays Pending: pods 1 and 2, a majority, form the cluster without it.
    for (let i = last - 1; i >= 1; i -= 1) sts.startPod(i);
    try {
      for (let i = 1; i <= last; i += 1) await sts.waitReady(sts.podName(i), 60_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${dumpLogs()}`, { cause: err });
    }
    expect(sts.logs(sts.podName(1))).toMatch(/"decision":"bootstrap"[^\n]*initial voters \(a majority, this one included\) hold no data/);
    const early = new KvClient([sts.endpoint(sts.podName(1))], { timeoutMs: 3_000 });
    clients.push(early);
    await early.put('formed-by-a-majority', Buffer.from('yes'));
    // Pod 0 starts late on a fresh volume: the running cluster lists it and holds data, so it has itself replaced, never bootstrapping.
    sts.startPod(0);
    try {
      await sts.waitReady(sts.podName(0), 60_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${dumpLogs()}`, { cause: err });
    }
    expect(sts.logs(sts.podName(0))).toContain('asking the cluster to replace this node');
    expect(sts.logs(sts.podName(0))).not.toContain('"decision":"bootstrap"');
    const client = new KvClient([sts.endpoint(sts.podName(0))], { timeoutMs: 3_000 });
    clients.push(client);
    await waitFor('pod 0 to be a voter', async () => {
      const members = (await client.listMembers()).members;
      return members.filter((m) => m.suffrage === 'SUFFRAGE_VOTER').length === 3 ? true : undefined;
    }, 60_000, 250);
    const status = await client.status();
    expect(status.id).toBe('kv-raftkv-0');
    expect(status.members.map((m) => m.id).sort()).toEqual(['kv-raftkv-0', 'kv-raftkv-1', 'kv-raftkv-2']);
    expect(Buffer.from((await client.get('formed-by-a-majority')).value).toString()).toBe('yes');
    // The peers were found by their headless-service names.
    expect(sts.logs(sts.podName(1))).toContain('kv-raftkv-2.kv-raftkv-headless.store.svc.cluster.local');
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

  it('has a pod whose volume was lost while the others run replaced, never bootstrapping beside them', async () => {
    const victim = 1;
    await sts.stopPod(victim, 'SIGKILL');
    sts.deleteVolume(victim);
    await writer?.progress(10);
    // The log file spans the pod's lives: look at this one only.
    const earlier = sts.logs(sts.podName(victim)).length;
    const pod = sts.startPod(victim);
    try {
      await sts.waitReady(pod.name, 60_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${dumpLogs()}`, { cause: err });
    }
    const life = sts.logs(pod.name).slice(earlier);
    expect(life).toMatch(/lost disk: the running cluster lists this node as a member/);
    expect(life).not.toContain('"decision":"bootstrap"');
    await writer?.progress(10);
  });

  it('survives a rolling restart, one pod at a time from the highest ordinal, waiting for readiness', async () => {
    for (let i = sts.replicas - 1; i >= 0; i -= 1) {
      expect(await sts.stopPod(i, 'SIGTERM')).toBe(0); // a clean exit within the grace period
      sts.startPod(i);
      await sts.waitReady(sts.podName(i));
      await writer?.progress(10);
    }
  });

  it('scales 3 → 5 → 3 → 1 → 3 by replica count alone, under writes: members join, and leave before their pods go, one at a time', async () => {
    // Through pod 0, the one pod every step keeps.
    const admin = new KvClient([sts.endpoint(sts.podName(0))], { timeoutMs: 5_000 });
    clients.push(admin);
    const voters = async (): Promise<string[]> =>
      (await admin.listMembers()).members.filter((m) => m.suffrage === 'SUFFRAGE_VOTER').map((m) => m.id).sort();
    const members = async (): Promise<string[]> => (await admin.listMembers()).members.map((m) => m.id).sort();
    const pods = (n: number): string[] => Array.from({ length: n }, (_, i) => sts.podName(i)).sort();
    const settle = async (n: number): Promise<void> => {
      try {
        await waitFor(`the members to be pods 0..${n - 1}, all voters`, async () => {
          const m = await members();
          return JSON.stringify(m) === JSON.stringify(pods(n)) && JSON.stringify(await voters()) === JSON.stringify(pods(n)) ? true : undefined;
        }, 90_000, 250);
        for (let i = 0; i < n; i += 1) await sts.waitReady(sts.podName(i), 60_000);
      } catch (err) {
        throw new Error(`${(err as Error).message}\n${dumpLogs()}`, { cause: err });
      }
      await writer?.progress(10);
    };
    // kubectl scale --replicas=5: two new pods join through pod 0 and are promoted.
    await sts.scale(5);
    await settle(5);
    expect(sts.logs(sts.podName(3))).toContain('the cluster added this node as a learner');
    // Pod 4's node is lost (the pod is gone without a word), then kubectl scale --replicas=3:
    // pod 3 gets SIGTERM and leaves before it exits; the leader removes pod 4's member, dead, first.
    await sts.stopPod(4, 'SIGKILL');
    expect(await sts.scale(3)).toEqual([0]);
    await settle(3);
    expect(sts.logs(sts.podName(3))).toContain('left the cluster: stopping');
    const leaderLogs = sts.pods.map((p) => sts.logs(p.name)).join('\n');
    // The leader calls a pod dead once it missed it for two election timeouts; pod 4 goes first either way (the highest).
    expect(leaderLogs).toMatch(/removing a member scaled away: kv-raftkv-4 is beyond the StatefulSet's 3 replicas \(its pod (does not answer|still answers)\)/);
    // kubectl scale --replicas=1 while pod 2 leads: it hands leadership to pod 0, which then removes pods 2 and 1.
    const allPods = new KvClient([0, 1, 2].map((o) => sts.endpoint(sts.podName(o))), { timeoutMs: 5_000 });
    clients.push(allPods);
    await waitFor('pod 2 to lead', async () => {
      const s = await admin.status();
      if (s.leader_id === sts.podName(2)) return true;
      await allPods.transferLeadership(sts.podName(2)).catch(() => undefined);
      return undefined;
    }, 30_000, 500);
    const before2 = sts.logs(sts.podName(2)).length;
    expect(await sts.scale(1)).toEqual([0, 0]);
    await settle(1);
    expect(sts.logs(sts.podName(2)).slice(before2)).toMatch(/handing leadership over before leaving: this leader is beyond the StatefulSet's 1 replicas; kv-raftkv-0 stays/);
    // kubectl scale --replicas=3: pods 1 and 2 come back on their retained volumes, drop the removed members' data and join afresh.
    await sts.scale(3);
    await settle(3);
    for (const o of [1, 2]) expect(sts.logs(sts.podName(o))).toContain('dropping this member\'s data and joining afresh');
    // The pods asked the API for their StatefulSet and nothing else, and were allowed.
    const asked = new Set(sts.api.requests.map((r) => `${r.method} ${r.path} ${r.status}`));
    expect([...asked]).toEqual(['GET /apis/apps/v1/namespaces/store/statefulsets/kv-raftkv 200']);
  });

  it('keeps taking writes through a disruption the PDB allows (one of three pods evicted): the membership did not grow stale', async () => {
    const admin = new KvClient([sts.endpoint(sts.podName(0))], { timeoutMs: 5_000 });
    clients.push(admin);
    expect((await admin.listMembers()).members.filter((m) => m.suffrage === 'SUFFRAGE_VOTER')).toHaveLength(3);
    // An eviction is a graceful delete: a restart, not a scale-down, so the member stays.
    const earlier = sts.logs(sts.podName(2)).length;
    expect(await sts.stopPod(2, 'SIGTERM')).toBe(0);
    expect(sts.logs(sts.podName(2)).slice(earlier)).not.toContain('scaled away');
    expect((await admin.listMembers()).members.filter((m) => m.suffrage === 'SUFFRAGE_VOTER')).toHaveLength(3);
    await writer?.progress(20);
    sts.startPod(2);
    await sts.waitReady(sts.podName(2));
    await writer?.progress(10);
  });

  it('grows to 5 by helm upgrade (every pod re-rendered with initial size 5): new pods on fresh volumes join the running cluster instead of bootstrapping', async () => {
    const admin = new KvClient(sts.pods.slice(0, 3).map((p) => sts.endpoint(p.name)), { timeoutMs: 5_000 });
    clients.push(admin);
    // Fresh claims for pods 3 and 4 (an operator deleted the retained ones); the -bootstrap ConfigMap now says 5.
    for (const ordinal of [3, 4]) sts.deleteVolume(ordinal);
    await sts.scale(5, { RAFTKV_INITIAL_CLUSTER_SIZE: '5' });
    const added = [3, 4].map((o) => sts.podName(o));
    try {
      await waitFor('pods 3 and 4 to be voters', async () => {
        const members = (await admin.listMembers()).members;
        return members.filter((m) => m.suffrage === 'SUFFRAGE_VOTER').length === 5 ? true : undefined;
      }, 90_000, 250);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${dumpLogs()}`, { cause: err });
    }
    for (const name of added) expect(sts.logs(name)).toContain('a cluster is already running: joining it instead of bootstrapping');
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
