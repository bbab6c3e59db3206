/**
 * etcd's Auth service over raftkv's AuthApi (the one raftkv.auth.v1
 * AuthService uses), with etcd's field names and error words, so
 * `etcdctl user|role|auth ...` and `etcdctl --user` work as against etcd.
 * Who may call each method is decided before any handler runs
 * (src/auth/grpc-authorization.ts): every call here but Authenticate and
 * AuthStatus needs the root role once auth is enabled.
 */
import type * as grpc from '@grpc/grpc-js';
import type { AuthApi } from '../auth/auth-api';
import type { PermissionType } from '../auth/auth-state';
import { InvalidArgumentError } from '../errors';
import type { AuthHandlers } from '../generated/etcdserverpb/Auth';
import type { Permission__Output } from '../generated/authpb/Permission';
import { requestDeadline } from '../server/request-context';
import { unary, type HandlerLogger } from '../server/unary';
import type { EtcdHeader } from './etcd-header';
import { etcdStatus } from './etcd-status';

export interface EtcdAuthDeps {
  readonly api: AuthApi;
  readonly header: EtcdHeader;
  readonly revision: () => number;
  readonly requestTimeoutMs: number;
  readonly logger: HandlerLogger;
}

const TYPES: Readonly<Record<Permission__Output['permType'], PermissionType>> = { READ: 'read', WRITE: 'write', READWRITE: 'readwrite' };
const ETCD_TYPES: Readonly<Record<PermissionType, Permission__Output['permType']>> = { read: 'READ', write: 'WRITE', readwrite: 'READWRITE' };

/** etcd 3.5's pre-hashed passwords are bcrypt; raftkv stores scrypt and cannot take them. */
function refuseHashed(hashed: string): void {
  if (hashed !== '') throw new InvalidArgumentError('hashedPassword', 'raftkv hashes passwords itself (scrypt); send the password over TLS instead');
}

export function etcdAuthHandlers(deps: EtcdAuthDeps): AuthHandlers {
  const { api, logger } = deps;
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);
  const header = (): ReturnType<EtcdHeader> => deps.header(deps.revision());
  /** etcd's unary with its words for errors; every answer carries the header. */
  const handle = <Req, Res>(name: string, fn: (req: Req, deadline: Date) => Promise<Omit<Res, 'header'>>): grpc.handleUnaryCall<Req, Res> =>
    unary<Req, Res>(`etcd.${name}`, logger, async (req, call) => ({ header: header(), ...(await fn(req, deadlineOf(call))) }) as Res, etcdStatus);
  return {
    AuthEnable: handle('AuthEnable', async (_req, d) => {
      await api.enable(d);
      return {};
    }),
    AuthDisable: handle('AuthDisable', async (_req, d) => {
      await api.disable(d);
      return {};
    }),
    AuthStatus: handle('AuthStatus', () => {
      const s = api.status();
      return Promise.resolve({ enabled: s.enabled, authRevision: String(s.revision) });
    }),
    Authenticate: handle('Authenticate', async (req, d) => ({ token: (await api.authenticate(req.name, req.password, d)).token })),
    UserAdd: handle('UserAdd', async (req, d) => {
      refuseHashed(req.hashedPassword);
      await api.userAdd(req.name, req.password, req.options?.no_password ?? false, d);
      return {};
    }),
    UserGet: handle('UserGet', async (req, d) => ({ roles: [...(await api.userGet(req.name, d)).roles] })),
    UserList: handle('UserList', async (_req, d) => ({ users: await api.userList(d) })),
    UserDelete: handle('UserDelete', async (req, d) => {
      await api.userDelete(req.name, d);
      return {};
    }),
    UserChangePassword: handle('UserChangePassword', async (req, d) => {
      refuseHashed(req.hashedPassword);
      await api.userChangePassword(req.name, req.password, d);
      return {};
    }),
    UserGrantRole: handle('UserGrantRole', async (req, d) => {
      await api.userGrantRole(req.user, req.role, d);
      return {};
    }),
    UserRevokeRole: handle('UserRevokeRole', async (req, d) => {
      await api.userRevokeRole(req.name, req.role, d);
      return {};
    }),
    RoleAdd: handle('RoleAdd', async (req, d) => {
      await api.roleAdd(req.name, d);
      return {};
    }),
    RoleGet: handle('RoleGet', async (req, d) => ({
      perm: (await api.roleGet(req.role, d)).permissions.map((p) => ({ permType: ETCD_TYPES[p.type], key: Buffer.from(p.key), range_end: Buffer.from(p.rangeEnd) })),
    })),
    RoleList: handle('RoleList', async (_req, d) => ({ roles: await api.roleList(d) })),
    RoleDelete: handle('RoleDelete', async (req, d) => {
      await api.roleDelete(req.role, d);
      return {};
    }),
    RoleGrantPermission: handle('RoleGrantPermission', async (req, d) => {
      const perm = req.perm;
      if (perm === null) throw new InvalidArgumentError('perm', 'is required');
      await api.roleGrantPermission(req.name, { type: TYPES[perm.permType], key: perm.key, rangeEnd: perm.range_end }, d);
      return {};
    }),
    RoleRevokePermission: handle('RoleRevokePermission', async (req, d) => {
      await api.roleRevokePermission(req.role, req.key, req.range_end, d);
      return {};
    }),
  };
}
