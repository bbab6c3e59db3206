/**
 * Real raftkv processes on 127.0.0.1 with real disks, for the integration and
 * system tiers. Each node logs to a file in the cluster's temp dir; the
 * harness stops every process it started, by PID, and removes the temp dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { KvClient } from '../../src/cli/kv-client';
import { channelCredentials } from '../../src/security/tls-credentials';
import { freePorts } from './ports';
import { waitFor } from './wait';
import type { CertFiles, TestPki } from './test-pki';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const RAFTKV_BIN = join(REPO_ROOT, 'dist', 'src', 'cli', 'raftkv.js');

export interface ProcessNode {
  readonly id: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly httpPort: number;
  readonly dataDir: string;
  readonly logFile: string;
  /** Started with --join <this client address> instead of --peers. */
  readonly join?: string;
  process: ChildProcess | undefined;
  exited: Promise<number | null> | undefined;
}

export interface ClusterOptions {
  readonly size?: number;
  /** Extra flags for every node. */
  readonly extraArgs?: readonly string[];
  readonly tickMs?: number;
  /**
   * Secure every port with certificates from this CA: client gRPC and HTTP
   * with --client-cert-auth, and mutual peer TLS. The harness's own clients
   * (client(), waitForLeader, kvctlTlsArgs) present a client certificate.
   */
  readonly tls?: TestPki;
  /** Runs once the nodes' ports and data dirs are chosen, before any starts: to prepare data dirs (raftkv restore). */
  readonly beforeStart?: (cluster: ProcessCluster) => Promise<void> | void;
}

export class ProcessCluster {
  readonly root: string;
  readonly nodes: ProcessNode[];
  readonly #extraArgs: readonly string[];
  readonly #clients: KvClient[] = [];
  /** The initial voters, named by every bootstrapped node's --peers. */
  readonly #initial: readonly ProcessNode[];
  readonly #tls: { readonly pki: TestPki; readonly client: CertFiles; readonly nodes: Map<string, CertFiles> } | undefined;

  private constructor(root: string, nodes: ProcessNode[], extraArgs: readonly string[], tls: TestPki | undefined) {
    this.root = root;
    this.nodes = nodes;
    this.#extraArgs = extraArgs;
    this.#initial = [...nodes];
    this.#tls = tls === undefined ? undefined : { pki: tls, client: tls.issue('harness-client', { cn: 'harness' }), nodes: new Map() };
  }

  /** TLS credentials of the harness's clients (undefined: plaintext cluster). */
  credentials(): grpc.ChannelCredentials | undefined {
    const t = this.#tls;
    if (t === undefined) return undefined;
    return channelCredentials({ ca: readFileSync(t.pki.ca.cert), cert: readFileSync(t.client.cert), key: readFileSync(t.client.key) });
  }

  /** kvctl's TLS flags for this cluster; empty for a plaintext one. */
  kvctlTlsArgs(): string[] {
    const t = this.#tls;
    return t === undefined ? [] : ['--cacert', t.pki.ca.cert, '--cert', t.client.cert, '--key', t.client.key];
  }

  #tlsArgs(id: string): string[] {
    const t = this.#tls;
    if (t === undefined) return [];
    let cert = t.nodes.get(id);
    if (cert === undefined) {
      cert = t.pki.issue(`node-${id}`, { cn: id });
      t.nodes.set(id, cert);
    }
    const ca = t.pki.ca.cert;
    return [
      '--cert-file', cert.cert, '--key-file', cert.key, '--trusted-ca-file', ca, '--client-cert-auth',
      '--peer-cert-file', cert.cert, '--peer-key-file', cert.key, '--peer-trusted-ca-file', ca,
    ];
  }

  /** Starts one more node, with an empty data dir, that joins the cluster through `join` (a client address), on `peerPort` if given. */
  async addNode(id: string, opts: { join: string; peerPort?: number }): Promise<ProcessNode> {
    if (this.nodes.some((n) => n.id === id)) throw new Error(`node ${id} exists`);
    const [clientPort, freePeerPort, httpPort] = (await freePorts(3)) as [number, number, number];
    const peerPort = opts.peerPort ?? freePeerPort;
    const n: ProcessNode = {
      id,
      clientPort,
      peerPort,
      httpPort,
      dataDir: join(this.root, id),
      logFile: join(this.root, `${id}.log`),
      join: opts.join,
      process: undefined,
      exited: undefined,
    };
    this.nodes.push(n);
    this.startNode(id);
    return n;
  }

  /** Wipes a stopped node's data dir and starts it again under the same id and ports with --join (a replaced disk). */
  rejoinNode(id: string, opts: { join: string }): ProcessNode {
    const i = this.nodes.findIndex((n) => n.id === id);
    const old = this.nodes[i];
    if (old === undefined) throw new Error(`no node ${id}`);
    if (old.process !== undefined) throw new Error(`${id} is still running`);
    rmSync(old.dataDir, { recursive: true, force: true });
    const n: ProcessNode = { ...old, join: opts.join, process: undefined, exited: undefined };
    this.nodes[i] = n;
    this.startNode(id);
    return n;
  }

  static async start(opts: ClusterOptions = {}): Promise<ProcessCluster> {
    if (!existsSync(RAFTKV_BIN)) throw new Error(`${RAFTKV_BIN} is missing: run npm run build first`);
    const size = opts.size ?? 3;
    const root = mkdtempSync(join(tmpdir(), 'raftkv-it-'));
    const ports = await freePorts(size * 3);
    const nodes: ProcessNode[] = Array.from({ length: size }, (_, i) => ({
      id: `n${i + 1}`,
      clientPort: ports[i * 3] as number,
      peerPort: ports[i * 3 + 1] as number,
      httpPort: ports[i * 3 + 2] as number,
      dataDir: join(root, `n${i + 1}`),
      logFile: join(root, `n${i + 1}.log`),
      process: undefined,
      exited: undefined,
    }));
    const cluster = new ProcessCluster(root, nodes, ['--tick-ms', String(opts.tickMs ?? 50), ...(opts.extraArgs ?? [])], opts.tls);
    try {
      await opts.beforeStart?.(cluster);
    } catch (err) {
      rmSync(root, { recursive: true, force: true });
      throw err;
    }
    for (const n of nodes) cluster.startNode(n.id);
    return cluster;
  }

  node(id: string): ProcessNode {
    const n = this.nodes.find((x) => x.id === id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  }

  args(n: ProcessNode): string[] {
    return [
      '--id', n.id,
      '--client-addr', `127.0.0.1:${n.clientPort}`,
      '--peer-addr', `127.0.0.1:${n.peerPort}`,
      '--http-addr', `127.0.0.1:${n.httpPort}`,
      '--data-dir', n.dataDir,
      ...(n.join !== undefined ? ['--join', n.join] : ['--peers', this.#initial.map((p) => `${p.id}=127.0.0.1:${p.peerPort}`).join(',')]),
      '--log-level', 'debug',
      ...this.#tlsArgs(n.id),
      ...this.#extraArgs,
    ];
  }

  /** Starts a stopped node with its usual flags, plus `extraArgs` for this start only (--force-new-cluster). */
  startNode(id: string, extraArgs: readonly string[] = []): void {
    const n = this.node(id);
    if (n.process !== undefined) throw new Error(`${id} is already running`);
    const fd = openSync(n.logFile, 'a');
    const child = spawn(process.execPath, [RAFTKV_BIN, ...this.args(n), ...extraArgs], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    n.process = child;
    n.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        appendFileSync(n.logFile, `harness: ${n.id} (pid ${child.pid}) exited with ${signal ?? `code ${code}`}\n`);
        n.process = undefined;
        resolveExit(code);
      });
    });
  }

  /** Sends a signal and waits for the process to exit. */
  async stopNode(id: string, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<number | null> {
    const n = this.node(id);
    const child = n.process;
    if (child === undefined) return null;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return (await n.exited) ?? null;
    } finally {
      clearTimeout(timer);
    }
  }

  endpoints(ids: readonly string[] = this.nodes.map((n) => n.id)): string[] {
    return ids.map((id) => `127.0.0.1:${this.node(id).clientPort}`);
  }

  /** A client bound to the given nodes (all by default); closed by stop(). */
  client(ids?: readonly string[], timeoutMs = 5_000): KvClient {
    const credentials = this.credentials();
    const c = new KvClient(this.endpoints(ids), { timeoutMs, ...(credentials !== undefined ? { credentials } : {}) });
    this.#clients.push(c);
    return c;
  }

  /** Waits until every running node names the same leader, and returns it. */
  async waitForLeader(timeoutMs = 15_000, ids?: readonly string[]): Promise<string> {
    return waitFor(
      'all running nodes to agree on a leader',
      async () => {
        const running = this.nodes.filter((n) => n.process !== undefined && (ids === undefined || ids.includes(n.id)));
        const leaders = await Promise.all(
          running.map(async (n) => {
            const credentials = this.credentials();
            const c = new KvClient([`127.0.0.1:${n.clientPort}`], { timeoutMs: 1000, ...(credentials !== undefined ? { credentials } : {}) });
            try {
              return (await c.status()).leader_id;
            } finally {
              c.close();
            }
          }),
        );
        const first = leaders[0];
        return first && leaders.every((l) => l === first) && running.some((n) => n.id === first) ? first : undefined;
      },
      timeoutMs,
      100,
    );
  }

  logs(id: string): string {
    const n = this.node(id);
    return existsSync(n.logFile) ? readFileSync(n.logFile, 'utf8') : '';
  }

  /** Stops every node (SIGKILL: the test is over) and removes the temp dir. */
  async stop(): Promise<void> {
    for (const c of this.#clients) c.close();
    await Promise.all(this.nodes.map((n) => this.stopNode(n.id, 'SIGKILL')));
    if (process.env.KEEP_TEST_DATA === undefined) rmSync(this.root, { recursive: true, force: true });
  }
}
