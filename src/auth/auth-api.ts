/**
 * The auth operations behind both doors: raftkv.auth.v1.AuthService and
 * etcd's Auth service call these, so users, roles and tokens behave alike
 * whichever API a client speaks. Changes are proposed as AuthCommands and
 * decided at apply time (auth-state.ts); passwords are hashed here, on the
 * node that received them, before anything is proposed. Who may call what
 * is the interceptor's business (grpc-authorization.ts), not this file's.
 */
import { randomBytes } from 'node:crypto';
import { AuthFailedError, AuthStateError } from '../errors';
import { decodeResult, encodeCommand, throwIfFailed } from '../kv/command';
import type { AuthChange, AuthPermission, AuthRole, AuthState, AuthUser } from './auth-state';
import { validateAuthChange, validateAuthName, validatePassword } from './auth-validation';
import { hashPassword, verifyPassword } from './password';
import type { TokenStore } from './token-store';

export interface AuthApiNode {
  propose(command: Uint8Array, deadline: Date): Promise<{ readonly result: Uint8Array }>;
  linearizableBarrier(deadline: Date): Promise<void>;
}

export interface AuthApiDeps {
  readonly node: AuthApiNode;
  /** The applied auth state (KvStateMachine.authState). */
  readonly state: () => AuthState;
  readonly tokens: TokenStore;
}

export interface AuthApi {
  enable(deadline: Date): Promise<void>;
  disable(deadline: Date): Promise<void>;
  status(): { enabled: boolean; revision: number };
  /** A token for `name`, valid on this node only. AuthFailedError for an unknown user or a wrong password. */
  authenticate(name: string, password: string, deadline: Date): Promise<{ token: string; ttlSeconds: number }>;
  userAdd(name: string, password: string, noPassword: boolean, deadline: Date): Promise<void>;
  userGet(name: string, deadline: Date): Promise<AuthUser>;
  userList(deadline: Date): Promise<string[]>;
  userDelete(name: string, deadline: Date): Promise<void>;
  userChangePassword(name: string, password: string, deadline: Date): Promise<void>;
  userGrantRole(user: string, role: string, deadline: Date): Promise<void>;
  userRevokeRole(user: string, role: string, deadline: Date): Promise<void>;
  roleAdd(name: string, deadline: Date): Promise<void>;
  roleGet(name: string, deadline: Date): Promise<AuthRole>;
  roleList(deadline: Date): Promise<string[]>;
  roleDelete(name: string, deadline: Date): Promise<void>;
  roleGrantPermission(role: string, permission: AuthPermission, deadline: Date): Promise<void>;
  roleRevokePermission(role: string, key: Uint8Array, rangeEnd: Uint8Array, deadline: Date): Promise<void>;
}

export function createAuthApi(deps: AuthApiDeps): AuthApi {
  const { node, state, tokens } = deps;
  /** Checked against for an unknown user, so the answer takes as long as for a wrong password and names no user. */
  let decoy: Promise<string> | undefined;
  const change = async (c: AuthChange, deadline: Date): Promise<void> => {
    validateAuthChange(c);
    throwIfFailed(decodeResult((await node.propose(encodeCommand({ op: 'auth', change: c }), deadline)).result));
  };
  /** Reads see every change committed before they began, whichever node they reach. */
  const current = async (deadline: Date): Promise<AuthState> => {
    await node.linearizableBarrier(deadline);
    return state();
  };
  const hashed = async (field: string, password: string): Promise<string> => {
    validatePassword(field, password);
    return hashPassword(password);
  };
  return {
    enable: (deadline) => change({ kind: 'enable' }, deadline),
    disable: (deadline) => change({ kind: 'disable' }, deadline),
    status() {
      const s = state();
      return { enabled: s.enabled, revision: s.revision };
    },
    async authenticate(name, password, deadline) {
      validateAuthName('name', name);
      validatePassword('password', password);
      const s = await current(deadline);
      if (!s.enabled) throw new AuthStateError('auth_not_enabled', 'authentication is not enabled');
      const user = s.users.get(name);
      if (user === undefined) {
        decoy ??= hashPassword(randomBytes(16).toString('hex'));
        await verifyPassword(password, await decoy);
        throw new AuthFailedError();
      }
      // A user without a password authenticates only by client certificate.
      if (user.noPassword || !(await verifyPassword(password, user.passwordHash))) throw new AuthFailedError();
      return { token: tokens.issue(name, user.passwordHash), ttlSeconds: tokens.ttlSeconds };
    },
    async userAdd(name, password, noPassword, deadline) {
      validateAuthName('name', name);
      const passwordHash = noPassword ? '' : await hashed('password', password);
      await change({ kind: 'user-add', user: name, passwordHash, noPassword }, deadline);
    },
    async userGet(name, deadline) {
      const user = (await current(deadline)).users.get(name);
      if (user === undefined) throw new AuthStateError('user_not_found', `user ${JSON.stringify(name)} not found`);
      return user;
    },
    userList: async (deadline) => [...(await current(deadline)).users.keys()].sort(),
    userDelete: (name, deadline) => change({ kind: 'user-delete', user: name }, deadline),
    async userChangePassword(name, password, deadline) {
      await change({ kind: 'user-change-password', user: name, passwordHash: await hashed('password', password) }, deadline);
    },
    userGrantRole: (user, role, deadline) => change({ kind: 'user-grant-role', user, role }, deadline),
    userRevokeRole: (user, role, deadline) => change({ kind: 'user-revoke-role', user, role }, deadline),
    roleAdd: (name, deadline) => change({ kind: 'role-add', role: name }, deadline),
    async roleGet(name, deadline) {
      const role = (await current(deadline)).roles.get(name);
      if (role === undefined) throw new AuthStateError('role_not_found', `role ${JSON.stringify(name)} not found`);
      return role;
    },
    roleList: async (deadline) => [...(await current(deadline)).roles.keys()].sort(),
    roleDelete: (name, deadline) => change({ kind: 'role-delete', role: name }, deadline),
    roleGrantPermission: (role, permission, deadline) => change({ kind: 'role-grant-permission', role, permission }, deadline),
    roleRevokePermission: (role, key, rangeEnd, deadline) => change({ kind: 'role-revoke-permission', role, key, rangeEnd }, deadline),
  };
}
