/**
 * kvctl's user, role and auth commands and --user, as an operator types
 * them: set up root and a role, enable auth, then work as a user, with the
 * password given inline or asked for (and refused when nothing can ask).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runKvctl } from '../../src/cli/kvctl-program';
import { startSingleNode, type InProcessNode } from '../support/in-process-node';
import { REPO_ROOT } from '../support/process-cluster';

jest.setTimeout(60_000);

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('kvctl user, role, auth and --user', () => {
  let node: InProcessNode;
  const prompts: string[] = [];

  const kvctl = async (args: readonly string[], typed = 'typed-pw'): Promise<Run> => {
    let out = '';
    let err = '';
    const code = await runKvctl(['--endpoints', node.clientAddress, ...args], (s) => (out += s), (s) => (err += s), {
      promptPassword: (prompt) => {
        prompts.push(prompt);
        return Promise.resolve(typed);
      },
    });
    return { code, out, err };
  };

  beforeAll(async () => {
    node = await startSingleNode([]);
  });
  afterAll(async () => {
    await node?.close();
  });

  it('sets up users and roles, enables auth, and works as a user', async () => {
    expect(await kvctl(['auth', 'enable'])).toMatchObject({ code: 3, err: expect.stringContaining('FAILED_PRECONDITION: auth cannot be enabled: the user "root" does not exist') as unknown });
    // No password on the command line: asked for, never echoed.
    expect(await kvctl(['user', 'add', 'root'], 'rootpw')).toEqual({ code: 0, out: 'User root created\n', err: '' });
    expect(prompts).toEqual(['Password for root: ']);
    expect((await kvctl(['user', 'grant-role', 'root', 'root'])).out).toBe('Role root granted to user root\n');
    expect((await kvctl(['user', 'add', 'alice:alicepw'])).out).toBe('User alice created\n');
    expect((await kvctl(['role', 'add', 'app'])).out).toBe('Role app created\n');
    expect((await kvctl(['role', 'grant-permission', 'app', 'readwrite', 'app/', '--prefix'])).out).toBe('Role app updated\n');
    expect((await kvctl(['role', 'grant-permission', 'app', 'read', 'config'])).out).toBe('Role app updated\n');
    expect((await kvctl(['user', 'grant-role', 'alice', 'app'])).out).toBe('Role app granted to user alice\n');
    expect((await kvctl(['role', 'get', 'app'])).out).toBe('Role app\nreadwrite prefix app/\nread key config\n');
    expect((await kvctl(['user', 'get', 'alice'])).out).toBe('User: alice\nRoles: app\n');
    expect((await kvctl(['auth', 'enable'])).out).toBe('Authentication enabled\n');

    expect(await kvctl(['put', 'app/k', 'v'])).toMatchObject({ code: 3, err: expect.stringContaining('UNAUTHENTICATED') as unknown });
    expect(await kvctl(['--user', 'alice:alicepw', 'put', 'app/k', 'v'])).toMatchObject({ code: 0, out: 'OK\n' });
    expect(await kvctl(['--user', 'alice', 'get', 'app/k'], 'alicepw')).toMatchObject({ code: 0, out: 'v\n' });
    expect(await kvctl(['--user', 'alice:alicepw', 'put', 'config', 'x'])).toEqual({
      code: 3,
      out: '',
      err: 'kvctl: PERMISSION_DENIED: permission denied: user "alice" has no write permission on key "config"\n',
    });
    expect(await kvctl(['--user', 'alice:wrong', 'get', 'app/k'])).toMatchObject({ code: 3, err: 'kvctl: UNAUTHENTICATED: authentication failed: unknown user or wrong password\n' });
    expect(await kvctl(['--user', 'alice:alicepw', 'user', 'list'])).toMatchObject({ code: 3, err: expect.stringContaining('PERMISSION_DENIED') as unknown });
    expect((await kvctl(['--user', 'root:rootpw', 'user', 'list'])).out).toBe('alice\nroot\n');
    expect((await kvctl(['--user', 'root:rootpw', 'role', 'list'])).out).toBe('app\n');
    expect((await kvctl(['--user', 'root:rootpw', 'user', 'passwd', 'alice:newpw'])).out).toBe('Password of alice updated\n');
    expect((await kvctl(['--user', 'alice:newpw', 'get', 'app/k'])).out).toBe('v\n');
    expect((await kvctl(['--user', 'root:rootpw', 'role', 'revoke-permission', 'app', 'config'])).out).toBe('Permission revoked from role app\n');
    expect((await kvctl(['--user', 'root:rootpw', 'user', 'revoke-role', 'alice', 'app'])).out).toBe('Role app revoked from user alice\n');
    expect((await kvctl(['--user', 'alice:newpw', 'get', 'app/k'])).code).toBe(3);
    expect((await kvctl(['--user', 'root:rootpw', 'auth', 'status'])).out).toMatch(/^Authentication: enabled\nAuth revision: \d+\n$/);
    expect((await kvctl(['--user', 'root:rootpw', 'auth', 'disable'])).out).toBe('Authentication disabled\n');
    expect((await kvctl(['get', 'app/k'])).out).toBe('v\n');
  });

  it('--user without a password and no terminal to ask on is a usage error', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'kvctl'), '--endpoints', node.clientAddress, '--user', 'root', 'get', 'k'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, err }).toEqual({ code: 2, err: 'kvctl: --user root gives no password (--user root:<password>), and standard input is not a terminal to ask on\n' });
  });

  it('every command has --help with an example', async () => {
    for (const cmd of [['user', 'add'], ['user', 'delete'], ['user', 'list'], ['user', 'get'], ['user', 'passwd'], ['user', 'grant-role'], ['user', 'revoke-role'], ['role', 'add'], ['role', 'delete'], ['role', 'list'], ['role', 'get'], ['role', 'grant-permission'], ['role', 'revoke-permission'], ['auth', 'enable'], ['auth', 'disable'], ['auth', 'status']]) {
      const help = await kvctl([...cmd, '--help']);
      expect({ cmd, code: help.code, example: help.out.includes('Examples:\n  kvctl') }).toEqual({ cmd, code: 0, example: true });
    }
  });
});
