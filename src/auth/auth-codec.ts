/**
 * The auth state and its changes in protobuf (command.proto's AuthCommand and
 * AuthState): a change inside a log entry, the whole state under one database
 * key and in the last snapshot chunk.
 */
import type protobuf from 'protobufjs';
import { protoType } from '../codec/raft-codec';
import type { AuthChange, AuthPermission, AuthRole, AuthState, AuthUser, PermissionType } from './auth-state';

const AuthStateProto = protoType('raftkv.raft.v1.AuthState');

const PERMISSION_TYPES: Readonly<Record<PermissionType, string>> = {
  read: 'PERMISSION_TYPE_READ',
  write: 'PERMISSION_TYPE_WRITE',
  readwrite: 'PERMISSION_TYPE_READWRITE',
};

const OPS = {
  enable: 'AUTH_OP_ENABLE',
  disable: 'AUTH_OP_DISABLE',
  'user-add': 'AUTH_OP_USER_ADD',
  'user-delete': 'AUTH_OP_USER_DELETE',
  'user-change-password': 'AUTH_OP_USER_CHANGE_PASSWORD',
  'user-grant-role': 'AUTH_OP_USER_GRANT_ROLE',
  'user-revoke-role': 'AUTH_OP_USER_REVOKE_ROLE',
  'role-add': 'AUTH_OP_ROLE_ADD',
  'role-delete': 'AUTH_OP_ROLE_DELETE',
  'role-grant-permission': 'AUTH_OP_ROLE_GRANT_PERMISSION',
  'role-revoke-permission': 'AUTH_OP_ROLE_REVOKE_PERMISSION',
} as const satisfies Record<AuthChange['kind'], string>;

/** The wire shape protobufjs reads and writes (camelCase, enums as names after toObject). */
export interface AuthCommandWire {
  op?: string | number;
  user?: string;
  role?: string;
  passwordHash?: string;
  noPassword?: boolean;
  permission?: PermissionWire | null;
}

interface PermissionWire {
  type?: string | number;
  key?: Uint8Array;
  rangeEnd?: Uint8Array;
}

const EMPTY = new Uint8Array(0);

function permissionToWire(p: Pick<AuthPermission, 'key' | 'rangeEnd'> & { type?: PermissionType }): PermissionWire {
  return { ...(p.type !== undefined && { type: PERMISSION_TYPES[p.type] }), key: p.key, rangeEnd: p.rangeEnd };
}

function permissionType(value: string | number | undefined): PermissionType | undefined {
  const enumValues = protoType('raftkv.raft.v1.AuthPermission').fields['type']?.resolvedType as protobuf.Enum | null | undefined;
  const name = typeof value === 'number' ? enumValues?.valuesById[value] : value;
  return (Object.entries(PERMISSION_TYPES) as [PermissionType, string][]).find(([, n]) => n === name)?.[0];
}

function permissionFromWire(w: PermissionWire | null | undefined): AuthPermission | undefined {
  const type = permissionType(w?.type);
  if (w === null || w === undefined || type === undefined) return undefined;
  return { type, key: w.key ?? EMPTY, rangeEnd: w.rangeEnd ?? EMPTY };
}

export function authChangeToWire(c: AuthChange): AuthCommandWire {
  const op = OPS[c.kind];
  switch (c.kind) {
    case 'enable':
    case 'disable':
      return { op };
    case 'user-add':
      return { op, user: c.user, passwordHash: c.passwordHash, noPassword: c.noPassword };
    case 'user-delete':
      return { op, user: c.user };
    case 'user-change-password':
      return { op, user: c.user, passwordHash: c.passwordHash };
    case 'user-grant-role':
    case 'user-revoke-role':
      return { op, user: c.user, role: c.role };
    case 'role-add':
    case 'role-delete':
      return { op, role: c.role };
    case 'role-grant-permission':
      return { op, role: c.role, permission: permissionToWire(c.permission) };
    case 'role-revoke-permission':
      return { op, role: c.role, permission: permissionToWire({ key: c.key, rangeEnd: c.rangeEnd }) };
  }
}

/** undefined when the op is unknown (a newer writer) or a grant lacks its permission: applied as a refused no-op. */
export function authChangeFromWire(w: AuthCommandWire): AuthChange | undefined {
  const opEnum = protoType('raftkv.raft.v1.AuthCommand').fields['op']?.resolvedType as protobuf.Enum | null | undefined;
  const opName = typeof w.op === 'number' ? opEnum?.valuesById[w.op] : w.op;
  const kind = (Object.entries(OPS) as [AuthChange['kind'], string][]).find(([, n]) => n === opName)?.[0];
  const user = w.user ?? '';
  const role = w.role ?? '';
  switch (kind) {
    case undefined:
      return undefined;
    case 'enable':
    case 'disable':
      return { kind };
    case 'user-add':
      return { kind, user, passwordHash: w.passwordHash ?? '', noPassword: w.noPassword ?? false };
    case 'user-delete':
      return { kind, user };
    case 'user-change-password':
      return { kind, user, passwordHash: w.passwordHash ?? '' };
    case 'user-grant-role':
    case 'user-revoke-role':
      return { kind, user, role };
    case 'role-add':
    case 'role-delete':
      return { kind, role };
    case 'role-grant-permission': {
      const permission = permissionFromWire(w.permission);
      return permission === undefined ? undefined : { kind, role, permission };
    }
    case 'role-revoke-permission':
      return { kind, role, key: w.permission?.key ?? EMPTY, rangeEnd: w.permission?.rangeEnd ?? EMPTY };
  }
}

interface AuthStateWire {
  enabled?: boolean;
  revision?: number | string | { toString(): string };
  users?: { name?: string; passwordHash?: string; roles?: string[]; noPassword?: boolean }[];
  roles?: { name?: string; permissions?: PermissionWire[] }[];
}

export function authStateToWire(s: AuthState): object {
  return {
    enabled: s.enabled,
    revision: s.revision,
    users: [...s.users.values()].map((u) => ({ name: u.name, passwordHash: u.passwordHash, roles: [...u.roles], noPassword: u.noPassword })),
    roles: [...s.roles.values()].map((r) => ({ name: r.name, permissions: r.permissions.map(permissionToWire) })),
  };
}

export function authStateFromWire(w: object): AuthState {
  const s = w as AuthStateWire;
  const users = new Map<string, AuthUser>();
  for (const u of s.users ?? []) {
    const name = u.name ?? '';
    users.set(name, { name, passwordHash: u.passwordHash ?? '', noPassword: u.noPassword ?? false, roles: [...(u.roles ?? [])].sort() });
  }
  const roles = new Map<string, AuthRole>();
  for (const r of s.roles ?? []) {
    const name = r.name ?? '';
    roles.set(name, { name, permissions: (r.permissions ?? []).flatMap((p) => permissionFromWire(p) ?? []) });
  }
  return { enabled: s.enabled ?? false, revision: Number((s.revision ?? 0).toString()), users, roles };
}

export function encodeAuthState(s: AuthState): Uint8Array {
  return AuthStateProto.encode(AuthStateProto.fromObject(authStateToWire(s))).finish();
}

export function decodeAuthState(bytes: Uint8Array): AuthState {
  return authStateFromWire(AuthStateProto.decode(bytes));
}
