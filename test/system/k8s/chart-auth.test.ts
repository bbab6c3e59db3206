/**
 * The chart's auth values (issue #12): auth on from the first start with
 * root's password from an existing Secret. The password is only ever a
 * mounted file: never in values, the ConfigMap or an environment variable;
 * the node, the helm test pod and the backup job read it from there.
 */
import { describeWithTools } from '../support/tools';
import { findObject, helmTemplate, HELM, provideK8sTools, run, CHART_DIR, setArgs, type K8sObject, type ValueSet } from './support/k8s-tools';
import { validateObjects } from './support/k8s-validate';

jest.setTimeout(120_000);
provideK8sTools();

interface Container { command?: string[]; env?: { name: string; value?: string; valueFrom?: unknown }[]; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] }
interface PodSpec { containers: Container[]; volumes?: { name: string; secret?: { secretName: string; items?: { key: string; path: string }[] } }[]; securityContext?: { fsGroup?: number } }

const AUTH: ValueSet = { 'auth.enabled': true, 'auth.rootPasswordSecret.name': 'kv-root', 'auth.rootPasswordSecret.key': 'pw', 'tests.enabled': true, 'backup.enabled': true };
const SECRET_VOLUME = { name: 'root-password', secret: { secretName: 'kv-root', items: [{ key: 'pw', path: 'root-password' }], defaultMode: 288 } };
const MOUNT = { name: 'root-password', mountPath: '/etc/raftkv/auth', readOnly: true };

const stsPod = (o: readonly K8sObject[]): PodSpec => (findObject(o, 'StatefulSet') as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
const testPod = (o: readonly K8sObject[]): PodSpec => (findObject(o, 'Pod') as unknown as { spec: PodSpec }).spec;
const backupPod = (o: readonly K8sObject[]): PodSpec => (findObject(o, 'CronJob') as unknown as { spec: { jobTemplate: { spec: { template: { spec: PodSpec } } } } }).spec.jobTemplate.spec.template.spec;

describeWithTools('Helm chart auth values', [HELM], () => {
  it('mounts the Secret key as a file and points the node at it; nothing of it in the ConfigMaps', () => {
    const objects = helmTemplate(AUTH);
    const pod = stsPod(objects);
    const node = pod.containers[0]!;
    expect(pod.volumes).toContainEqual(SECRET_VOLUME);
    expect(node.volumeMounts).toContainEqual(MOUNT);
    expect(node.env).toContainEqual({ name: 'RAFTKV_BOOTSTRAP_ROOT_PASSWORD_FILE', value: '/etc/raftkv/auth/root-password' });
    for (const cm of objects.filter((o) => o.kind === 'ConfigMap' && !o.metadata.name.endsWith('-dashboards'))) {
      expect(JSON.stringify(cm)).not.toMatch(/kv-root|root-password|BOOTSTRAP_ROOT/);
    }
    // Only a Secret reference, no value anywhere: the chart creates no Secret of its own.
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(validateObjects(objects).problems).toEqual([]);
  });

  it('helm test and the backup job log in as root from the same mounted file', () => {
    const objects = helmTemplate(AUTH);
    for (const pod of [testPod(objects), backupPod(objects)]) {
      expect(pod.volumes).toContainEqual(SECRET_VOLUME);
      expect(pod.containers[0]!.volumeMounts).toContainEqual(MOUNT);
      expect(pod.containers[0]!.command?.join('\n')).toContain('RAFTKV_USER="root:$(cat /etc/raftkv/auth/root-password)"; export RAFTKV_USER');
      // The Secret's file is group-readable (0440) by fsGroup, the pod's non-root user's group.
      expect(pod.securityContext?.fsGroup).toBe(10001);
    }
  });

  it('renders nothing of it with auth off (the default)', () => {
    const objects = helmTemplate({ 'tests.enabled': true, 'backup.enabled': true });
    expect(JSON.stringify(objects)).not.toMatch(/root-password|BOOTSTRAP_ROOT|RAFTKV_USER/);
  });

  it('refuses auth without a Secret, and a malformed Secret name, before anything is applied', () => {
    // helm template, as install does (Helm 4's lint reports a template fail only as INFO).
    const fails = (values: ValueSet): string => {
      const r = run(HELM, ['template', 'kv', CHART_DIR, ...setArgs(values)]);
      expect(r.status).not.toBe(0);
      return r.stdout + r.stderr;
    };
    expect(fails({ 'auth.enabled': true })).toMatch(/VALUES VALIDATION:[\s\S]*auth.enabled needs auth.rootPasswordSecret.name/);
    expect(fails({ 'auth.enabled': true, 'auth.rootPasswordSecret.name': 'Not_A_Name' })).toMatch(/\/auth\/rootPasswordSecret\/name/);
    expect(run(HELM, ['lint', '--strict', CHART_DIR, ...setArgs(AUTH)]).status).toBe(0);
  });
});
