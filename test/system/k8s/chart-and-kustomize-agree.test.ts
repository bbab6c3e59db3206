/**
 * k8s/ (kustomize) and the chart's defaults describe the same cluster: the
 * StatefulSet, both Services, the PDB, the Role the pods read their
 * StatefulSet with, and the environment every pod gets.
 */
import { describeWithTools } from '../support/tools';
import { HELM, KUBECTL, helmTemplate, kustomize, provideK8sTools, type K8sObject } from './support/k8s-tools';
import { validateObjects } from './support/k8s-validate';

jest.setTimeout(60_000);
provideK8sTools();

type Obj = K8sObject & { spec?: Record<string, unknown>; data?: Record<string, string>; rules?: unknown; roleRef?: unknown; subjects?: unknown };

/** The parts of each object that make the cluster what it is, free of Helm's and kustomize's own labels and names. */
function essentials(objects: readonly K8sObject[]): Record<string, unknown> {
  const byKind = (kind: string, pred: (o: Obj) => boolean = () => true): Obj[] => (objects as Obj[]).filter((o) => o.kind === kind && pred(o));
  const env = Object.assign({}, ...byKind('ConfigMap').map((c) => c.data)) as Record<string, string>;
  const sts = byKind('StatefulSet')[0] as Obj;
  const spec = structuredClone(sts.spec) as {
    template: { metadata: { labels?: Record<string, string>; annotations?: unknown }; spec: { containers: { envFrom?: unknown; image?: string }[] } };
    selector: unknown;
  };
  delete spec.template.metadata.annotations; // checksum/config (chart) vs generated ConfigMap name (kustomize)
  for (const c of spec.template.spec.containers) delete c.envFrom;
  spec.template.metadata.labels = pick(spec.template.metadata.labels ?? {});
  const services = byKind('Service')
    .map((s) => ({ headless: s.spec?.clusterIP === 'None', spec: s.spec }))
    .sort((a, b) => Number(a.headless) - Number(b.headless));
  const pdb = byKind('PodDisruptionBudget').map((p) => p.spec);
  // A subject's namespace is the release's (chart) or the overlay's `namespace:` (kustomize).
  const subjects = (o: Obj): unknown => (o.subjects as { namespace?: string }[] | undefined)?.map(({ namespace: _ns, ...s }) => s);
  const rbac = [...byKind('Role'), ...byKind('RoleBinding')].map((o) => ({ kind: o.kind, name: o.metadata.name, rules: o.rules, roleRef: o.roleRef, subjects: subjects(o) }));
  return { env, statefulSet: spec, services, pdb, rbac, kinds: objects.map((o) => o.kind).sort() };
}

function pick(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !['helm.sh/chart', 'app.kubernetes.io/managed-by'].includes(k)));
}

describeWithTools('k8s/ kustomize base', [HELM, KUBECTL], () => {
  it('builds offline into objects the Kubernetes schemas accept', () => {
    expect(validateObjects(kustomize()).problems).toEqual([]);
  });

  it("equals the chart's defaults (release raftkv) in every essential", () => {
    const chart = helmTemplate({ 'tests.enabled': false }, 'raftkv').filter((o) => o.kind !== 'Pod');
    const plain = kustomize();
    for (const o of [...chart, ...plain]) delete (o.metadata as { namespace?: string }).namespace;
    expect(essentials(plain)).toEqual(essentials(chart));
  });
});
