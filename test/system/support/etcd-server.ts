/**
 * Debian's etcd as the control of the etcd-compatibility tests: one member
 * (or a cluster of several) on free 127.0.0.1 ports, each with its own
 * temporary data dir, stopped by PID.
 * Whatever a test expects of raftkv's etcd API, it first proves on this.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../../support/ports';
import { waitFor } from '../../support/wait';
import { etcdctl } from './etcdctl';

export class EtcdServer {
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  readonly root: string;
  readonly clientPort: number;

  private constructor(child: ChildProcess, root: string, clientPort: number) {
    this.#child = child;
    this.root = root;
    this.clientPort = clientPort;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** One member on free ports: the control of the single-member tests. */
  static async start(): Promise<EtcdServer> {
    const [clientPort, peerPort] = (await freePorts(2)) as [number, number];
    const etcd = EtcdServer.#spawn('control', clientPort, peerPort, `control=http://127.0.0.1:${peerPort}`);
    await etcd.#waitHealthy();
    return etcd;
  }

  /** `size` members of one cluster on free ports (control0, control1, ...): the control of the membership tests. */
  static async startCluster(size: number): Promise<EtcdServer[]> {
    const ports = await freePorts(size * 2);
    const names = Array.from({ length: size }, (_, i) => `control${i}`);
    const initial = names.map((name, i) => `${name}=http://127.0.0.1:${ports[i * 2 + 1]!}`).join(',');
    const members = names.map((name, i) => EtcdServer.#spawn(name, ports[i * 2]!, ports[i * 2 + 1]!, initial));
    // A member answers health only once a quorum has started, so all start before any is awaited.
    const started = await Promise.allSettled(members.map((m) => m.#waitHealthy()));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) {
      await Promise.all(members.map((m) => m.stop()));
      throw failed.reason;
    }
    return members;
  }

  static #spawn(name: string, clientPort: number, peerPort: number, initialCluster: string): EtcdServer {
    const root = mkdtempSync(join(tmpdir(), 'raftkv-etcd-'));
    const client = `http://127.0.0.1:${clientPort}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    const fd = openSync(join(root, 'etcd.log'), 'a');
    const child = spawn(
      'etcd',
      [
        '--name', name,
        '--data-dir', join(root, 'data'),
        '--listen-client-urls', client,
        '--advertise-client-urls', client,
        '--listen-peer-urls', peer,
        '--initial-advertise-peer-urls', peer,
        '--initial-cluster', initialCluster,
        '--log-level', 'warn',
      ],
      { stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    return new EtcdServer(child, root, clientPort);
  }

  async #waitHealthy(): Promise<void> {
    try {
      await waitFor('etcd to answer', async () => (await etcdctl(this.endpoint, ['endpoint', 'health'])).code === 0, 30_000, 200);
    } catch (err) {
      await this.stop();
      throw new Error(`${(err as Error).message}\netcd log:\n${this.log()}`, { cause: err });
    }
  }

  get endpoint(): string {
    return `127.0.0.1:${this.clientPort}`;
  }

  log(): string {
    return readFileSync(join(this.root, 'etcd.log'), 'utf8');
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGTERM');
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
      await this.#exited;
      clearTimeout(timer);
    }
    if (process.env.KEEP_TEST_DATA === undefined) rmSync(this.root, { recursive: true, force: true });
  }
}
