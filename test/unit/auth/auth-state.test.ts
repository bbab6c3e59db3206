import { applyAuthChange, EMPTY_AUTH_STATE, type AuthChange, type AuthState } from '../../../src/auth/auth-state';
import { decodeAuthState, encodeAuthState } from '../../../src/auth/auth-codec';
import { isPermitted } from '../../../src/auth/permission-check';
import { etcdRange } from '../../../src/auth/request-permissions';
import { decodeCommand, encodeCommand } from '../../../src/kv/command';
import { AuthStateError } from '../../../src/errors';

const b = (s: string): Uint8Array => Buffer.from(s);
const apply = (changes: AuthChange[], from: AuthState = EMPTY_AUTH_STATE): AuthState => changes.reduce(applyAuthChange, from);
const refusal = (state: AuthState, change: AuthChange): string | undefined => {
  try {
    applyAuthChange(state, change);
    return undefined;
  } catch (err) {
    return err instanceof AuthStateError ? err.kind : String(err);
  }
};

const withRoot: AuthChange[] = [
  { kind: 'user-add', user: 'root', passwordHash: 'scrypt$x', noPassword: false },
  { kind: 'user-grant-role', user: 'root', role: 'root' },
];

describe('the auth state follows etcd rules', () => {
  it('refuses to enable auth without a root user holding the root role', () => {
    expect(refusal(EMPTY_AUTH_STATE, { kind: 'enable' })).toBe('root_user_not_exist');
    expect(refusal(apply(withRoot.slice(0, 1)), { kind: 'enable' })).toBe('root_role_not_exist');
    expect(apply([...withRoot, { kind: 'enable' }]).enabled).toBe(true);
  });

  it('keeps root and its role while enabled', () => {
    const on = apply([...withRoot, { kind: 'enable' }]);
    expect(refusal(on, { kind: 'user-delete', user: 'root' })).toBe('invalid_auth_mgmt');
    expect(refusal(on, { kind: 'user-revoke-role', user: 'root', role: 'root' })).toBe('invalid_auth_mgmt');
  });

  it('names what is missing or duplicated', () => {
    const s = apply(withRoot);
    expect(refusal(s, { kind: 'user-add', user: 'root', passwordHash: '', noPassword: true })).toBe('user_exists');
    expect(refusal(s, { kind: 'user-add', user: '', passwordHash: '', noPassword: true })).toBe('user_empty');
    expect(refusal(s, { kind: 'user-grant-role', user: 'root', role: 'nope' })).toBe('role_not_found');
    expect(refusal(s, { kind: 'user-grant-role', user: 'nope', role: 'root' })).toBe('user_not_found');
    expect(refusal(s, { kind: 'role-revoke-permission', role: 'nope', key: b('a'), rangeEnd: b('') })).toBe('role_not_found');
    expect(refusal(apply([{ kind: 'role-add', role: 'r' }], s), { kind: 'role-revoke-permission', role: 'r', key: b('a'), rangeEnd: b('') })).toBe('permission_not_granted');
  });

  it('deleting a role takes it from every user, so re-adding it grants nothing', () => {
    const s = apply([...withRoot, { kind: 'role-add', role: 'r' }, { kind: 'user-add', user: 'u', passwordHash: '', noPassword: true }, { kind: 'user-grant-role', user: 'u', role: 'r' }, { kind: 'role-delete', role: 'r' }, { kind: 'role-add', role: 'r' }]);
    expect(s.users.get('u')?.roles).toEqual([]);
  });

  it('every change bumps the auth revision', () => {
    expect(apply(withRoot).revision).toBe(2);
  });
});

describe('permissions cover a request only when their union covers all of it', () => {
  const state = apply([
    ...withRoot,
    { kind: 'user-add', user: 'u', passwordHash: '', noPassword: true },
    { kind: 'role-add', role: 'am' },
    { kind: 'role-add', role: 'mz' },
    { kind: 'role-grant-permission', role: 'am', permission: { type: 'read', key: b('a'), rangeEnd: b('m') } },
    { kind: 'role-grant-permission', role: 'mz', permission: { type: 'readwrite', key: b('m'), rangeEnd: b('z') } },
    { kind: 'user-grant-role', user: 'u', role: 'am' },
    { kind: 'user-grant-role', user: 'u', role: 'mz' },
  ]);
  it.each([
    ['read', 'b', '', true],
    ['read', 'a', 'z', true],
    ['read', 'a', 'zz', false],
    ['write', 'b', '', false],
    ['write', 'n', '', true],
    ['write', 'm', 'z', true],
    ['read', 'a', '\0', false],
  ] as const)('%s [%j, %j): %s', (access, key, end, expected) => {
    expect(isPermitted(state, 'u', access, etcdRange(b(key), b(end)))).toBe(expected);
  });

  it('the root role may do anything; an unknown user nothing', () => {
    expect(isPermitted(state, 'root', 'write', etcdRange(b(''), b('\0')))).toBe(true);
    expect(isPermitted(state, 'ghost', 'read', etcdRange(b('b'), b('')))).toBe(false);
  });
});

describe('encodings', () => {
  it('the auth state survives its encoding (database and snapshots)', () => {
    const s = apply([...withRoot, { kind: 'role-add', role: 'r' }, { kind: 'role-grant-permission', role: 'r', permission: { type: 'write', key: b('k'), rangeEnd: Uint8Array.of(0x6b, 0xff) } }, { kind: 'enable' }]);
    const back = decodeAuthState(encodeAuthState(s));
    expect({ ...back, roles: [...back.roles.values()].map((r) => ({ ...r, permissions: r.permissions.map((p) => ({ ...p, key: Buffer.from(p.key), rangeEnd: Buffer.from(p.rangeEnd) })) })) }).toEqual({
      ...s,
      roles: [...s.roles.values()].map((r) => ({ ...r, permissions: r.permissions.map((p) => ({ ...p, key: Buffer.from(p.key), rangeEnd: Buffer.from(p.rangeEnd) })) })),
    });
  });

  it.each<AuthChange>([
    { kind: 'enable' },
    { kind: 'user-add', user: 'u', passwordHash: 'scrypt$1', noPassword: false },
    { kind: 'user-revoke-role', user: 'u', role: 'r' },
    { kind: 'role-grant-permission', role: 'r', permission: { type: 'readwrite', key: b('a'), rangeEnd: b('b') } },
    { kind: 'role-revoke-permission', role: 'r', key: b('a'), rangeEnd: b('') },
  ])('an auth command survives the log: $kind', (change) => {
    const back = decodeCommand(encodeCommand({ op: 'auth', change }));
    expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify({ op: 'auth', change })));
  });
});
