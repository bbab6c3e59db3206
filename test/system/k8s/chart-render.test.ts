/**
 * The Helm chart renders valid Kubernetes objects for the defaults and for
 * every optional feature, helm lint --strict passes, and values.schema.json
 * plus raftkv.validateValues refuse bad values before anything is applied.
 */
import { DEFAULTS, FLAGS, envName, type FlagName } from '../../../src/config';
import { describeWithTools } from '../support/tools';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHART_DIR, HELM, findObject, helmTemplate, helmTemplateFile, provideK8sTools, run, setArgs, type K8sObject, type ValueSet } from './support/k8s-tools';
import { validateObjects } from './support/k8s-validate';
import { containerArgv, imageDefaults, type ContainerSpec } from './support/pod-emulator';

jest.setTimeout(120_000);
provideK8sTools();

/** The chart's ci/*-values.yaml sets (chart-testing's convention): each is linted and rendered here. */
const CI_VALUE_FILES = readdirSync(join(CHART_DIR, 'ci')).filter((f) => f.endsWith('-values.yaml')).sort();

function renderFails(values: ValueSet): string {
  const r = run(HELM, ['template', 'kv', CHART_DIR, ...setArgs(values)]);
  expect(r.status).not.toBe(0);
  return r.stderr;
}

describeWithTools('Helm chart helm/raftkv', [HELM], () => {
  it('ships ci/*-values.yaml sets covering the defaults, every optional object, a single node, custom names, TLS from Secrets and TLS from cert-manager', () => {
    expect(CI_VALUE_FILES).toEqual(['all-objects-values.yaml', 'cert-manager-values.yaml', 'custom-values.yaml', 'default-values.yaml', 'single-node-values.yaml', 'tls-values.yaml']);
  });

  it.each(CI_VALUE_FILES)('passes helm lint --strict with ci/%s', (file) => {
    const r = run(HELM, ['lint', '--strict', CHART_DIR, '--values', join(CHART_DIR, 'ci', file)]);
    expect({ status: r.status, output: r.stdout + r.stderr }).toMatchObject({ status: 0 });
  });

  it.each(CI_VALUE_FILES)('renders objects the Kubernetes schemas accept with ci/%s', (file) => {
    const objects = helmTemplateFile(join(CHART_DIR, 'ci', file));
    const report = validateObjects(objects);
    expect(report.problems).toEqual([]);
    // Only the Prometheus Operator and cert-manager resources are outside the package's schemas.
    expect(report.unchecked.every((u) => /^(ServiceMonitor|PodMonitor|PrometheusRule|Certificate|Issuer)\//.test(u))).toBe(true);
  });

  it('renders the StatefulSet the issue asks for', () => {
    const objects = helmTemplate();
    const sts = findObject(objects, 'StatefulSet') as K8sObject & { spec: Record<string, never> };
    const spec = sts.spec as unknown as {
      replicas: number; podManagementPolicy: string; serviceName: string;
      template: { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> & { containers: Record<string, unknown>[] } };
      volumeClaimTemplates: unknown[];
    };
    expect(spec).toMatchObject({ replicas: 3, podManagementPolicy: 'Parallel', serviceName: 'kv-raftkv-headless' });
    expect(spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    expect(spec.volumeClaimTemplates).toHaveLength(1);
    const pod = spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const c = pod.containers[0] as Record<string, unknown>;
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c).toMatchObject({ livenessProbe: { httpGet: { path: '/healthz' } }, readinessProbe: { httpGet: { path: '/readyz' } }, startupProbe: { httpGet: { path: '/healthz' } } });
    const headless = findObject(objects, 'Service', (o) => o.metadata.name.endsWith('-headless')) as unknown as { spec: Record<string, unknown> };
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(findObject(objects, 'PodDisruptionBudget')).toMatchObject({ spec: { minAvailable: '51%' } });
  });

  describe('exposes the node settings of src/config.ts', () => {
    /** Flags each pod derives for itself (from its hostname, the namespace, DNS discovery), never set for all pods. */
    // --force-new-cluster too: it is for one surviving pod, once (docs/kubernetes.md, "Runbook: quorum lost").
    const PER_POD: readonly FlagName[] = ['id', 'peers', 'join', 'advertise-peer-addr', 'advertise-client-addr', 'hostname', 'namespace', 'force-new-cluster'];
    const env = (objects: ReturnType<typeof helmTemplate>): Record<string, string> => ({
      ...(findObject(objects, 'ConfigMap', (o) => o.metadata.name.endsWith('-env')) as unknown as { data: Record<string, string> }).data,
      ...(findObject(objects, 'ConfigMap', (o) => o.metadata.name.endsWith('-bootstrap')) as unknown as { data: Record<string, string> }).data,
    });

    it('sets every flag in the ConfigMap except those derived per pod', () => {
      const data = env(helmTemplate());
      // Certificate paths point into the Secrets the StatefulSet mounts only with tls.* values, so they are set there (chart-tls.test.ts), not here.
      const TLS: readonly FlagName[] = ['cert-file', 'key-file', 'trusted-ca-file', 'client-cert-auth', 'peer-cert-file', 'peer-key-file', 'peer-trusted-ca-file', 'peer-client-cert-auth', 'peer-cert-allowed-cn', 'peer-cert-allowed-hostname'];
      // Set only when given: the cluster id (else derived), the root password file (a Secret mounted with auth.enabled: chart-auth.test.ts).
      const OPTIONAL: readonly FlagName[] = ['cluster-id', 'bootstrap-root-password-file'];
      const missing = (Object.keys(FLAGS) as FlagName[]).filter((f) => !PER_POD.includes(f) && !TLS.includes(f) && !OPTIONAL.includes(f) && data[envName(f)] === undefined);
      expect(missing).toEqual([]);
      expect(env(helmTemplate({ clusterId: 'fixed' }))).toMatchObject({ RAFTKV_CLUSTER_ID: 'fixed', RAFTKV_INITIAL_CLUSTER_TOKEN: 'raftkv-cluster' });
    });

    it("defaults the tuning values to the binary's own defaults, and passes values through", () => {
      const data = env(helmTemplate());
      expect(data).toMatchObject({
        RAFTKV_LOG_FORMAT: DEFAULTS.logFormat,
        RAFTKV_SLOW_SYNC_MS: String(DEFAULTS.slowSyncMs),
        RAFTKV_SNAPSHOT_ENTRIES: String(DEFAULTS.snapshotEntries),
        RAFTKV_WATCH_HISTORY_REVISIONS: String(DEFAULTS.watchHistoryRevisions),
        RAFTKV_WATCH_PROGRESS_INTERVAL_MS: String(DEFAULTS.watchProgressIntervalMs),
      });
      const set = env(helmTemplate({ logFormat: 'pretty', slowSyncMs: 250, snapshotEntries: 500, watchHistoryRevisions: 20_000, watchProgressIntervalMs: 1000 }));
      expect(set).toMatchObject({
        RAFTKV_LOG_FORMAT: 'pretty',
        RAFTKV_SLOW_SYNC_MS: '250',
        RAFTKV_SNAPSHOT_ENTRIES: '500',
        RAFTKV_WATCH_HISTORY_REVISIONS: '20000',
        RAFTKV_WATCH_PROGRESS_INTERVAL_MS: '1000',
      });
    });

    it('renders large numbers from a values file as integers, never 1e+06', () => {
      // --set-json (like -f values.yaml) hands numbers to the template as float64.
      const json = ['snapshotEntries=1000000', 'watchHistoryRevisions=12345678', 'requestTimeoutMs=3600000'].flatMap((v) => ['--set-json', v]);
      const r = run(HELM, ['template', 'kv', CHART_DIR, ...json]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('RAFTKV_SNAPSHOT_ENTRIES: "1000000"');
      expect(r.stdout).toContain('RAFTKV_WATCH_HISTORY_REVISIONS: "12345678"');
      expect(r.stdout).toContain('RAFTKV_REQUEST_TIMEOUT_MS: "3600000"');
    });

    it("refuses values outside the binary's bounds (values.schema.json)", () => {
      expect(renderFails({ snapshotEntries: 5 })).toMatch(/snapshotEntries.*minimum/);
      expect(renderFails({ watchProgressIntervalMs: 1 })).toMatch(/watchProgressIntervalMs.*minimum/);
      expect(renderFails({ logFormat: 'xml' })).toMatch(/logFormat/);
    });
  });

  it('changes checksum/config, and so rolls the pods, when the configuration changes', () => {
    const checksum = (values: ValueSet): string =>
      (findObject(helmTemplate(values), 'StatefulSet') as unknown as { spec: { template: { metadata: { annotations: Record<string, string> } } } }).spec.template.metadata.annotations['checksum/config'] ?? '';
    expect(checksum({})).toBe(checksum({}));
    expect(checksum({ logLevel: 'debug' })).not.toBe(checksum({}));
  });

  it('scales by spec.replicas alone: a new replicaCount changes nothing in the pod template, so no pod rolls', () => {
    type Sts = { spec: { replicas: number; template: unknown } };
    const sts = (values: ValueSet): Sts => findObject(helmTemplate(values), 'StatefulSet') as unknown as Sts;
    expect(sts({ replicaCount: 5 }).spec.replicas).toBe(5);
    expect(sts({ replicaCount: 5 }).spec.template).toEqual(sts({ replicaCount: 3 }).spec.template);
    // The initial size lives in a ConfigMap of its own, read only by a pod with an empty data dir.
    const bootstrap = findObject(helmTemplate({ replicaCount: 5 }), 'ConfigMap', (o) => o.metadata.name.endsWith('-bootstrap')) as unknown as { data: Record<string, string> };
    expect(bootstrap.data).toEqual({ RAFTKV_INITIAL_CLUSTER_SIZE: '5' });
  });

  it('lets the pods read their own StatefulSet, and nothing else: a Role with get on it, bound to their ServiceAccount, and a mounted token', () => {
    const objects = helmTemplate({}, 'kv', 'store');
    const role = findObject(objects, 'Role') as unknown as { rules: unknown[] };
    expect(role.rules).toEqual([{ apiGroups: ['apps'], resources: ['statefulsets'], resourceNames: ['kv-raftkv'], verbs: ['get'] }]);
    const binding = findObject(objects, 'RoleBinding') as unknown as { roleRef: unknown; subjects: unknown[] };
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kv-raftkv' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kv-raftkv', namespace: 'store' }]);
    const pod = (findObject(objects, 'StatefulSet') as unknown as { spec: { template: { spec: { serviceAccountName: string; automountServiceAccountToken: boolean } } } }).spec.template.spec;
    expect(pod).toMatchObject({ serviceAccountName: 'kv-raftkv', automountServiceAccountToken: true });
    const off = helmTemplate({ 'scaling.followStatefulSet': false }, 'kv', 'store');
    expect(off.filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding')).toEqual([]);
  });

  it('labels the dashboard ConfigMap for the Grafana sidecar and embeds valid dashboard JSON', () => {
    const cm = findObject(helmTemplate({ 'dashboards.enabled': true }), 'ConfigMap', (o) => o.metadata.name.endsWith('-dashboard')) as unknown as {
      metadata: { labels: Record<string, string> }; data: Record<string, string>;
    };
    expect(cm.metadata.labels.grafana_dashboard).toBe('1');
    const dashboard = JSON.parse(cm.data['raftkv-cluster.json'] ?? '') as { title: string; panels: unknown[] };
    expect(dashboard.panels.length).toBeGreaterThan(0);
  });

  it('prints a grpcurl command through kubectl port-forward in NOTES.txt', () => {
    const r = run(HELM, ['install', 'kv', CHART_DIR, '--dry-run=client', '--namespace', 'raftkv']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kubectl --namespace raftkv port-forward svc/kv-raftkv 50051:50051');
    expect(r.stdout).toMatch(/grpcurl -plaintext -d '\{"key":"greeting","value":"aGVsbG8="\}' 127\.0\.0\.1:50051 raftkv\.kv\.v1\.KVService\/Put/);
  });

  it('has a helm test pod that puts and gets a key through the client Service', () => {
    const pod = findObject(helmTemplate(), 'Pod') as unknown as { metadata: { annotations: Record<string, string> }; spec: { containers: { command: string[]; env: { value: string }[] }[] } };
    expect(pod.metadata.annotations['helm.sh/hook']).toBe('test');
    const script = pod.spec.containers[0]?.command.join(' ') ?? '';
    expect(script).toMatch(/kvctl\.js --endpoints "\$ENDPOINT" \$TLS_FLAGS put/);
    expect(script).toMatch(/kvctl\.js --endpoints "\$ENDPOINT" \$TLS_FLAGS get/);
    expect(pod.spec.containers[0]?.env[0]?.value).toBe('kv-raftkv.raftkv.svc.cluster.local:50051');
  });

  describe('the container command line, as the kubelet builds it from the image and the container', () => {
    const container = (values: ValueSet): ContainerSpec =>
      (findObject(helmTemplate(values), 'StatefulSet') as unknown as { spec: { template: { spec: { containers: ContainerSpec[] } } } }).spec.template.spec.containers[0] as ContainerSpec;
    const image = imageDefaults();

    it('runs the image as built when nothing is overridden', () => {
      expect(containerArgv(container({}), image)).toEqual([...image.entrypoint, ...image.cmd]);
    });
    it('keeps tini and the raftkv command line in front of extraArgs', () => {
      expect(containerArgv(container({ 'extraArgs[0]': '--log-level=debug' }), image)).toEqual(['/usr/bin/tini', '--', 'node', 'dist/src/cli/raftkv.js', '--log-level=debug']);
    });
    it('puts a command override in place of the entrypoint, still followed by the raftkv command line', () => {
      const values = { 'command[0]': '/usr/bin/tini', 'command[1]': '-g', 'command[2]': '--', 'extraArgs[0]': '--log-format=json' };
      expect(containerArgv(container(values), image)).toEqual(['/usr/bin/tini', '-g', '--', 'node', 'dist/src/cli/raftkv.js', '--log-format=json']);
    });
  });

  describe('the helm test pod', () => {
    type Selecting = K8sObject & { spec: { selector?: Record<string, string> | { matchLabels: Record<string, string> }; podSelector?: { matchLabels: Record<string, string> } } };
    const matches = (labels: Record<string, string>, selector: Record<string, string>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);
    const podLabels = (objects: readonly K8sObject[]): Record<string, string> => (findObject(objects, 'Pod') as unknown as { metadata: { labels: Record<string, string> } }).metadata.labels;

    it('is selected by no Service, PodDisruptionBudget, StatefulSet or NetworkPolicy of the release', () => {
      const objects = helmTemplate({ 'networkPolicy.enabled': true });
      const labels = podLabels(objects);
      const selectors = (objects as Selecting[]).flatMap((o) => {
        const sel = o.kind === 'NetworkPolicy' ? o.spec.podSelector?.matchLabels : o.kind === 'Service' ? (o.spec.selector as Record<string, string> | undefined) : (o.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
        return sel === undefined ? [] : [{ object: `${o.kind}/${o.metadata.name}`, selects: matches(labels, sel) }];
      });
      expect(selectors.map((x) => x.object).sort()).toEqual(['NetworkPolicy/kv-raftkv', 'PodDisruptionBudget/kv-raftkv', 'Service/kv-raftkv', 'Service/kv-raftkv-headless', 'StatefulSet/kv-raftkv']);
      expect(selectors.filter((x) => x.selects)).toEqual([]);
    });

    it('may still reach the client port when the NetworkPolicy admits only chosen clients', () => {
      const objects = helmTemplate({ 'networkPolicy.enabled': true, 'networkPolicy.allowExternal': false });
      const labels = podLabels(objects);
      const policy = findObject(objects, 'NetworkPolicy') as unknown as { spec: { ingress: { ports: { port: number }[]; from?: { podSelector?: { matchLabels: Record<string, string> } }[] }[] } };
      const clientRule = policy.spec.ingress.find((r) => r.ports.some((p) => p.port === 50051));
      expect(clientRule?.from?.some((f) => f.podSelector !== undefined && matches(labels, f.podSelector.matchLabels))).toBe(true);
    });
  });

  it('renders the PodDisruptionBudget only when there is more than one pod: with one, it would block every node drain', () => {
    const pdbs = (values: ValueSet): K8sObject[] => helmTemplate(values).filter((o) => o.kind === 'PodDisruptionBudget');
    expect(pdbs({ replicaCount: 1, 'persistence.enabled': false })).toEqual([]);
    expect(pdbs({ replicaCount: 3 })).toHaveLength(1);
  });

  it('admits a Prometheus in another namespace on the HTTP port, and only there, when the NetworkPolicy is closed', () => {
    const objects = helmTemplate({
      'networkPolicy.enabled': true,
      'networkPolicy.allowExternal': false,
      'networkPolicy.metrics.namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name': 'monitoring',
      'networkPolicy.metrics.podSelector.matchLabels.app': 'prometheus',
    });
    const policy = findObject(objects, 'NetworkPolicy') as unknown as { spec: { ingress: { ports: { port: number }[]; from?: Record<string, unknown>[] }[] } };
    const scraperRules = policy.spec.ingress.filter((r) => r.from?.some((f) => f.namespaceSelector !== undefined));
    expect(scraperRules).toEqual([
      {
        ports: [{ port: 8080, protocol: 'TCP' }],
        // One peer: those pods in those namespaces (two peers would admit either).
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }],
      },
    ]);
  });

  it('fails helm lint --strict on what install refuses (Helm 4 reports a template fail only as INFO)', () => {
    const lint = (values: ValueSet): { status: number | null; output: string } => {
      const r = run(HELM, ['lint', '--strict', CHART_DIR, ...setArgs(values)]);
      return { status: r.status, output: r.stdout + r.stderr };
    };
    expect(lint({ replicaCount: 4 })).toMatchObject({ status: 1, output: expect.stringMatching(/\/replicaCount.*must be one of 1, 3, 5/) });
    expect(lint({ 'persistence.enabled': false })).toMatchObject({ status: 1, output: expect.stringMatching(/\/persistence\/enabled.*must be true/) });
    expect(lint({ replicaCount: 1, 'persistence.enabled': false }).status).toBe(0);
  });

  describe('refuses bad values at install time', () => {
    it('rejects a negative replica count (values.schema.json: odd numbers from 1 to 99)', () => {
      expect(renderFails({ replicaCount: -1 })).toMatch(/\/replicaCount.*must be one of 1, 3, 5/);
    });
    it('rejects an unknown key, at the top and nested (values.schema.json)', () => {
      expect(renderFails({ replicas: 3 })).toMatch(/additional properties 'replicas' not allowed/);
      expect(renderFails({ 'persistence.sise': '1Gi' })).toMatch(/\/persistence.*additional properties 'sise' not allowed/);
    });
    it('rejects a wrong type (values.schema.json)', () => {
      expect(renderFails({ tickMs: 'fast' })).toMatch(/tickMs/);
    });
    it('rejects an even replica count and a multi-pod cluster without persistence (values.schema.json)', () => {
      expect(renderFails({ replicaCount: 4 })).toMatch(/\/replicaCount.*must be one of 1, 3, 5/);
      expect(renderFails({ 'persistence.enabled': false })).toMatch(/\/persistence\/enabled.*must be true/);
    });
    it('rejects rules across values that a schema cannot express (raftkv.validateValues)', () => {
      expect(renderFails({ heartbeatTicks: 10 })).toMatch(/VALUES VALIDATION:[\s\S]*heartbeatTicks \(10\) must be less than electionTicks/);
      expect(renderFails({ 'startupProbe.failureThreshold': 2 })).toMatch(/VALUES VALIDATION:[\s\S]*must cover discoveryWaitMs/);
      expect(renderFails({ 'scaling.leaveTimeoutMs': 30_000 })).toMatch(/VALUES VALIDATION:[\s\S]*scaling.leaveTimeoutMs must be below terminationGracePeriodSeconds/);
    });
  });

  it('documents every key of values.yaml with ## @param', () => {
    const text = run('cat', [`${CHART_DIR}/values.yaml`]).stdout;
    const documented = new Set([...text.matchAll(/^\s*## @param (\S+)/gm)].map((m) => m[1]));
    // Walk the YAML's leaf keys (maps recursed unless empty; lists and scalars are leaves).
    const values = helmValues();
    const leaves: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
        for (const [k, child] of Object.entries(v)) walk(child, path === '' ? k : `${path}.${k}`);
      } else leaves.push(path);
    };
    walk(values, '');
    expect(leaves.filter((k) => !documented.has(k))).toEqual([]);
  });
});

function helmValues(): unknown {
  const r = run(HELM, ['show', 'values', CHART_DIR, '--output', 'json']);
  if (r.status === 0 && r.stdout.trim().startsWith('{')) return JSON.parse(r.stdout);
  // helm show values prints YAML
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('yaml') as typeof import('yaml')).parse(run(HELM, ['show', 'values', CHART_DIR]).stdout);
}

describeWithTools('the offline Kubernetes validator', [], () => {
  const good = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' },
    spec: { serviceName: 'h', selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  };
  it('accepts a well-formed object', () => {
    expect(validateObjects([good as unknown as K8sObject]).problems).toEqual([]);
  });
  it('rejects a misspelt field, nested deep in the pod template', () => {
    const bad = structuredClone(good) as typeof good & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    (bad.spec.template.spec.containers[0] as Record<string, unknown>).imagePullPolicyy = 'Always';
    expect(validateObjects([bad as unknown as K8sObject]).problems.join('\n')).toMatch(/StatefulSet\/s: .*'"imagePullPolicyy"' does not exist in type 'IContainer'/);
  });
  it('rejects a wrong type', () => {
    const bad = { ...good, spec: { ...good.spec, replicas: '3' } };
    expect(validateObjects([bad as unknown as K8sObject]).problems.join('\n')).toMatch(/StatefulSet\/s: .*replicas must be integer/);
  });
  it('rejects a missing required field', () => {
    const bad = { ...good, spec: { ...good.spec, selector: undefined } };
    expect(validateObjects([JSON.parse(JSON.stringify(bad)) as K8sObject]).problems.join('\n')).toMatch(/StatefulSet\/s: data\/spec must have required property selector/);
  });
});
