import { parseConfig, envName, usage, FLAGS } from '../../src/config';
import { ConfigError } from '../../src/errors';

const base = ['--id', 'n1', '--peers', 'n1=127.0.0.1:50052,n2=127.0.0.1:50062'];

function problems(argv: string[], env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseConfig(argv, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const c = parseConfig(base, {});
    expect(c).toMatchObject({ id: 'n1', clusterId: 'raftkv', clientAddr: '0.0.0.0:50051', peerAddr: '0.0.0.0:50052', httpAddr: '0.0.0.0:8080', dataDir: './data/n1', tickMs: 100 });
    expect(c.advertisePeerAddr).toBe('127.0.0.1:50052');
    expect([...c.peers.keys()]).toEqual(['n1', 'n2']);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads every flag from RAFTKV_* when the flag is absent, and lets the flag win', () => {
    const c = parseConfig(['--tick-ms', '20'], { RAFTKV_ID: 'n2', RAFTKV_PEERS: 'n2=h:1', RAFTKV_TICK_MS: '30', RAFTKV_LOG_LEVEL: 'debug' });
    expect(c.id).toBe('n2');
    expect(c.tickMs).toBe(20);
    expect(c.logLevel).toBe('debug');
    expect(envName('request-timeout-ms')).toBe('RAFTKV_REQUEST_TIMEOUT_MS');
  });

  it('lists every problem at once, naming the flag and its variable', () => {
    const p = problems(['--id', '-x', '--peers', 'a=b', '--client-addr', 'nope', '--election-ticks', '3', '--heartbeat-ticks', '3', '--log-level', 'loud'], {});
    expect(p.join('\n')).toMatch(/--id \(RAFTKV_ID\)/);
    expect(p.join('\n')).toMatch(/--peers \(RAFTKV_PEERS\) entries must look like id=host:port/);
    expect(p.join('\n')).toMatch(/--client-addr \(RAFTKV_CLIENT_ADDR\) must be host:port/);
    expect(p.join('\n')).toMatch(/--heartbeat-ticks .* must be less than --election-ticks/);
    expect(p.join('\n')).toMatch(/--log-level .* must be one of/);
  });

  it('requires an id and peers that include it', () => {
    expect(problems([], {})).toEqual(expect.arrayContaining([expect.stringContaining('--id (RAFTKV_ID) is required'), expect.stringContaining('--peers (RAFTKV_PEERS) is required')]));
    expect(problems(['--id', 'n3', '--peers', 'n1=h:1'], {}).join()).toContain('must include this node\'s id "n3"');
    expect(problems(['--id', 'n1', '--peers', 'n1=h:1,n1=h:2'], {}).join()).toContain('names "n1" twice');
  });

  it('rejects unknown flags', () => {
    expect(problems([...base, '--bogus', '1'], {}).join()).toContain('bogus');
  });

  it('documents every flag in the usage text', () => {
    for (const flag of Object.keys(FLAGS)) expect(usage()).toContain(`--${flag}`);
  });
});
