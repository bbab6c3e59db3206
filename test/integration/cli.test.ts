import { spawnSync } from 'node:child_process';
import { RAFTKV_BIN } from '../support/process-cluster';

describe('raftkv flags', () => {
  const raftkv = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [RAFTKV_BIN, ...args], { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH, ...env } });

  it('exits 2 listing every bad flag at once, each with its environment variable', () => {
    const r = raftkv(['--id', 'bad id!', '--peers', 'n1=nowhere', '--tick-ms=-5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--id (RAFTKV_ID)');
    expect(r.stderr).toContain('--peers (RAFTKV_PEERS)');
    expect(r.stderr).toContain('--tick-ms (RAFTKV_TICK_MS)');
  });

  it('prints usage with --help', () => {
    const r = raftkv(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('RAFTKV_DATA_DIR');
  });

  it('takes its configuration from RAFTKV_* variables', () => {
    const r = raftkv([], { RAFTKV_ID: 'n1', RAFTKV_PEERS: 'n1=127.0.0.1:1', RAFTKV_ELECTION_TICKS: '1' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--election-ticks (RAFTKV_ELECTION_TICKS) must be an integer from 2');
  });
});
