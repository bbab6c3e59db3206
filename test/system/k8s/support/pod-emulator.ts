/**
 * Runs a rendered StatefulSet's pods as plain processes, the way the kubelet
 * would, with no container runtime:
 *  - each pod in its own network namespace, on a bridge in a namespace of its
 *    own, with an address from a private /24 that exists only in those
 *    namespaces;
 *  - its hostname set (`unshare --uts`), its volume bind-mounted at the
 *    volumeMount path (in a private mount namespace, over a tmpfs, so the host
 *    is untouched), run as runAsUser/runAsGroup (`setpriv`);
 *  - the command from the image's ENTRYPOINT/CMD (Dockerfile) overridden by
 *    the container's command/args, run as is: tini is PID 1 (or a stand-in,
 *    tini-standin.ts, where the host has none) and gets the signals, as in a
 *    container; the environment from envFrom ConfigMaps, env values, the
 *    downward API fields and $(VAR) references;
 *  - a dnsmasq answering `<pod>.<headless>.<ns>.svc.<domain>` as kube-dns does
 *    for a headless Service with publishNotReadyAddresses: a pod's record
 *    exists while the pod exists;
 *  - the test reaches the pods' ports through a forwarder in the bridge
 *    namespace listening on unix sockets in the temp dir (no address outside
 *    the test's namespaces);
 *  - a Kubernetes API (support/api-server.ts) at KUBERNETES_SERVICE_HOST:443,
 *    which the same forwarder carries to the test process, and, when the pod
 *    spec mounts a service account token, its token, CA and namespace at
 *    /var/run/secrets/kubernetes.io/serviceaccount, as the kubelet mounts them;
 *  - `scale(n)`: spec.replicas as the API reports it, and the pods the
 *    StatefulSet controller would start or delete (all at once: Parallel).
 * Everything is removed by close(): processes by PID, namespaces, temp files.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../../support/process-cluster';
import { waitFor } from '../../../support/wait';
import type { K8sObject } from './k8s-tools';
import { withTini } from './tini-standin';
import { EmulatedApiServer } from './api-server';

export interface ContainerSpec {
  readonly command?: string[];
  readonly args?: string[];
  readonly env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  readonly envFrom?: { configMapRef?: { name: string } }[];
  readonly ports: { name: string; containerPort: number }[];
  readonly volumeMounts: { name: string; mountPath: string }[];
}

interface PodSpec {
  readonly containers: ContainerSpec[];
  readonly automountServiceAccountToken?: boolean;
  readonly securityContext?: { runAsUser?: number; runAsGroup?: number };
}

/** ENTRYPOINT and CMD of the Dockerfile's last stage (exec form), and its WORKDIR. */
export function imageDefaults(dockerfile = join(REPO_ROOT, 'Dockerfile')): { entrypoint: string[]; cmd: string[]; workdir: string } {
  const text = readFileSync(dockerfile, 'utf8');
  const lastStage = text.slice(text.lastIndexOf('\nFROM '));
  const exec = (instr: string): string[] => {
    const m = new RegExp(`^${instr}\\s+(\\[.*\\])\\s*$`, 'm').exec(lastStage);
    return m === null ? [] : (JSON.parse(m[1] as string) as string[]);
  };
  const workdirs = [...lastStage.matchAll(/^WORKDIR\s+(\S+)/gm)].map((m) => m[1] as string);
  return { entrypoint: exec('ENTRYPOINT'), cmd: exec('CMD'), workdir: workdirs.pop() ?? '/' };
}

/** Kubernetes' rule: command replaces ENTRYPOINT (and drops CMD); args replace CMD. */
export function containerArgv(c: ContainerSpec, image: { entrypoint: string[]; cmd: string[] }): string[] {
  if (c.command !== undefined) return [...c.command, ...(c.args ?? [])];
  return [...image.entrypoint, ...(c.args ?? image.cmd)];
}

export interface EmulatedPod {
  readonly name: string;
  readonly ordinal: number;
  ip: string;
  process: ChildProcess | undefined;
  exited: Promise<number | null> | undefined;
  readonly volume: string;
  readonly logFile: string;
}

const SUBNET = '10.213.77';
const BRIDGE_IP = `${SUBNET}.1`;
const SA_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

export class StatefulSetEmulator {
  readonly root: string;
  readonly pods: EmulatedPod[] = [];
  readonly #prefix: string;
  readonly #sts: { name: string; namespace: string; serviceName: string; replicas: number; readonly pod: PodSpec };
  readonly #objects: readonly K8sObject[];
  #api: EmulatedApiServer | undefined;
  readonly #configMaps: Map<string, Record<string, string>>;
  readonly #domain: string;
  readonly #argv: string[];
  readonly #workdir: string;
  #dnsmasq: ChildProcess | undefined;
  #forwarder: ChildProcess | undefined;
  #nextHost = 10;
  readonly #etcNetnsExisted = existsSync('/etc/netns');
  #netnsCreated: string[] = [];

  /**
   * `objects` is the rendered chart; `clusterDomain` what kube-dns serves.
   * `workdir` maps the image's WORKDIR to a directory here (the repo, whose
   * dist/ and proto/ are what the image copies).
   */
  constructor(objects: readonly K8sObject[], opts: { clusterDomain: string; workdir: string }) {
    const sts = objects.find((o) => o.kind === 'StatefulSet') as (K8sObject & { spec: { replicas: number; serviceName: string; template: { spec: PodSpec } } }) | undefined;
    if (sts === undefined) throw new Error('no StatefulSet in the rendered objects');
    this.#sts = {
      name: sts.metadata.name,
      namespace: String(sts.metadata.namespace ?? 'default'),
      serviceName: sts.spec.serviceName,
      replicas: sts.spec.replicas,
      pod: sts.spec.template.spec,
    };
    this.#objects = objects;
    this.#configMaps = new Map(
      objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, (o as unknown as { data: Record<string, string> }).data]),
    );
    this.#domain = opts.clusterDomain;
    const image = imageDefaults();
    this.#argv = containerArgv(this.container, image);
    this.#workdir = opts.workdir;
    this.root = mkdtempSync(join(tmpdir(), 'raftkv-sts-'));
    this.#prefix = `rkv${process.pid % 100000}`;
  }

  get container(): ContainerSpec {
    const c = this.#sts.pod.containers[0];
    if (c === undefined) throw new Error('the StatefulSet has no container');
    return c;
  }

  get replicas(): number {
    return this.#sts.replicas;
  }

  /** The Kubernetes API the pods reach; what they asked is in `api.requests`. */
  get api(): EmulatedApiServer {
    if (this.#api === undefined) throw new Error('start() first');
    return this.#api;
  }

  /**
   * `kubectl scale` (or `helm upgrade --set replicaCount`): spec.replicas
   * changes at once; then, as the StatefulSet controller with Parallel pod
   * management, every pod at or past the new count is deleted (SIGTERM, all
   * together) and every missing one below it created. Resolves when the
   * deleted pods have exited, with their exit codes.
   */
  async scale(replicas: number, envOverrides: Readonly<Record<string, string>> = {}): Promise<(number | null)[]> {
    this.#sts.replicas = replicas;
    const gone = this.pods.filter((p) => p.ordinal >= replicas && p.process !== undefined);
    for (let i = 0; i < replicas; i += 1) {
      if (this.pods.find((p) => p.ordinal === i)?.process === undefined) this.startPod(i, envOverrides);
    }
    return Promise.all(gone.map((p) => this.stopPod(p.ordinal, 'SIGTERM')));
  }

  /** The container's argv as the kubelet builds it (ENTRYPOINT/CMD and command/args), for assertions. */
  get argv(): string[] {
    return [...this.#argv];
  }

  port(name: string): number {
    const p = this.container.ports.find((x) => x.name === name);
    if (p === undefined) throw new Error(`no container port ${name}`);
    return p.containerPort;
  }

  /** Creates the bridge namespace, the DNS server and the forwarder. */
  async start(): Promise<void> {
    const net = this.#ns('net');
    ip('netns', 'add', net);
    this.#netnsCreated.push(net);
    ip('-n', net, 'link', 'set', 'lo', 'up');
    ip('-n', net, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', net, 'addr', 'add', `${BRIDGE_IP}/24`, 'dev', 'br0');
    ip('-n', net, 'link', 'set', 'br0', 'up');
    writeFileSync(this.#hostsFile, '');
    this.#api = new EmulatedApiServer({ objects: this.#objects, namespace: this.#sts.namespace, root: this.root, address: BRIDGE_IP, replicas: () => this.#sts.replicas });
    await this.#api.listen();
    const log = openSync(join(this.root, 'dnsmasq.log'), 'a');
    this.#dnsmasq = spawn(
      'ip',
      ['netns', 'exec', net, 'dnsmasq', '--keep-in-foreground', '--no-resolv', '--no-hosts', `--addn-hosts=${this.#hostsFile}`,
        `--listen-address=${BRIDGE_IP}`, '--bind-interfaces', `--local=/${this.#domain}/`, '--no-negcache', '--user=root',
        '--pid-file=', '--log-queries', '--log-facility=-'],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    // A tiny TCP forwarder in the bridge namespace: <root>/<pod>.<port>.sock → <pod ip>:<port>, reading pod IPs per connection.
    const code = `
      const net = require('node:net'); const fs = require('node:fs');
      const [root, pods, ports] = [process.argv[1], JSON.parse(process.argv[2]), JSON.parse(process.argv[3])];
      for (const pod of pods) for (const port of ports) {
        net.createServer((c) => {
          let ip; try { ip = JSON.parse(fs.readFileSync(root + '/pod-ips.json', 'utf8'))[pod]; } catch {}
          if (!ip) return c.destroy();
          const u = net.connect(port, ip); c.pipe(u).pipe(c);
          u.on('error', () => c.destroy()); c.on('error', () => u.destroy());
        }).listen(root + '/' + pod + '.' + port + '.sock');
      }
      // The kubernetes Service: the bridge address, port 443, to the test's API server.
      net.createServer((c) => {
        const u = net.connect(root + '/apiserver.sock'); c.pipe(u).pipe(c);
        u.on('error', () => c.destroy()); c.on('error', () => u.destroy());
      }).listen(443, process.argv[4]);
      process.stdout.write('ready\\n');`;
    const names = Array.from({ length: 9 }, (_, i) => this.podName(i));
    this.#forwarder = spawn('ip', ['netns', 'exec', net, process.execPath, '-e', code, this.root, JSON.stringify(names), JSON.stringify([this.port('grpc'), this.port('http')]), BRIDGE_IP], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const forwarder = this.#forwarder;
    await new Promise<void>((resolve, reject) => {
      forwarder.stdout?.once('data', () => resolve());
      forwarder.once('exit', (code2) => reject(new Error(`forwarder exited ${code2}`)));
    });
    await waitFor('dnsmasq to listen', () => this.#dnsmasq?.exitCode === null && readFileSync(join(this.root, 'dnsmasq.log'), 'utf8').includes('started'), 5_000);
  }

  podName(ordinal: number): string {
    return `${this.#sts.name}-${ordinal}`;
  }

  fqdn(pod: string): string {
    return `${pod}.${this.#sts.serviceName}.${this.#sts.namespace}.svc.${this.#domain}`;
  }

  /** `unix:` endpoint of a pod's port, for gRPC clients in the test. */
  endpoint(pod: string, portName = 'grpc'): string {
    return `unix:${join(this.root, `${pod}.${this.port(portName)}.sock`)}`;
  }

  /** GET on a pod's HTTP port; resolves the status code. */
  async httpGet(pod: string, path: string): Promise<number> {
    return (await this.httpText(pod, path)).status;
  }

  /** GET on a pod's HTTP port; resolves the status code and the body. */
  httpText(pod: string, path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ socketPath: join(this.root, `${pod}.${this.port('http')}.sock`), path, timeout: 2_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.end();
    });
  }

  async waitReady(pod: string, timeoutMs = 60_000): Promise<void> {
    await waitFor(`${pod} /readyz`, async () => (await this.httpGet(pod, '/readyz').catch(() => 0)) === 200, timeoutMs, 100);
  }

  /**
   * Starts pod `ordinal` as the kubelet would (a new pod gets a new IP, the
   * volume is the pod's PVC, kept across restarts). Its DNS record appears as
   * the pod starts.
   */
  startPod(ordinal: number, envOverrides: Readonly<Record<string, string>> = {}): EmulatedPod {
    const name = this.podName(ordinal);
    let pod = this.pods.find((p) => p.name === name);
    if (pod?.process !== undefined) throw new Error(`${name} is running`);
    const ipAddr = `${SUBNET}.${this.#nextHost++}`;
    if (pod === undefined) {
      const volume = join(this.root, 'pvc', `data-${name}`);
      mkdirSync(volume, { recursive: true });
      const sc = this.#sts.pod.securityContext ?? {};
      chownSync(volume, sc.runAsUser ?? 0, sc.runAsGroup ?? 0); // fsGroup's effect on a fresh volume
      pod = { name, ordinal, ip: ipAddr, process: undefined, exited: undefined, volume, logFile: join(this.root, `${name}.log`) };
      this.pods.push(pod);
    }
    pod.ip = ipAddr;
    const ns = this.#podNetns(pod);
    this.#publish();

    // envOverrides stand for a re-rendered pod template (helm upgrade with other values).
    const env = { ...this.#env(pod), ...envOverrides };
    const mountPath = this.container.volumeMounts.find((m) => m.name === 'data')?.mountPath ?? '/var/lib/raftkv';
    const sc = this.#sts.pod.securityContext ?? {};
    const setup = [
      'set -e',
      `hostname "$POD_HOSTNAME"`,
      // The kubelet's service account mount (over a tmpfs on /run, private to the pod, so the host is untouched).
      ...(this.#mountsToken
        ? ['mount -t tmpfs -o mode=0755 tmpfs /run', `mkdir -p ${SA_MOUNT}`, `mount --bind "$POD_SA_DIR" ${SA_MOUNT}`, `mount -o remount,bind,ro ${SA_MOUNT}`]
        : []),
      `mount -t tmpfs tmpfs ${dirname(mountPath)}`,
      `mkdir -p ${mountPath}`,
      `mount --bind "$POD_VOLUME" ${mountPath}`,
      // The image's /app, assembled from the checkout's runtime folders bind-mounted
      // one by one: the pod's user reaches them even when the checkout itself
      // (or a parent) is private, as a clone into \`mktemp -d\` (0700) is.
      'mount -t tmpfs -o mode=0755 tmpfs /mnt',
      'for d in dist proto node_modules; do mkdir -p /mnt/app/$d; mount --bind "$POD_WORKDIR/$d" /mnt/app/$d; done',
      'cp "$POD_WORKDIR/package.json" /mnt/app/',
      'cd /mnt/app',
      `exec setpriv --reuid=${sc.runAsUser ?? 0} --regid=${sc.runAsGroup ?? 0} --clear-groups "$@"`,
    ].join('\n');
    const fd = openSync(pod.logFile, 'a');
    // The exec chain (ip netns exec, unshare, sh, setpriv) ends in the container's PID 1: signals sent to child reach it alone.
    const child = spawn('ip', ['netns', 'exec', ns, 'unshare', '--uts', '--mount', '--propagation', 'private', 'sh', '-c', setup, 'pod', ...withTini(this.#argv, process.execPath)], {
      stdio: ['ignore', fd, fd],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env, POD_HOSTNAME: name, POD_VOLUME: pod.volume, POD_WORKDIR: this.#workdir, POD_SA_DIR: this.api.serviceAccountDir },
    });
    closeSync(fd);
    const started = pod;
    started.process = child;
    started.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        // A container ends with its PID 1: the kernel kills whatever else runs in its PID
        // namespace (here raftkv, when tini was the one killed). The pod's processes are
        // those in its network namespace.
        void killRemaining(ns).finally(() => {
          started.process = undefined;
          resolveExit(code ?? (signal === null ? null : 128));
        });
      });
    });
    return started;
  }

  /** `kubectl delete pvc`: the stopped pod's next start gets an empty volume. */
  deleteVolume(ordinal: number): void {
    const pod = this.pods.find((p) => p.ordinal === ordinal);
    if (pod === undefined) return;
    if (pod.process !== undefined) throw new Error(`${pod.name} is running`);
    rmSync(pod.volume, { recursive: true, force: true });
    mkdirSync(pod.volume, { recursive: true });
    const sc = this.#sts.pod.securityContext ?? {};
    chownSync(pod.volume, sc.runAsUser ?? 0, sc.runAsGroup ?? 0);
  }

  /** SIGTERM (a graceful delete or a rolling update) or SIGKILL (a lost node); the pod, its IP and its DNS record go. */
  async stopPod(ordinal: number, signal: NodeJS.Signals, graceMs = 30_000): Promise<number | null> {
    const pod = this.pods.find((p) => p.ordinal === ordinal);
    const child = pod?.process;
    if (pod === undefined || child === undefined) return null;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs); // terminationGracePeriodSeconds
    try {
      return (await pod.exited) ?? null;
    } finally {
      clearTimeout(timer);
      this.#unpublish(pod);
    }
  }

  /**
   * A network partition of one pod's Raft traffic: packets to and from the
   * peer port are dropped (no RST, as on a real partition), while the test
   * still reaches its client and HTTP ports.
   */
  isolatePeers(ordinal: number): void {
    const ns = this.#ns(`p${ordinal}`);
    const port = String(this.port('peer'));
    for (const [chain, dir] of [['INPUT', '--dport'], ['INPUT', '--sport'], ['OUTPUT', '--dport'], ['OUTPUT', '--sport']] as const) {
      run('ip', 'netns', 'exec', ns, 'iptables', '-w', '-A', chain, '-p', 'tcp', dir, port, '-j', 'DROP');
    }
  }

  /** Heals isolatePeers. */
  healPeers(ordinal: number): void {
    run('ip', 'netns', 'exec', this.#ns(`p${ordinal}`), 'iptables', '-w', '-F');
  }

  logs(pod: string): string {
    const p = this.pods.find((x) => x.name === pod);
    return p !== undefined && existsSync(p.logFile) ? readFileSync(p.logFile, 'utf8') : '';
  }

  async close(): Promise<void> {
    await Promise.all(this.pods.map((p) => this.stopPod(p.ordinal, 'SIGKILL')));
    await this.#api?.close();
    for (const child of [this.#forwarder, this.#dnsmasq]) {
      if (child?.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
    }
    for (const ns of this.#netnsCreated.reverse()) {
      spawnSync('ip', ['netns', 'del', ns]);
      rmSync(join('/etc/netns', ns), { recursive: true, force: true });
    }
    this.#netnsCreated = [];
    // Remove /etc/netns itself when this test created it and left it empty.
    if (!this.#etcNetnsExisted && existsSync('/etc/netns') && readdirSync('/etc/netns').length === 0) rmSync('/etc/netns', { recursive: true });
    if (process.env.KEEP_TEST_DATA === undefined) rmSync(this.root, { recursive: true, force: true });
  }

  /** automountServiceAccountToken: the pod's, else its ServiceAccount's, else true (Kubernetes' default). */
  get #mountsToken(): boolean {
    const pod = this.#sts.pod.automountServiceAccountToken;
    if (pod !== undefined) return pod;
    const sa = this.#objects.find((o) => o.kind === 'ServiceAccount') as (K8sObject & { automountServiceAccountToken?: boolean }) | undefined;
    return sa?.automountServiceAccountToken ?? true;
  }

  get #hostsFile(): string {
    return join(this.root, 'kube-dns.hosts');
  }

  #ns(suffix: string): string {
    return `${this.#prefix}-${suffix}`;
  }

  /** The pod's network namespace, wired to the bridge with its current IP; a new pod gets a fresh one. */
  #podNetns(pod: EmulatedPod): string {
    const ns = this.#ns(`p${pod.ordinal}`);
    const veth = `${this.#prefix.slice(-6)}v${pod.ordinal}`;
    if (this.#netnsCreated.includes(ns)) {
      spawnSync('ip', ['netns', 'del', ns]);
      this.#netnsCreated = this.#netnsCreated.filter((n) => n !== ns);
    }
    ip('netns', 'add', ns);
    this.#netnsCreated.push(ns);
    mkdirSync(join('/etc/netns', ns), { recursive: true });
    writeFileSync(join('/etc/netns', ns, 'resolv.conf'), `nameserver ${BRIDGE_IP}\noptions timeout:1 attempts:2\n`);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', veth, 'netns', this.#ns('net'));
    ip('-n', ns, 'addr', 'add', `${pod.ip}/24`, 'dev', 'eth0');
    ip('-n', ns, 'link', 'set', 'eth0', 'up');
    ip('-n', this.#ns('net'), 'link', 'set', veth, 'master', 'br0');
    ip('-n', this.#ns('net'), 'link', 'set', veth, 'up');
    return ns;
  }

  /** The environment the kubelet gives the container. */
  #env(pod: EmulatedPod): Record<string, string> {
    const env: Record<string, string> = {};
    for (const from of this.container.envFrom ?? []) {
      const name = from.configMapRef?.name;
      const data = name === undefined ? undefined : this.#configMaps.get(name);
      if (data === undefined) throw new Error(`envFrom names a ConfigMap that is not rendered: ${name}`);
      Object.assign(env, data);
    }
    // The kubelet gives every container the kubernetes Service's address.
    Object.assign(env, { KUBERNETES_SERVICE_HOST: BRIDGE_IP, KUBERNETES_SERVICE_PORT: '443' });
    const fields: Record<string, string> = { 'metadata.name': pod.name, 'metadata.namespace': this.#sts.namespace, 'status.podIP': pod.ip };
    for (const e of this.container.env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v: string) => env[v] ?? m);
      else if (e.valueFrom?.fieldRef !== undefined) {
        const v = fields[e.valueFrom.fieldRef.fieldPath];
        if (v === undefined) throw new Error(`unsupported fieldRef ${e.valueFrom.fieldRef.fieldPath}`);
        env[e.name] = v;
      } else throw new Error(`unsupported env source for ${e.name}`);
    }
    return env;
  }

  /** kube-dns: one A record per existing pod; dnsmasq re-reads the file on SIGHUP. */
  #publish(): void {
    const live = this.pods.filter((p) => p.ip !== '');
    writeFileSync(this.#hostsFile, live.map((p) => `${p.ip} ${this.fqdn(p.name)}\n`).join(''));
    writeFileSync(join(this.root, 'pod-ips.json'), JSON.stringify(Object.fromEntries(live.map((p) => [p.name, p.ip]))));
    this.#dnsmasq?.kill('SIGHUP');
  }

  #unpublish(pod: EmulatedPod): void {
    pod.ip = '';
    this.#publish();
  }
}

/** SIGKILLs every process left in a network namespace and waits until none is. */
async function killRemaining(ns: string): Promise<void> {
  const pids = (): number[] =>
    spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.trim() !== '').map(Number);
  await waitFor(`the processes left in ${ns} to exit`, () => {
    const left = pids();
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    return left.length === 0;
  }, 10_000, 20);
}

function ip(...args: string[]): void {
  run('ip', ...args);
}

function run(command: string, ...args: string[]): void {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr.trim()}`);
}
