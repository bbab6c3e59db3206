/**
 * The chart's TLS values (issue #12 item 5): Secrets mounted and named in the
 * node's environment, probes, monitors and the helm test pod over TLS,
 * cert-manager objects whose certificates name the pods, a schema that refuses
 * TLS without certificates, and a kustomize component equal to the chart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { REPO_ROOT } from '../../support/process-cluster';
import { describeWithTools } from '../support/tools';
import { CHART_DIR, HELM, KUBECTL, findObject, helmTemplate, kustomize, provideK8sTools, run, setArgs, type K8sObject, type ValueSet } from './support/k8s-tools';
import { validateObjects } from './support/k8s-validate';

jest.setTimeout(120_000);
provideK8sTools();

interface Probe { httpGet?: { path: string; scheme?: string }; exec?: { command: string[] } }
interface Container {
  env: { name: string; value?: string }[];
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
  startupProbe: Probe; livenessProbe: Probe; readinessProbe: Probe;
}
interface PodSpec { containers: Container[]; volumes: { name: string; secret?: { secretName: string } }[] }
interface Endpoint { scheme?: string; tlsConfig?: Record<string, unknown> }

const SECRETS: ValueSet = { 'tls.client.enabled': true, 'tls.client.secretName': 'kv-client', 'tls.peer.enabled': true, 'tls.peer.secretName': 'kv-peer' };

function podSpec(objects: readonly K8sObject[]): PodSpec {
  return (findObject(objects, 'StatefulSet') as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
}
function envOf(c: Container): Record<string, string | undefined> {
  return Object.fromEntries(c.env.map((e) => [e.name, e.value]));
}
function testPod(objects: readonly K8sObject[]): PodSpec {
  return (findObject(objects, 'Pod') as unknown as { spec: PodSpec }).spec;
}
function lintFails(values: ValueSet): string {
  const r = run(HELM, ['lint', '--strict', CHART_DIR, ...setArgs(values)]);
  expect(r.status).not.toBe(0);
  return r.stdout + r.stderr;
}

describeWithTools('Helm chart TLS values', [HELM], () => {
  it('mounts both Secrets read-only and points the node at their files', () => {
    const objects = helmTemplate({ ...SECRETS, 'tls.peer.allowedCN': 'raftkv-peer', 'tls.peer.allowedHostname': 'kv-raftkv-headless.raftkv.svc.cluster.local' });
    const pod = podSpec(objects);
    const c = pod.containers[0] as Container;
    expect(pod.volumes).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'client-tls', secret: expect.objectContaining({ secretName: 'kv-client' }) }),
      expect.objectContaining({ name: 'peer-tls', secret: expect.objectContaining({ secretName: 'kv-peer' }) }),
    ]));
    expect(c.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'client-tls', mountPath: '/etc/raftkv/tls/client', readOnly: true },
      { name: 'peer-tls', mountPath: '/etc/raftkv/tls/peer', readOnly: true },
    ]));
    expect(envOf(c)).toMatchObject({
      RAFTKV_CERT_FILE: '/etc/raftkv/tls/client/tls.crt',
      RAFTKV_KEY_FILE: '/etc/raftkv/tls/client/tls.key',
      RAFTKV_TRUSTED_CA_FILE: '/etc/raftkv/tls/client/ca.crt',
      RAFTKV_CLIENT_CERT_AUTH: 'false',
      RAFTKV_PEER_CERT_FILE: '/etc/raftkv/tls/peer/tls.crt',
      RAFTKV_PEER_KEY_FILE: '/etc/raftkv/tls/peer/tls.key',
      RAFTKV_PEER_TRUSTED_CA_FILE: '/etc/raftkv/tls/peer/ca.crt',
      RAFTKV_PEER_CERT_ALLOWED_CN: 'raftkv-peer',
      RAFTKV_PEER_CERT_ALLOWED_HOSTNAME: 'kv-raftkv-headless.raftkv.svc.cluster.local',
    });
    expect(validateObjects(objects).problems).toEqual([]);
  });

  it('mounts nothing and sets no certificate variable without TLS values', () => {
    const c = podSpec(helmTemplate()).containers[0] as Container;
    expect(c.env.map((e) => e.name).filter((n) => /CERT|KEY_FILE|CA_FILE/.test(n))).toEqual([]);
    expect(c.volumeMounts.map((m) => m.name)).toEqual(['data', 'tmp']);
  });

  it('probes over HTTPS with client TLS, and from inside the pod with the mounted certificate when client certificates are required', () => {
    const https = podSpec(helmTemplate(SECRETS)).containers[0] as Container;
    for (const p of [https.startupProbe, https.livenessProbe, https.readinessProbe]) expect(p.httpGet?.scheme).toBe('HTTPS');
    expect(https.readinessProbe.httpGet?.path).toBe('/readyz');

    const mtls = podSpec(helmTemplate({ ...SECRETS, 'tls.client.clientCertAuth': true })).containers[0] as Container;
    expect(envOf(mtls).RAFTKV_CLIENT_CERT_AUTH).toBe('true');
    const script = (p: Probe): string => p.exec?.command.join(' ') ?? '';
    expect(mtls.readinessProbe.httpGet).toBeUndefined();
    expect(script(mtls.readinessProbe)).toMatch(/path:'\/readyz'/);
    expect(script(mtls.livenessProbe)).toMatch(/path:'\/healthz'/);
    expect(script(mtls.readinessProbe)).toContain("d='/etc/raftkv/tls/client/'");
    expect(script(mtls.readinessProbe)).toMatch(/cert:fs\.readFileSync\(d\+'tls\.crt'\).*key:fs\.readFileSync\(d\+'tls\.key'\)/);
  });

  it('has Prometheus scrape over HTTPS with the CA from the client Secret, and its certificate when client certificates are required', () => {
    const monitors = { 'metrics.serviceMonitor.enabled': true, 'metrics.podMonitor.enabled': true };
    const endpoint = (objects: readonly K8sObject[], kind: string): Endpoint => {
      const spec = (findObject(objects, kind) as unknown as { spec: { endpoints?: Endpoint[]; podMetricsEndpoints?: Endpoint[] } }).spec;
      return (spec.endpoints ?? spec.podMetricsEndpoints ?? [])[0] as Endpoint;
    };
    const plain = helmTemplate(monitors);
    expect(endpoint(plain, 'ServiceMonitor').tlsConfig).toBeUndefined();

    const serverOnly = helmTemplate({ ...monitors, ...SECRETS });
    for (const kind of ['ServiceMonitor', 'PodMonitor']) {
      const e = endpoint(serverOnly, kind);
      expect(e).toMatchObject({ scheme: 'https', tlsConfig: { ca: { secret: { name: 'kv-client', key: 'ca.crt' } }, serverName: 'kv-raftkv-0.kv-raftkv-headless.raftkv.svc.cluster.local' } });
      expect(e.tlsConfig?.cert).toBeUndefined();
    }
    const mutual = helmTemplate({ ...monitors, ...SECRETS, 'tls.client.clientCertAuth': true });
    for (const kind of ['ServiceMonitor', 'PodMonitor']) {
      expect(endpoint(mutual, kind).tlsConfig).toMatchObject({ cert: { secret: { name: 'kv-client', key: 'tls.crt' } }, keySecret: { name: 'kv-client', key: 'tls.key' } });
    }
  });

  it('runs the helm test pod with --cacert, and --cert/--key when client certificates are required, from the mounted Secret', () => {
    const flags = (values: ValueSet): string | undefined => envOf(testPod(helmTemplate(values)).containers[0] as Container).TLS_FLAGS;
    expect(flags({})).toBeUndefined();
    expect(flags(SECRETS)).toBe('--cacert /etc/raftkv/tls/client/ca.crt');
    expect(flags({ ...SECRETS, 'tls.client.clientCertAuth': true })).toBe('--cacert /etc/raftkv/tls/client/ca.crt --cert /etc/raftkv/tls/client/tls.crt --key /etc/raftkv/tls/client/tls.key');
    const pod = testPod(helmTemplate(SECRETS));
    expect(pod.volumes).toEqual([expect.objectContaining({ name: 'client-tls', secret: expect.objectContaining({ secretName: 'kv-client' }) })]);
    expect((pod.containers[0] as Container).volumeMounts).toEqual([{ name: 'client-tls', mountPath: '/etc/raftkv/tls/client', readOnly: true }]);
  });

  describe('with cert-manager', () => {
    type Cert = K8sObject & { spec: { secretName: string; dnsNames?: string[]; isCA?: boolean; issuerRef: { name: string; kind: string }; duration?: string; renewBefore?: string } };
    const certs = (objects: readonly K8sObject[]): Cert[] => objects.filter((o) => o.kind === 'Certificate') as Cert[];
    const values: ValueSet = { 'tls.client.enabled': true, 'tls.peer.enabled': true, 'tls.certManager.enabled': true };

    it('makes a self-signed root, a CA and node certificates naming every pod, stored in the Secrets the pods mount', () => {
      const objects = helmTemplate(values);
      expect(objects.filter((o) => o.kind === 'Issuer').map((o) => o.metadata.name).sort()).toEqual(['kv-raftkv-ca', 'kv-raftkv-selfsigned']);
      const byName = Object.fromEntries(certs(objects).map((c) => [c.metadata.name, c.spec]));
      expect(byName['kv-raftkv-ca']).toMatchObject({ isCA: true, issuerRef: { name: 'kv-raftkv-selfsigned' } });
      const podNames = ['*.kv-raftkv-headless.raftkv.svc.cluster.local', 'kv-raftkv-headless.raftkv.svc.cluster.local'];
      expect(byName['kv-raftkv-peer']).toMatchObject({ secretName: 'kv-raftkv-peer-tls', issuerRef: { name: 'kv-raftkv-ca', kind: 'Issuer' }, duration: '2160h', renewBefore: '360h' });
      expect(byName['kv-raftkv-peer']?.dnsNames).toEqual(expect.arrayContaining(podNames));
      // kvctl and the helm test dial the client Service: its name must be in the client certificate.
      expect(byName['kv-raftkv-client']?.dnsNames).toEqual(expect.arrayContaining([...podNames, 'kv-raftkv.raftkv.svc.cluster.local']));
      const volumes = podSpec(objects).volumes.map((v) => v.secret?.secretName).filter((n) => n !== undefined);
      expect(volumes.sort()).toEqual(['kv-raftkv-client-tls', 'kv-raftkv-peer-tls']);
      expect(validateObjects(objects).problems).toEqual([]);
    });

    it('uses the given issuer instead, and makes no issuer of its own', () => {
      const objects = helmTemplate({ ...values, 'tls.certManager.issuerRef.name': 'corp-ca', 'tls.certManager.issuerRef.kind': 'ClusterIssuer' });
      expect(objects.filter((o) => o.kind === 'Issuer')).toEqual([]);
      expect(certs(objects).map((c) => [c.metadata.name, c.spec.issuerRef.name, c.spec.issuerRef.kind])).toEqual([
        ['kv-raftkv-client', 'corp-ca', 'ClusterIssuer'],
        ['kv-raftkv-peer', 'corp-ca', 'ClusterIssuer'],
      ]);
    });

    it('makes nothing while no port has TLS', () => {
      expect(helmTemplate({ 'tls.certManager.enabled': true }).filter((o) => o.apiVersion.startsWith('cert-manager.io'))).toEqual([]);
    });
  });

  it('refuses client or peer TLS without a Secret unless cert-manager makes one (helm lint --strict)', () => {
    expect(lintFails({ 'tls.client.enabled': true })).toMatch(/tls\/client\/secretName/);
    expect(lintFails({ 'tls.peer.enabled': true })).toMatch(/tls\/peer\/secretName/);
    expect(lintFails({ ...SECRETS, 'tls.certManager.issuerRef.kind': 'Vault' })).toMatch(/issuerRef\/kind/);
    const ok = run(HELM, ['lint', '--strict', CHART_DIR, ...setArgs({ 'tls.client.enabled': true, 'tls.peer.enabled': true, 'tls.certManager.enabled': true })]);
    expect({ status: ok.status, output: ok.stdout + ok.stderr }).toMatchObject({ status: 0 });
  });
});

describeWithTools('k8s/overlays/tls kustomize component', [HELM, KUBECTL], () => {
  /** kustomize refuses absolute and cyclic roots, so the overlay a user writes lives beside k8s/ for the test. */
  function buildOverlay(): K8sObject[] {
    const dir = mkdtempSync(join(REPO_ROOT, '.raftkv-tls-overlay-'));
    try {
      writeFileSync(join(dir, 'kustomization.yaml'), `resources:\n  - ../k8s\ncomponents:\n  - ../k8s/overlays/tls\n`);
      return kustomize(join(REPO_ROOT, basename(dir)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('builds objects the Kubernetes schemas accept, with the same pod spec as the chart with both Secrets (release raftkv)', () => {
    const overlay = buildOverlay();
    expect(validateObjects(overlay).problems).toEqual([]);
    const chart = helmTemplate({ 'tls.client.enabled': true, 'tls.client.secretName': 'raftkv-client-tls', 'tls.peer.enabled': true, 'tls.peer.secretName': 'raftkv-peer-tls', 'tests.enabled': false }, 'raftkv');
    // A strategic merge patch puts new list items first; the order of volumes, mounts and (reference-free) variables means nothing.
    const byName = <T extends { name: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.name.localeCompare(b.name));
    const pick = (spec: PodSpec): unknown => ({
      volumes: byName(spec.volumes),
      containers: spec.containers.map((c) => ({ env: byName(c.env), volumeMounts: byName(c.volumeMounts), startupProbe: c.startupProbe, livenessProbe: c.livenessProbe, readinessProbe: c.readinessProbe })),
    });
    expect(pick(podSpec(overlay))).toEqual(pick(podSpec(chart)));
  });
});
