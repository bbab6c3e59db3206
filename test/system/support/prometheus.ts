/**
 * A real Prometheus (Debian's package) on 127.0.0.1 for the system tier:
 * a free port, a temporary config and TSDB, stopped by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../../support/ports';
import { waitFor } from '../../support/wait';

export interface PromResult {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export class PrometheusServer {
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  readonly root: string;
  readonly port: number;

  private constructor(child: ChildProcess, root: string, port: number) {
    this.#child = child;
    this.root = root;
    this.port = port;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Starts Prometheus scraping `targets` (host:port) every `intervalS` seconds, and waits until it is ready. */
  static async start(targets: readonly string[], intervalS = 1): Promise<PrometheusServer> {
    const root = mkdtempSync(join(tmpdir(), 'raftkv-prom-'));
    const [port] = await freePorts(1);
    const config = [
      'global:',
      `  scrape_interval: ${intervalS}s`,
      `  scrape_timeout: ${intervalS}s`,
      `  evaluation_interval: ${intervalS}s`,
      'scrape_configs:',
      '  - job_name: raftkv',
      '    static_configs:',
      `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n');
    writeFileSync(join(root, 'prometheus.yml'), config);
    const fd = openSync(join(root, 'prometheus.log'), 'a');
    const child = spawn(
      'prometheus',
      [
        `--config.file=${join(root, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(root, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    const prom = new PrometheusServer(child, root, port as number);
    try {
      await waitFor('prometheus to be ready', async () => (await fetch(`${prom.url}/-/ready`)).status === 200, 20_000, 100);
    } catch (err) {
      await prom.stop();
      throw err;
    }
    return prom;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** An instant query through the HTTP API; throws on a PromQL error. */
  async query(expr: string): Promise<PromResult[]> {
    const res = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: PromResult[] } };
    if (body.status !== 'success') throw new Error(`query failed: ${body.error ?? res.status}: ${expr}`);
    return body.data?.resultType === 'vector' ? body.data.result : [];
  }

  async labelValues(label: string, match: string): Promise<string[]> {
    const res = await fetch(`${this.url}/api/v1/label/${label}/values?match[]=${encodeURIComponent(match)}`);
    return ((await res.json()) as { data: string[] }).data;
  }

  log(): string {
    return readFileSync(join(this.root, 'prometheus.log'), 'utf8');
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
