/**
 * Enough of a Kubernetes API server for the StatefulSet emulation: HTTPS with
 * a CA the pods get in their service account mount, bearer-token
 * authentication of the release's ServiceAccount, RBAC from the rendered
 * Roles and RoleBindings, and the one read the chart grants:
 * GET /apis/apps/v1/namespaces/<ns>/statefulsets/<name>, answering the
 * rendered StatefulSet with the replica count the test set. Anything the
 * Role does not grant answers 403 as the real API does, so a chart that
 * grants too little fails here; every request is recorded, so a test can
 * check what was asked.
 *
 * It listens on a unix socket in the test's temp dir; the emulator's
 * forwarder, in the bridge namespace, exposes it to the pods at the address
 * KUBERNETES_SERVICE_HOST names (as the kubernetes Service does).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import type { K8sObject } from './k8s-tools';

interface Rule {
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly resourceNames?: string[];
  readonly verbs?: string[];
}

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly user: string;
  readonly status: number;
}

export class EmulatedApiServer {
  readonly requests: ApiRequest[] = [];
  readonly socketPath: string;
  /** What the pods find in /var/run/secrets/kubernetes.io/serviceaccount. */
  readonly serviceAccountDir: string;
  readonly #server: Server;
  readonly #token = `token-${process.pid}-${Date.now()}`;
  readonly #objects: readonly K8sObject[];
  readonly #namespace: string;
  readonly #serviceAccount: string;
  readonly #replicas: () => number;

  /**
   * `objects` is the rendered chart; `address` the IP the pods dial (the
   * certificate names it); `replicas` the StatefulSet's spec.replicas now.
   */
  constructor(opts: { objects: readonly K8sObject[]; namespace: string; root: string; address: string; replicas: () => number }) {
    this.#objects = opts.objects;
    this.#namespace = opts.namespace;
    this.#replicas = opts.replicas;
    const sts = opts.objects.find((o) => o.kind === 'StatefulSet') as (K8sObject & { spec: { template: { spec: { serviceAccountName?: string } } } }) | undefined;
    this.#serviceAccount = sts?.spec.template.spec.serviceAccountName ?? 'default';
    const key = join(opts.root, 'apiserver.key');
    const cert = join(opts.root, 'apiserver.crt');
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
      '-days', '1', '-subj', '/CN=kubernetes', '-addext', `subjectAltName=IP:${opts.address},DNS:kubernetes.default.svc`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
    this.serviceAccountDir = join(opts.root, 'serviceaccount');
    mkdirSync(this.serviceAccountDir, { recursive: true });
    writeFileSync(join(this.serviceAccountDir, 'token'), this.#token, { mode: 0o644 });
    writeFileSync(join(this.serviceAccountDir, 'ca.crt'), readFileSync(cert), { mode: 0o644 });
    writeFileSync(join(this.serviceAccountDir, 'namespace'), opts.namespace, { mode: 0o644 });
    this.socketPath = join(opts.root, 'apiserver.sock');
    this.#server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const user = req.headers.authorization === `Bearer ${this.#token}` ? `system:serviceaccount:${this.#namespace}:${this.#serviceAccount}` : 'system:anonymous';
      const { status, body } = this.#answer(req.method ?? 'GET', path, user);
      this.requests.push({ method: req.method ?? 'GET', path, user, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.socketPath, () => resolve());
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.closeAllConnections();
      this.#server.close(() => resolve());
    });
  }

  #answer(method: string, path: string, user: string): { status: number; body: object } {
    const m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/statefulsets\/([^/]+)$/.exec(path);
    const verb = method === 'GET' ? 'get' : method.toLowerCase();
    if (m === null) return status(404, 'NotFound', `the server could not find the requested resource (${method} ${path})`);
    const [, ns, name] = m as unknown as [string, string, string];
    if (!this.#allowed(user, ns, { apiGroup: 'apps', resource: 'statefulsets', name, verb })) {
      return status(403, 'Forbidden', `statefulsets.apps "${name}" is forbidden: User "${user}" cannot ${verb} resource "statefulsets" in API group "apps" in the namespace "${ns}"`);
    }
    const sts = this.#objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === name && ns === this.#namespace) as (K8sObject & { spec: object }) | undefined;
    if (sts === undefined) return status(404, 'NotFound', `statefulsets.apps "${name}" not found`);
    const replicas = this.#replicas();
    return { status: 200, body: { ...sts, metadata: { ...sts.metadata, namespace: ns }, spec: { ...sts.spec, replicas }, status: { replicas } } };
  }

  /** RBAC as the API server evaluates it, for the Roles and RoleBindings rendered in this namespace. */
  #allowed(user: string, ns: string, what: { apiGroup: string; resource: string; name: string; verb: string }): boolean {
    if (ns !== this.#namespace) return false;
    const prefix = 'system:serviceaccount:';
    if (!user.startsWith(prefix)) return false;
    const [saNs, sa] = user.slice(prefix.length).split(':');
    const bindings = this.#objects.filter((o) => o.kind === 'RoleBinding') as (K8sObject & { roleRef: { kind: string; name: string }; subjects?: { kind: string; name: string; namespace?: string }[] })[];
    const roles = bindings
      .filter((b) => b.roleRef.kind === 'Role' && (b.subjects ?? []).some((s) => s.kind === 'ServiceAccount' && s.name === sa && (s.namespace ?? ns) === saNs))
      .map((b) => this.#objects.find((o) => o.kind === 'Role' && o.metadata.name === b.roleRef.name) as (K8sObject & { rules: Rule[] }) | undefined);
    const has = (list: string[] | undefined, v: string): boolean => list !== undefined && (list.includes(v) || list.includes('*'));
    return roles.some((role) => (role?.rules ?? []).some((r) =>
      has(r.apiGroups, what.apiGroup) && has(r.resources, what.resource) && has(r.verbs, what.verb) && (r.resourceNames === undefined || r.resourceNames.includes(what.name))));
  }
}

function status(code: number, reason: string, message: string): { status: number; body: object } {
  return { status: code, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code } };
}
