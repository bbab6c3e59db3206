/**
 * raftkv.auth.v1.AuthService over the AuthApi etcd's Auth service shares.
 * Permissions are spelled as raftkv spells ranges (key, range_end, prefix);
 * they are stored as etcd's byte bounds, so a permission granted through one
 * API reads back the same through the other. Who may call each method is
 * decided before any handler runs (src/auth/grpc-authorization.ts).
 */
import type * as grpc from '@grpc/grpc-js';
import type { AuthApi } from '../auth/auth-api';
import type { AuthPermission, PermissionType } from '../auth/auth-state';
import { InvalidArgumentError } from '../errors';
import type { AuthServiceHandlers } from '../generated/raftkv/auth/v1/AuthService';
import type { Permission, Permission__Output } from '../generated/raftkv/auth/v1/Permission';
import { prefixEnd, TO_THE_END } from '../kv/key-range';
import { validateKey } from '../kv/validate';
import { requestDeadline } from './request-context';
import { unary, type HandlerLogger } from './unary';

export interface AuthServiceDeps {
  readonly api: AuthApi;
  readonly requestTimeoutMs: number;
  readonly logger: HandlerLogger;
}

const TYPES: Readonly<Record<string, PermissionType>> = {
  PERMISSION_TYPE_READ: 'read',
  PERMISSION_TYPE_WRITE: 'write',
  PERMISSION_TYPE_READWRITE: 'readwrite',
};
const WIRE_TYPES = { read: 'PERMISSION_TYPE_READ', write: 'PERMISSION_TYPE_WRITE', readwrite: 'PERMISSION_TYPE_READWRITE' } as const;

const NONE = new Uint8Array(0);
const ZERO = Uint8Array.of(0);

/** A permission's bounds as stored: one key, [key, range_end), "\0" to the end, or a prefix's end. */
export function permissionBounds(p: Pick<Permission__Output, 'key' | 'range_end' | 'prefix'>, field: string): { key: Uint8Array; rangeEnd: Uint8Array } {
  if (p.prefix && p.range_end !== '') throw new InvalidArgumentError(`${field}.range_end`, 'must be empty when prefix is set');
  if (p.key !== '' || (!p.prefix && p.range_end === '')) validateKey(p.key, `${field}.key`);
  const key = Buffer.from(p.key, 'utf8');
  if (p.prefix) return { key, rangeEnd: prefixEnd(key) ?? ZERO };
  if (p.range_end === '') return { key, rangeEnd: NONE };
  if (p.range_end !== TO_THE_END) validateKey(p.range_end, `${field}.range_end`);
  return { key, rangeEnd: Buffer.from(p.range_end, 'utf8') };
}

function permissionOut(p: AuthPermission): Permission {
  const key = Buffer.from(p.key);
  const end = Buffer.from(p.rangeEnd);
  // Shown as a prefix when it is one (key "" with "\0" is every key, which prefix "" means too).
  const prefix = end.byteLength > 0 && end.equals(prefixEnd(key) ?? Buffer.from(ZERO));
  return { type: WIRE_TYPES[p.type], key: key.toString('utf8'), range_end: prefix ? '' : end.toString('utf8'), prefix };
}

export function authServiceHandlers(deps: AuthServiceDeps): AuthServiceHandlers {
  const { api, logger } = deps;
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);
  const handle = <Req, Res>(name: string, fn: (req: Req, deadline: Date) => Promise<Res>): grpc.handleUnaryCall<Req, Res> =>
    unary<Req, Res>(`Auth.${name}`, logger, (req, call) => fn(req, deadlineOf(call)));
  const done = async (p: Promise<void>): Promise<Record<string, never>> => {
    await p;
    return {};
  };
  return {
    Enable: handle('Enable', (_req, d) => done(api.enable(d))),
    Disable: handle('Disable', (_req, d) => done(api.disable(d))),
    Status: handle('Status', () => {
      const s = api.status();
      return Promise.resolve({ enabled: s.enabled, auth_revision: String(s.revision) });
    }),
    Authenticate: handle('Authenticate', async (req, d) => {
      const t = await api.authenticate(req.name, req.password, d);
      return { token: t.token, ttl_seconds: String(t.ttlSeconds) };
    }),
    AddUser: handle('AddUser', (req, d) => done(api.userAdd(req.name, req.password, req.no_password, d))),
    GetUser: handle('GetUser', async (req, d) => {
      const u = await api.userGet(req.name, d);
      return { name: u.name, roles: [...u.roles] };
    }),
    ListUsers: handle('ListUsers', async (_req, d) => ({ names: await api.userList(d) })),
    DeleteUser: handle('DeleteUser', (req, d) => done(api.userDelete(req.name, d))),
    ChangePassword: handle('ChangePassword', (req, d) => done(api.userChangePassword(req.name, req.password, d))),
    GrantRole: handle('GrantRole', (req, d) => done(api.userGrantRole(req.user, req.role, d))),
    RevokeRole: handle('RevokeRole', (req, d) => done(api.userRevokeRole(req.user, req.role, d))),
    AddRole: handle('AddRole', (req, d) => done(api.roleAdd(req.name, d))),
    GetRole: handle('GetRole', async (req, d) => {
      const r = await api.roleGet(req.name, d);
      return { name: r.name, permissions: r.permissions.map(permissionOut) };
    }),
    ListRoles: handle('ListRoles', async (_req, d) => ({ names: await api.roleList(d) })),
    DeleteRole: handle('DeleteRole', (req, d) => done(api.roleDelete(req.name, d))),
    GrantPermission: handle('GrantPermission', async (req, d) => {
      const p = req.permission;
      if (p === null) throw new InvalidArgumentError('permission', 'is required');
      const type = TYPES[p.type];
      if (type === undefined) throw new InvalidArgumentError('permission.type', 'must be PERMISSION_TYPE_READ, PERMISSION_TYPE_WRITE or PERMISSION_TYPE_READWRITE');
      return done(api.roleGrantPermission(req.role, { type, ...permissionBounds(p, 'permission') }, d));
    }),
    RevokePermission: handle('RevokePermission', async (req, d) => {
      const p = req.permission;
      if (p === null) throw new InvalidArgumentError('permission', 'is required');
      const { key, rangeEnd } = permissionBounds(p, 'permission');
      return done(api.roleRevokePermission(req.role, key, rangeEnd, d));
    }),
  };
}
