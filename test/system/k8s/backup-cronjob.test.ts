/**
 * The chart's scheduled backups (backup.enabled): a CronJob whose pod runs
 * `kvctl snapshot save` onto a claim and keeps the `retention` newest. The
 * job's own shell script, taken from the rendered CronJob, is run here as
 * the pod would run it (same working directory layout: dist/ under the
 * current directory), against a real raftkv process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKvctl } from '../../../src/cli/kvctl-program';
import { ProcessCluster, REPO_ROOT } from '../../support/process-cluster';
import { describeWithTools } from '../support/tools';
import { HELM, findObject, helmTemplate, provideK8sTools } from './support/k8s-tools';

jest.setTimeout(120_000);
provideK8sTools();

interface JobContainer {
  command: string[];
  env: { name: string; value: string }[];
  volumeMounts: { name: string; mountPath: string }[];
}
interface CronJob {
  spec: { schedule: string; concurrencyPolicy: string; jobTemplate: { spec: { template: { spec: { containers: JobContainer[]; volumes: { persistentVolumeClaim: { claimName: string } }[] } } } } };
}

describeWithTools('Helm chart: scheduled backups', [HELM], () => {
  let cluster: ProcessCluster | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'raftkv-backup-job-'));
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders no CronJob by default, and with backup.enabled a CronJob, its claim (kept on uninstall) and a NetworkPolicy rule admitting its pods', () => {
    expect(helmTemplate().filter((o) => o.kind === 'CronJob')).toEqual([]);
    const objects = helmTemplate({ 'backup.enabled': true, 'backup.schedule': '*/30 * * * *', 'networkPolicy.enabled': true, 'networkPolicy.allowExternal': false });
    const job = findObject(objects, 'CronJob') as unknown as CronJob;
    expect(job.spec).toMatchObject({ schedule: '*/30 * * * *', concurrencyPolicy: 'Forbid' });
    const claim = findObject(objects, 'PersistentVolumeClaim', (o) => o.metadata.name === 'kv-raftkv-backups');
    expect(claim.metadata).toMatchObject({ annotations: { 'helm.sh/resource-policy': 'keep' } });
    expect(job.spec.jobTemplate.spec.template.spec.volumes[0]?.persistentVolumeClaim.claimName).toBe('kv-raftkv-backups');
    expect(JSON.stringify(findObject(objects, 'NetworkPolicy'))).toContain('"app.kubernetes.io/component":"backup"');
    const existing = helmTemplate({ 'backup.enabled': true, 'backup.persistence.existingClaim': 'mine' });
    expect(existing.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
  });

  it("the job's script saves a verified backup from a running node and keeps only the `retention` newest", async () => {
    cluster = await ProcessCluster.start({ size: 1 });
    await cluster.waitForLeader();
    await cluster.client().put('backed-up', Buffer.from('yes'));

    const job = findObject(helmTemplate({ 'backup.enabled': true, 'backup.retention': 2 }), 'CronJob') as unknown as CronJob;
    const container = job.spec.jobTemplate.spec.template.spec.containers[0]!;
    const backups = join(dir, 'backups');
    rmSync(backups, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', backups]);
    // Two older backups already on the claim: after this run, the newest two of the three are kept.
    for (const [name, age] of [['kv-raftkv-old1.rkv', 7200], ['kv-raftkv-old2.rkv', 3600]] as const) {
      writeFileSync(join(backups, name), 'older backup');
      const when = new Date(Date.now() - age * 1000);
      utimesSync(join(backups, name), when, when);
    }
    const env: Record<string, string> = { ...Object.fromEntries(container.env.map((e) => [e.name, e.value])), ENDPOINT: cluster.endpoints()[0]!, BACKUP_DIR: backups };
    const [shell, ...args] = container.command;
    const r = spawnSync(shell!, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toContain('removed');

    const left = readdirSync(backups).sort();
    expect(left).toHaveLength(2);
    expect(left).toContain('kv-raftkv-old2.rkv');
    const fresh = left.find((f) => !f.includes('old'))!;
    expect(fresh).toMatch(/^kv-raftkv-\d{8}T\d{6}Z\.rkv$/);
    let out = '';
    expect(await runKvctl(['snapshot', 'status', join(backups, fresh), '-o', 'json'], (s) => (out += s), () => undefined)).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ keys: 1 });
  });
});
