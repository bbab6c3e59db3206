/**
 * `etcdctl --user` against raftkv, with a real etcd as the control: users,
 * roles, permissions, `auth enable`, then what a permitted and a refused
 * user see, word for word. Each expectation runs on etcd first, then on a
 * 3-node raftkv cluster through one node's client port. Own targets, since
 * enabling auth would change what every other etcdctl test sees.
 */
import { etcdctl, type EtcdctlRun } from './support/etcdctl';
import { EtcdTargets, ok, type Which } from './support/etcd-targets';
import { describeWithTools } from './support/tools';

jest.setTimeout(120_000);

/** The last line of stderr: etcdctl's "Error: ..." after its retry warnings. */
function failure(run: EtcdctlRun): string {
  expect(run.code).not.toBe(0);
  return run.err.trim().split('\n').pop() ?? '';
}

describeWithTools('etcdctl --user against raftkv, with etcd as the control', ['etcd', 'etcdctl'], () => {
  let servers: EtcdTargets | undefined;

  beforeAll(async () => {
    servers = await EtcdTargets.start();
  });

  afterAll(async () => {
    await servers?.stop();
  });

  test.each<Which>(['etcd', 'raftkv'])('users, roles, auth enable, then permitted and refused requests (%s)', async (which) => {
    const { endpoint } = servers!.get(which);
    const run = (args: readonly string[]): Promise<EtcdctlRun> => etcdctl(endpoint, args);
    const as = (user: string, args: readonly string[]): Promise<EtcdctlRun> => etcdctl(endpoint, [`--user=${user}`, ...args]);

    expect(failure(await run(['auth', 'enable']))).toBe('Error: etcdserver: root user does not exist');
    expect(ok(await run(['user', 'add', 'root:rootpw']))).toBe('User root created\n');
    expect(ok(await run(['user', 'grant-role', 'root', 'root']))).toBe('Role root is granted to user root\n');
    expect(ok(await run(['user', 'add', 'alice:alicepw']))).toBe('User alice created\n');
    expect(ok(await run(['role', 'add', 'app']))).toBe('Role app created\n');
    expect(ok(await run(['role', 'grant-permission', 'app', 'readwrite', '/app/', '--prefix=true']))).toBe('Role app updated\n');
    expect(ok(await run(['role', 'grant-permission', 'app', 'read', '/shared']))).toBe('Role app updated\n');
    expect(ok(await run(['user', 'grant-role', 'alice', 'app']))).toBe('Role app is granted to user alice\n');
    expect(ok(await run(['role', 'get', 'app']))).toBe('Role app\nKV Read:\n\t[/app/, /app0) (prefix /app/)\n\t/shared\nKV Write:\n\t[/app/, /app0) (prefix /app/)\n');
    expect(ok(await run(['user', 'get', 'alice']))).toBe('User: alice\nRoles: app\n');
    expect(ok(await run(['user', 'list']))).toBe('alice\nroot\n');
    expect(ok(await run(['role', 'list']))).toBe('app\n');
    expect(failure(await run(['user', 'add', 'alice:again']))).toBe('Error: etcdserver: user name already exists');
    expect(failure(await run(['user', 'grant-role', 'alice', 'nope']))).toBe('Error: etcdserver: role name not found');
    expect(failure(await run(['user', 'get', 'nobody']))).toBe('Error: etcdserver: user name not found');

    expect(ok(await run(['auth', 'enable']))).toBe('Authentication Enabled\n');
    expect(failure(await run(['put', '/app/k', 'v']))).toBe('Error: etcdserver: user name is empty');
    expect(failure(await as('root:wrong', ['get', '/app/k']))).toContain('etcdserver: authentication failed, invalid user ID or password');
    expect(ok(await as('root:rootpw', ['put', '/other/k', 'secret']))).toBe('OK\n');
    expect(ok(await as('alice:alicepw', ['put', '/app/k', 'v']))).toBe('OK\n');
    expect(ok(await as('alice:alicepw', ['get', '/app/k']))).toBe('/app/k\nv\n');
    expect(ok(await as('alice:alicepw', ['get', '/app/', '--prefix', '--keys-only']))).toBe('/app/k\n\n');
    expect(failure(await as('alice:alicepw', ['get', '/other/k']))).toBe('Error: etcdserver: permission denied');
    expect(failure(await as('alice:alicepw', ['put', '/shared', 'x']))).toBe('Error: etcdserver: permission denied');
    expect(failure(await as('alice:alicepw', ['del', '/other/k']))).toBe('Error: etcdserver: permission denied');
    expect(failure(await as('alice:alicepw', ['user', 'list']))).toBe('Error: etcdserver: permission denied');
    expect(failure(await as('root:rootpw', ['user', 'revoke-role', 'root', 'root']))).toBe('Error: etcdserver: invalid auth management');

    // Revoking the role takes effect on alice's next request.
    expect(ok(await as('root:rootpw', ['user', 'revoke-role', 'alice', 'app']))).toBe('Role app is revoked from user alice\n');
    expect(failure(await as('alice:alicepw', ['get', '/app/k']))).toBe('Error: etcdserver: permission denied');
    expect(ok(await as('root:rootpw', ['role', 'revoke-permission', 'app', '/shared']))).toBe('Permission of key /shared is revoked from role app\n');
    expect(failure(await as('root:rootpw', ['role', 'revoke-permission', 'app', '/shared']))).toBe('Error: etcdserver: permission is not granted to the role');
    expect(ok(await etcdctl(endpoint, ['--user=root:rootpw', 'user', 'passwd', 'alice', '--interactive=false'], 'newpw\n'))).toBe('Password updated\n');
    expect(failure(await as('alice:alicepw', ['get', '/app/k']))).toContain('etcdserver: authentication failed, invalid user ID or password');
    expect(failure(await as('alice:newpw', ['get', '/app/k']))).toBe('Error: etcdserver: permission denied');
    expect(ok(await as('root:rootpw', ['auth', 'disable']))).toBe('Authentication Disabled\n');
    expect(ok(await run(['get', '/other/k', '--print-value-only']))).toBe('secret\n');
  });
});
