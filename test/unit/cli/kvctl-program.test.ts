import { EXIT, runKvctl } from '../../../src/cli/kvctl-program';

/** Runs kvctl in-process against an endpoint nothing listens on. */
async function kvctl(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runKvctl(['--endpoints', '127.0.0.1:1', '--timeout', '2000', ...args], (s) => (out += s), (s) => (err += s), {
    readStdin: () => Promise.resolve(Buffer.from(stdin)),
  });
  return { code, out, err };
}

describe('kvctl without a cluster', () => {
  it('documents the exit codes in --help and exits 0', async () => {
    const r = await kvctl(['--help']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('Exit codes:');
    expect(r.out).toMatch(/watch \[options\] <key>/);
  });

  it.each([['get'], ['put'], ['del'], ['txn'], ['watch'], ['lease', 'grant'], ['lease', 'keepalive'], ['status'], ['endpoint', 'health'], ['member', 'add']])(
    '%s has --help with examples or a description',
    async (...command) => {
      const r = await kvctl([...command, '--help']);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out).toMatch(/^Usage: kvctl /);
    },
  );

  it.each([
    [['nonsense'], /unknown command 'nonsense'/],
    [['get'], /missing required argument 'key'/],
    [['get', 'k', '-o', 'yaml'], /argument 'yaml' is invalid/],
    [['get', 'k', '--limit', '0'], /expected a positive integer/],
    [['get', 'k', '--prefix', '--range-end', 'z'], /cannot be used with option/],
    [['put', 'k', 'v', '--ttl', '5', '--lease', '7'], /cannot be used with option/],
    [['lease', 'revoke', 'abc'], /expected a lease id/],
    [['--timeout', 'soon', 'get', 'k'], /--timeout must be a positive number of milliseconds/],
  ])('exits 2 on the usage error %j, with a kvctl: message', async (args, message) => {
    const r = await kvctl(args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/^kvctl: /);
    expect(r.err).toMatch(message);
  });

  it('exits 2 on a txn syntax error, naming the line, before sending anything', async () => {
    const r = await kvctl(['txn'], 'compare:\nversion(k) = x\n');
    expect(r).toEqual({ code: EXIT.usage, out: '', err: 'kvctl: txn line 2: version takes an integer, not "x", in: version(k) = x\n' });
  });

  it('exits 2 when the txn file cannot be read', async () => {
    const r = await kvctl(['txn', '-f', '/nonexistent/t.txn']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toBe('kvctl: cannot read /nonexistent/t.txn: ENOENT\n');
  });

  it('exits 3 with the gRPC status name when no endpoint answers', async () => {
    const r = await kvctl(['get', 'k']);
    expect(r.code).toBe(EXIT.failed);
    expect(r.err).toMatch(/^kvctl: UNAVAILABLE: /);
  });

  it('endpoint health reports an unreachable endpoint as unhealthy and exits 3', async () => {
    const r = await kvctl(['endpoint', 'health']);
    expect(r.code).toBe(EXIT.failed);
    expect(r.out).toMatch(/^127\.0\.0\.1:1 is unhealthy: UNAVAILABLE: .*took \d+ms\n$/);
    expect(r.err).toBe('kvctl: 1 of 1 endpoints unhealthy\n');
  });
});
