/**
 * docs/api.md runs as written: the `npm start` cluster on its documented
 * ports, then every ```console example in order, each compared with the
 * output the doc shows (see test/support/doc-examples.ts). grpcurl lines run
 * through buf curl (test/support/grpcurl-via-buf.sh).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_NODES } from '../../src/cli/local-cluster';
import { mismatch, parseConsoleBlocks } from '../support/doc-examples';
import { REPO_ROOT } from '../support/process-cluster';
import { waitFor } from '../support/wait';

const DOC = join(REPO_ROOT, 'docs', 'api.md');

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('docs/api.md examples', () => {
  let root: string;
  let cluster: ChildProcess | undefined;
  let output = '';
  let exited: Promise<void>;

  beforeAll(async () => {
    const ports = LOCAL_NODES.flatMap((n) => [n.clientPort, n.peerPort, n.httpPort]);
    const busy = [];
    for (const p of ports) if (!(await portIsFree(p))) busy.push(p);
    if (busy.length > 0) throw new Error(`the documented ports ${busy.join(', ')} are in use (is an npm start cluster running?)`);
    root = mkdtempSync(join(tmpdir(), 'raftkv-docs-'));
    const bin = join(root, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    copyFileSync(join(REPO_ROOT, 'test', 'support', 'grpcurl-via-buf.sh'), join(bin, 'grpcurl'));
    chmodSync(join(bin, 'grpcurl'), 0o755);
    cluster = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'src', 'cli', 'start-cluster.js')], {
      cwd: REPO_ROOT,
      env: { ...process.env, RAFTKV_DATA_ROOT: join(root, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cluster.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    cluster.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    exited = new Promise((resolve) => cluster?.once('exit', () => resolve()));
    await waitFor('the npm start cluster to be up', () => output.includes('raftkv cluster is up'), 60_000, 100);
  }, 90_000);

  afterAll(async () => {
    if (cluster?.exitCode === null) {
      cluster.kill('SIGTERM');
      await exited;
    }
    if (process.env.KEEP_TEST_DATA === undefined && root !== undefined) rmSync(root, { recursive: true, force: true });
  }, 30_000);

  it('every example prints what the doc shows', () => {
    const commands = parseConsoleBlocks(readFileSync(DOC, 'utf8'));
    expect(commands.length).toBeGreaterThan(20);
    const path = [join(root, 'bin'), join(REPO_ROOT, 'node_modules', '.bin'), process.env.PATH ?? ''].join(':');
    for (const c of commands) {
      const r = spawnSync('bash', ['-c', c.command], { cwd: REPO_ROOT, env: { ...process.env, PATH: path }, encoding: 'utf8', timeout: 30_000 });
      const where = `docs/api.md:${c.line}: ${c.command}`;
      if (r.status !== c.exitCode) {
        throw new Error(`${where}\nexited ${r.status ?? r.signal}, the doc says ${c.exitCode}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
      }
      const why = mismatch(c.expected, c.exitCode === 0 ? r.stdout : r.stderr);
      if (why !== undefined) throw new Error(`${where}\n${why}`);
    }
  }, 240_000);
});
