/**
 * Offline validation of rendered objects against the Kubernetes API schemas,
 * from the kubernetes-models package, in two passes:
 *  1. its compiled JSON-schema validators: types, required fields, enums;
 *  2. its TypeScript interfaces: every object becomes a typed object literal
 *     in a scratch file the TypeScript compiler checks, whose excess-property
 *     check rejects a field the API does not have (the JSON schemas allow
 *     unknown fields, as the API server did before field validation).
 * Custom resources (ServiceMonitor, PodMonitor, PrometheusRule, cert-manager's Certificate and Issuer) are not in the package; they
 * are reported as unchecked rather than passed silently.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../../../support/process-cluster';
import type { K8sObject } from './k8s-tools';

export const CUSTOM_RESOURCE_KINDS = new Set([
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PodMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
  'cert-manager.io/v1/Certificate',
  'cert-manager.io/v1/Issuer',
]);

/** The kubernetes-models module of an apiVersion and kind: `apps/v1` + `StatefulSet` → `kubernetes-models/apps/v1/StatefulSet`. */
function modelModule(o: K8sObject): string {
  return `kubernetes-models/${o.apiVersion}/${o.kind}`;
}

export interface ValidationReport {
  /** `<kind>/<name>: <problem>` lines; empty when all is well. */
  readonly problems: string[];
  /** Objects of kinds the package does not know (custom resources). */
  readonly unchecked: string[];
}

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

export function validateObjects(objects: readonly K8sObject[]): ValidationReport {
  const problems: string[] = [];
  const unchecked: string[] = [];
  const typed: { label: string; object: K8sObject }[] = [];
  for (const o of objects) {
    const label = `${o.kind}/${o.metadata?.name ?? '?'}`;
    if (CUSTOM_RESOURCE_KINDS.has(`${o.apiVersion}/${o.kind}`)) {
      unchecked.push(label);
      continue;
    }
    let Model: ModelClass | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Model = (require(modelModule(o)) as Record<string, ModelClass>)[o.kind];
    } catch {
      Model = undefined;
    }
    if (Model === undefined) {
      problems.push(`${label}: unknown apiVersion/kind ${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (err) {
      problems.push(`${label}: ${(err as Error).message.replace(/\s+/g, ' ')}`);
    }
    typed.push({ label, object: o });
  }
  problems.push(...typeCheck(typed));
  return { problems, unchecked };
}

/** Pass 2: one scratch .ts file, one typed constant per object, one compile. */
function typeCheck(items: readonly { label: string; object: K8sObject }[]): string[] {
  if (items.length === 0) return [];
  const dir = mkdtempSync(join(REPO_ROOT, 'node_modules', '.raftkv-k8s-validate-'));
  try {
    const file = join(dir, 'objects.ts');
    const lines = items.flatMap(({ object }, i) => [
      `import type { I${object.kind} as T${i} } from '${modelModule(object)}';`,
      `export const o${i}: T${i} = ${JSON.stringify(object, null, 1)};`,
    ]);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      types: [],
    });
    const source = program.getSourceFile(file);
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (d.file !== source || d.start === undefined || source === undefined) return `type check: ${text}`;
      // Name the object the diagnostic falls in.
      const line = source.getLineAndCharacterOfPosition(d.start).line;
      const before = source.text.split('\n').slice(0, line + 1).reverse().find((l) => l.startsWith('export const o'));
      const index = Number(/^export const o(\d+)/.exec(before ?? '')?.[1] ?? -1);
      return `${items[index]?.label ?? '?'}: ${text}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
