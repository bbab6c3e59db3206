/**
 * The replicated auth state (users, roles, permissions, the enabled flag) and
 * the one pure function that changes it. Every node applies the same
 * AuthChange entries in log order with applyAuthChange, so every node holds
 * the same state; the rules (and their refusals) are etcd's, so that
 * etcdctl's `user`, `role` and `auth` commands behave as against etcd.
 */
import { AuthStateError } from '../errors';

export const ROOT = 'root';

export type PermissionType = 'read' | 'write' | 'readwrite';

/**
 * A right on keys, with etcd's byte bounds: rangeEnd empty is the one key,
 * "\0" every key from `key` on, else [key, rangeEnd). Bytes rather than text
 * so a prefix end that is not UTF-8 ("a\xff" + 1) is kept exactly.
 */
export interface AuthPermission {
  readonly type: PermissionType;
  readonly key: Uint8Array;
  readonly rangeEnd: Uint8Array;
}

export interface AuthUser {
  readonly name: string;
  /** password.ts's encoded scrypt hash; empty for a user without password. */
  readonly passwordHash: string;
  readonly noPassword: boolean;
  /** Sorted, without duplicates. */
  readonly roles: readonly string[];
}

export interface AuthRole {
  readonly name: string;
  readonly permissions: readonly AuthPermission[];
}

export interface AuthState {
  readonly enabled: boolean;
  /** Counts the changes applied (etcd's auth revision). */
  readonly revision: number;
  readonly users: ReadonlyMap<string, AuthUser>;
  readonly roles: ReadonlyMap<string, AuthRole>;
}

export const EMPTY_AUTH_STATE: AuthState = { enabled: false, revision: 0, users: new Map(), roles: new Map() };

/** One change, as replicated in the log (command.ts). A password never travels: only its hash. */
export type AuthChange =
  | { readonly kind: 'enable' }
  | { readonly kind: 'disable' }
  | { readonly kind: 'user-add'; readonly user: string; readonly passwordHash: string; readonly noPassword: boolean }
  | { readonly kind: 'user-delete'; readonly user: string }
  | { readonly kind: 'user-change-password'; readonly user: string; readonly passwordHash: string }
  | { readonly kind: 'user-grant-role'; readonly user: string; readonly role: string }
  | { readonly kind: 'user-revoke-role'; readonly user: string; readonly role: string }
  | { readonly kind: 'role-add'; readonly role: string }
  | { readonly kind: 'role-delete'; readonly role: string }
  | { readonly kind: 'role-grant-permission'; readonly role: string; readonly permission: AuthPermission }
  | { readonly kind: 'role-revoke-permission'; readonly role: string; readonly key: Uint8Array; readonly rangeEnd: Uint8Array };

const userNotFound = (name: string): AuthStateError => new AuthStateError('user_not_found', `user ${JSON.stringify(name)} not found`);
const roleNotFound = (name: string): AuthStateError => new AuthStateError('role_not_found', `role ${JSON.stringify(name)} not found`);
const rootProtected = (): AuthStateError =>
  new AuthStateError('invalid_auth_mgmt', 'while auth is enabled, the root user must exist and keep the root role (disable auth first)');

function withUser(state: AuthState, user: AuthUser): AuthState {
  return { ...state, users: new Map(state.users).set(user.name, user) };
}

function withRole(state: AuthState, role: AuthRole): AuthState {
  return { ...state, roles: new Map(state.roles).set(role.name, role) };
}

function sameBounds(p: { key: Uint8Array; rangeEnd: Uint8Array }, key: Uint8Array, rangeEnd: Uint8Array): boolean {
  return Buffer.compare(p.key, key) === 0 && Buffer.compare(p.rangeEnd, rangeEnd) === 0;
}

/**
 * The state after `change`, with its revision bumped; throws AuthStateError
 * (nothing changed) when the change does not fit. Changes that change
 * nothing (enabling twice, granting a role held) succeed, as in etcd.
 */
export function applyAuthChange(state: AuthState, change: AuthChange): AuthState {
  return { ...changed(state, change), revision: state.revision + 1 };
}

function changed(state: AuthState, change: AuthChange): AuthState {
  switch (change.kind) {
    case 'enable': {
      if (state.enabled) return state;
      const root = state.users.get(ROOT);
      if (root === undefined) throw new AuthStateError('root_user_not_exist', 'auth cannot be enabled: the user "root" does not exist');
      if (!root.roles.includes(ROOT)) throw new AuthStateError('root_role_not_exist', 'auth cannot be enabled: the user "root" does not have the root role');
      return { ...state, enabled: true };
    }
    case 'disable':
      return { ...state, enabled: false };
    case 'user-add': {
      if (change.user === '') throw new AuthStateError('user_empty', 'user name is empty');
      if (state.users.has(change.user)) throw new AuthStateError('user_exists', `user ${JSON.stringify(change.user)} already exists`);
      return withUser(state, { name: change.user, passwordHash: change.passwordHash, noPassword: change.noPassword, roles: [] });
    }
    case 'user-delete': {
      if (state.enabled && change.user === ROOT) throw rootProtected();
      if (!state.users.has(change.user)) throw userNotFound(change.user);
      const users = new Map(state.users);
      users.delete(change.user);
      return { ...state, users };
    }
    case 'user-change-password': {
      const user = state.users.get(change.user);
      if (user === undefined) throw userNotFound(change.user);
      return withUser(state, { ...user, passwordHash: change.passwordHash, noPassword: false });
    }
    case 'user-grant-role': {
      const user = state.users.get(change.user);
      if (user === undefined) throw userNotFound(change.user);
      // etcd lets "root" be granted before a role of that name exists: it is the built-in one.
      if (change.role !== ROOT && !state.roles.has(change.role)) throw roleNotFound(change.role);
      if (user.roles.includes(change.role)) return state;
      return withUser(state, { ...user, roles: [...user.roles, change.role].sort() });
    }
    case 'user-revoke-role': {
      if (state.enabled && change.user === ROOT && change.role === ROOT) throw rootProtected();
      const user = state.users.get(change.user);
      if (user === undefined) throw userNotFound(change.user);
      if (!user.roles.includes(change.role)) {
        throw new AuthStateError('role_not_granted', `role ${JSON.stringify(change.role)} is not granted to user ${JSON.stringify(change.user)}`);
      }
      return withUser(state, { ...user, roles: user.roles.filter((r) => r !== change.role) });
    }
    case 'role-add': {
      if (change.role === '') throw new AuthStateError('role_empty', 'role name is empty');
      if (state.roles.has(change.role)) throw new AuthStateError('role_exists', `role ${JSON.stringify(change.role)} already exists`);
      return withRole(state, { name: change.role, permissions: [] });
    }
    case 'role-delete': {
      if (state.enabled && change.role === ROOT) throw rootProtected();
      if (!state.roles.has(change.role)) throw roleNotFound(change.role);
      const roles = new Map(state.roles);
      roles.delete(change.role);
      // Users lose the role too, so a role added again later grants nothing by surprise.
      const users = new Map([...state.users].map(([name, u]) => [name, { ...u, roles: u.roles.filter((r) => r !== change.role) }]));
      return { ...state, roles, users };
    }
    case 'role-grant-permission': {
      const role = state.roles.get(change.role);
      if (role === undefined) throw roleNotFound(change.role);
      const p = change.permission;
      // Granting the same bounds again replaces the type (etcd).
      const others = role.permissions.filter((q) => !sameBounds(q, p.key, p.rangeEnd));
      const permissions = [...others, p].sort((a, b) => Buffer.compare(a.key, b.key) || Buffer.compare(a.rangeEnd, b.rangeEnd));
      return withRole(state, { ...role, permissions });
    }
    case 'role-revoke-permission': {
      const role = state.roles.get(change.role);
      if (role === undefined) throw roleNotFound(change.role);
      const kept = role.permissions.filter((q) => !sameBounds(q, change.key, change.rangeEnd));
      if (kept.length === role.permissions.length) {
        throw new AuthStateError('permission_not_granted', `role ${JSON.stringify(change.role)} has no permission on exactly that key or range`);
      }
      return withRole(state, { ...role, permissions: kept });
    }
  }
}
