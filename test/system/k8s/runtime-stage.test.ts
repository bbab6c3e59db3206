/**
 * The image's runtime stage, replayed without Docker: production dependencies
 * only, installed into a clean directory by the Dockerfile's own command, the
 * files its COPY lines bring (dist/, proto/, package.json), and its
 * ENTRYPOINT/CMD started from there. A dependency used at run time but listed
 * under devDependencies, a file the image forgets, or a wrong entrypoint
 * fails here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/process-cluster';
import { freePorts } from '../../support/ports';
import { waitFor } from '../../support/wait';
import { containerArgv, imageDefaults } from './support/pod-emulator';

jest.setTimeout(180_000);

const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
/** The `npm ci ...` of the stage that builds the runtime's node_modules. */
const installCommand = (/^RUN (npm ci --omit=dev[^&\n]*)/m.exec(dockerfile)?.[1] ?? '').trim().split(/\s+/);

describe("the image's runtime stage", () => {
  let app: string;
  beforeAll(() => {
    app = mkdtempSync(join(tmpdir(), 'raftkv-image-'));
  });
  afterAll(() => {
    rmSync(app, { recursive: true, force: true });
  });

  it('copies what the runtime needs, and installs production dependencies with npm ci --omit=dev', () => {
    expect(installCommand.slice(0, 3)).toEqual(['npm', 'ci', '--omit=dev']);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    for (const copied of [/^COPY --from=deps \/app\/node_modules \.\/node_modules$/m, /^COPY --from=build \/src\/dist \.\/dist$/m, /^COPY proto \.\/proto$/m, /^COPY package\.json \.\/$/m]) {
      expect(runtime).toMatch(copied);
    }
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) cpSync(join(REPO_ROOT, f), join(app, f));
    const args = [...installCommand.slice(1), '--prefer-offline'];
    let r = spawnSync('npm', args, { cwd: app, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (r.status !== 0 && /in sync/.test(r.stderr)) {
      // Newer npm rejects a lock missing other platforms' optional packages that
      // node:20's npm 10 accepts; install the same locked tree without that check.
      process.stderr.write(`runtime-stage: this npm rejects the lock for npm ci (${r.stderr.split('\n').find((l) => l.includes('Missing')) ?? ''}); using npm install --omit=dev\n`);
      r = spawnSync('npm', ['install', '--omit=dev', '--no-save', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, encoding: 'utf8' });
    }
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    // No dev-only package made it in (some devDependencies, like @types/node, are also needed by production ones).
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([path, p]) => p.dev === true && path.split('node_modules/').length === 2);
    expect(devOnly.length).toBeGreaterThan(0);
    expect(devOnly.map(([path]) => path).filter((path) => existsSync(join(app, path)))).toEqual([]);
    cpSync(join(REPO_ROOT, 'dist'), join(app, 'dist'), { recursive: true });
    cpSync(join(REPO_ROOT, 'proto'), join(app, 'proto'), { recursive: true });
  });

  it('starts a node from the ENTRYPOINT and CMD there, serves a put and a get, and stops cleanly on SIGTERM', async () => {
    const image = imageDefaults();
    expect(image.workdir).toBe('/app');
    const argv = containerArgv({ ports: [], volumeMounts: [] }, image);
    expect(argv.slice(0, 2)).toEqual(['/usr/bin/tini', '--']); // PID 1 in the image; signals go straight to node here
    const [cmd, ...rest] = argv.slice(2);
    expect(cmd).toBe('node');
    const [client, peer, http] = (await freePorts(3)) as [number, number, number];
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      RAFTKV_ID: 'n1',
      RAFTKV_PEERS: `n1=127.0.0.1:${peer}`,
      RAFTKV_CLIENT_ADDR: `127.0.0.1:${client}`,
      RAFTKV_PEER_ADDR: `127.0.0.1:${peer}`,
      RAFTKV_HTTP_ADDR: `127.0.0.1:${http}`,
      RAFTKV_DATA_DIR: join(app, 'volume', 'data'),
      RAFTKV_TICK_MS: '20',
    };
    const node = spawn(process.execPath, rest, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    node.stdout.on('data', (d: Buffer) => (output += d.toString()));
    node.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => node.once('exit', (code) => r(code)));
    try {
      await waitFor('/readyz', async () => {
        if (node.exitCode !== null) throw new Error(`the node exited with ${node.exitCode}`);
        return (await fetch(`http://127.0.0.1:${http}/readyz`).catch(() => undefined))?.status === 200;
      }, 30_000, 100).catch(
        (err: Error) => {
          throw new Error(`${err.message}\n${output}`);
        },
      );
      const kvctl = (...a: string[]): string => {
        const r = spawnSync(process.execPath, ['dist/src/cli/kvctl.js', '--endpoints', `127.0.0.1:${client}`, ...a], { cwd: app, encoding: 'utf8', env });
        if (r.status !== 0) throw new Error(`kvctl ${a.join(' ')}: ${r.stderr}`);
        return r.stdout.trim();
      };
      kvctl('put', 'image', 'works');
      expect(kvctl('get', 'image')).toBe('works');
    } finally {
      node.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
