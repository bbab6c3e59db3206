/**
 * Debian's etcd as the control of the etcd-compatibility tests: one member
 * on free 127.0.0.1 ports with its own temporary data dir, stopped by PID.
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

  static async start(): Promise<EtcdServer> {
    const root = mkdtempSync(join(tmpdir(), 'raftkv-etcd-'));
    const [clientPort, peerPort] = (await freePorts(2)) as [number, number];
    const client = `http://127.0.0.1:${clientPort}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    const fd = openSync(join(root, 'etcd.log'), 'a');
    const child = spawn(
      'etcd',
      [
        '--name', 'control',
        '--data-dir', join(root, 'data'),
        '--listen-client-urls', client,
        '--advertise-client-urls', client,
        '--listen-peer-urls', peer,
        '--initial-advertise-peer-urls', peer,
        '--initial-cluster', `control=${peer}`,
        '--log-level', 'warn',
      ],
      { stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    const etcd = new EtcdServer(child, root, clientPort);
    try {
      await waitFor('etcd to answer', async () => (await etcdctl(etcd.endpoint, ['endpoint', 'health'])).code === 0, 30_000, 200);
    } catch (err) {
      await etcd.stop();
      throw new Error(`${(err as Error).message}\netcd log:\n${etcd.log()}`, { cause: err });
    }
    return etcd;
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
