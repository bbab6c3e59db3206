/**
 * One raftkv process whose initial peers listen nowhere: it stays in its
 * start-up probe, as a StatefulSet pod does while its peers are Pending.
 * Stopped by PID; its temp dir removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './ports';
import { RAFTKV_BIN } from './process-cluster';

export class WaitingNode {
  readonly #child: ChildProcess;
  readonly #exited: Promise<unknown>;
  readonly #dir: string;
  readonly httpPort: number;

  private constructor(child: ChildProcess, dir: string, httpPort: number) {
    this.#child = child;
    this.#dir = dir;
    this.httpPort = httpPort;
    this.#exited = new Promise((resolve) => child.once('exit', resolve));
  }

  /** Starts node n1 with peers n2 and n3 on ports nothing listens on. */
  static async start(): Promise<WaitingNode> {
    const dir = mkdtempSync(join(tmpdir(), 'raftkv-waiting-'));
    const [client, peer, http, peer2, peer3] = (await freePorts(5)) as [number, number, number, number, number];
    const log = openSync(join(dir, 'n1.log'), 'a');
    const child = spawn(process.execPath, [
      RAFTKV_BIN,
      '--id', 'n1',
      '--client-addr', `127.0.0.1:${client}`,
      '--peer-addr', `127.0.0.1:${peer}`,
      '--http-addr', `127.0.0.1:${http}`,
      '--data-dir', join(dir, 'n1'),
      '--peers', `n1=127.0.0.1:${peer},n2=127.0.0.1:${peer2},n3=127.0.0.1:${peer3}`,
    ], { stdio: ['ignore', log, log] });
    closeSync(log);
    return new WaitingNode(child, dir, http);
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  logs(): string {
    return readFileSync(join(this.#dir, 'n1.log'), 'utf8');
  }

  async stop(): Promise<void> {
    if (this.running) {
      this.#child.kill('SIGKILL');
      await this.#exited;
    }
    if (process.env.KEEP_TEST_DATA === undefined) rmSync(this.#dir, { recursive: true, force: true });
  }
}
