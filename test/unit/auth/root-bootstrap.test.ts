import { ensureRootAndAuth, type RootBootstrapApi } from '../../../src/auth/root-bootstrap';
import { AuthStateError } from '../../../src/errors';

/** An auth API over a little state, recording the calls; `racedRoot`: another pod adds root between our list and our add. */
function fakeApi(initial: { users: string[]; enabled: boolean; racedRoot?: boolean }): RootBootstrapApi & { calls: string[] } {
  const users = new Set(initial.users);
  let enabled = initial.enabled;
  const calls: string[] = [];
  return {
    calls,
    userList: () => Promise.resolve([...users]),
    status: () => ({ enabled, revision: 0 }),
    userAdd: (name, password) => {
      calls.push(`add ${name}:${password}`);
      if (initial.racedRoot === true || users.has(name)) return Promise.reject(new AuthStateError('user_exists', `user "${name}" already exists`));
      users.add(name);
      return Promise.resolve();
    },
    userGrantRole: (user, role) => {
      calls.push(`grant ${user} ${role}`);
      return Promise.resolve();
    },
    enable: () => {
      calls.push('enable');
      enabled = true;
      return Promise.resolve();
    },
  };
}

const soon = (): Date => new Date(Date.now() + 1_000);

describe('making sure auth is on with a root user (--bootstrap-root-password-file)', () => {
  test('a new cluster: root is created with the password, granted the root role, auth enabled', async () => {
    const api = fakeApi({ users: [], enabled: false });
    await expect(ensureRootAndAuth(api, 'pw', soon())).resolves.toBe('enabled-with-new-root');
    expect(api.calls).toEqual(['add root:pw', 'grant root root', 'enable']);
  });

  test('another pod created root first: taken as is, and auth still enabled', async () => {
    const api = fakeApi({ users: [], enabled: false, racedRoot: true });
    await expect(ensureRootAndAuth(api, 'pw', soon())).resolves.toBe('enabled');
    expect(api.calls).toEqual(['add root:pw', 'grant root root', 'enable']);
  });

  test('root exists (its password is kept) or auth is on already: nothing is added', async () => {
    const existing = fakeApi({ users: ['root'], enabled: false });
    await expect(ensureRootAndAuth(existing, 'pw', soon())).resolves.toBe('enabled');
    expect(existing.calls).toEqual(['grant root root', 'enable']);
    const on = fakeApi({ users: ['root'], enabled: true });
    await expect(ensureRootAndAuth(on, 'pw', soon())).resolves.toBe('already-enabled');
    expect(on.calls).toEqual([]);
  });

  test('any other refusal is thrown, for the caller to retry', async () => {
    const api = fakeApi({ users: [], enabled: false });
    api.userAdd = () => Promise.reject(new Error('no leader'));
    await expect(ensureRootAndAuth(api, 'pw', soon())).rejects.toThrow('no leader');
  });
});
