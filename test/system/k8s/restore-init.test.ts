/**
 * Restore into a fresh release (restore.enabled): each pod's init container
 * runs `raftkv restore` with the pod's own settings (the ConfigMap, its
 * hostname) on an empty data dir, and leaves a data dir with data alone. The
 * init container's script, taken from the rendered StatefulSet, runs here with
 * the environment the pod would have, on a backup saved from a real node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKvctl } from '../../../src/cli/kvctl-program';
import { ProcessCluster, REPO_ROOT } from '../../support/process-cluster';
import { describeWithTools } from '../support/tools';
import { HELM, findObject, helmTemplate, provideK8sTools } from './support/k8s-tools';

jest.setTimeout(120_000);
provideK8sTools();

interface InitContainer {
  name: string;
  command: string[];
  env: { name: string; value?: string }[];
  envFrom: { configMapRef: { name: string } }[];
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}

describeWithTools('Helm chart: restore into a fresh release', [HELM], () => {
  let cluster: ProcessCluster | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'raftkv-restore-init-'));
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses restore.enabled without a claim and a file, naming both', () => {
    expect(() => helmTemplate({ 'restore.enabled': true })).toThrow(/restore\.enabled needs restore\.claim .* and restore\.file/);
  });

  it("each pod's init container restores the backup into its empty data dir as that pod's member of the new cluster, and leaves data alone on a restart", async () => {
    cluster = await ProcessCluster.start({ size: 1 });
    await cluster.waitForLeader();
    await cluster.client().put('restored-key', Buffer.from('v'));
    const backup = join(dir, 'kv-raftkv-backup.rkv');
    expect(await runKvctl(['--endpoints', cluster.endpoints()[0]!, 'snapshot', 'save', backup], () => undefined, () => undefined)).toBe(0);

    const objects = helmTemplate({ 'restore.enabled': true, 'restore.claim': 'kv-raftkv-backups', 'restore.file': 'kv-raftkv-backup.rkv', clusterId: 'raftkv-restored' });
    const sts = findObject(objects, 'StatefulSet') as unknown as { spec: { template: { spec: { initContainers: InitContainer[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string; readOnly: boolean } }[] } } } };
    const pod = sts.spec.template.spec;
    expect(pod.volumes.find((v) => v.name === 'restore')?.persistentVolumeClaim).toEqual({ claimName: 'kv-raftkv-backups', readOnly: true });
    const init = pod.initContainers.find((c) => c.name === 'restore')!;
    // The init container's envFrom: both ConfigMaps (the initial cluster size lives apart from the rest).
    const fromConfigMaps = init.envFrom.map((source) => {
      const name = source.configMapRef.name;
      return (findObject(objects, 'ConfigMap', (o) => o.metadata.name === name) as unknown as { data: Record<string, string> }).data;
    });

    const dataDir = join(dir, 'pod-0', 'data');
    // The pod's environment: the ConfigMap, its namespace, its hostname; the claim's file at its local path.
    const env = {
      PATH: process.env.PATH ?? '',
      ...Object.assign({}, ...fromConfigMaps),
      RAFTKV_NAMESPACE: 'raftkv',
      RAFTKV_HOSTNAME: 'kv-raftkv-1',
      RAFTKV_DATA_DIR: dataDir,
      RESTORE_FILE: backup,
    };
    const [shell, ...args] = init.command;
    const first = spawnSync(shell!, args, { cwd: REPO_ROOT, env, encoding: 'utf8' });
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
    expect(first.stdout).toContain('member kv-raftkv-1 of new cluster "raftkv-restored" (voters kv-raftkv-0, kv-raftkv-1, kv-raftkv-2); 1 keys');
    expect(existsSync(join(dataDir, 'db', 'CURRENT'))).toBe(true);

    const again = spawnSync(shell!, args, { cwd: REPO_ROOT, env, encoding: 'utf8' });
    expect({ status: again.status, out: again.stdout.trim() }).toEqual({ status: 0, out: `restore: ${dataDir} holds data; not restoring` });
  });
});
