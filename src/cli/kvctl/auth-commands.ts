/** `user ...`, `role ...` and `auth enable|disable|status` over raftkv.auth.v1.AuthService. */
import { Argument, type Command } from 'commander';
import type { CallKind, KvClient } from '../kv-client';
import type { GetRoleResponse__Output } from '../../generated/raftkv/auth/v1/GetRoleResponse';
import type { GetUserResponse__Output } from '../../generated/raftkv/auth/v1/GetUserResponse';
import type { ListRolesResponse__Output } from '../../generated/raftkv/auth/v1/ListRolesResponse';
import type { ListUsersResponse__Output } from '../../generated/raftkv/auth/v1/ListUsersResponse';
import type { Permission__Output } from '../../generated/raftkv/auth/v1/Permission';
import type { StatusResponse__Output } from '../../generated/raftkv/auth/v1/StatusResponse';
import { EXIT, UsageError, examples, type KvctlContext } from './context';
import { lines } from './format';

const PERMISSION_TYPES = { read: 'PERMISSION_TYPE_READ', write: 'PERMISSION_TYPE_WRITE', readwrite: 'PERMISSION_TYPE_READWRITE' } as const;
const TYPE_NAMES: Readonly<Record<string, string>> = { PERMISSION_TYPE_READ: 'read', PERMISSION_TYPE_WRITE: 'write', PERMISSION_TYPE_READWRITE: 'readwrite' };

/** "read prefix app/", "write key config", "readwrite range [a, m)", "read from a". */
export function describePermission(p: Permission__Output): string {
  const type = TYPE_NAMES[p.type] ?? p.type;
  if (p.prefix) return `${type} prefix ${p.key}`;
  if (p.range_end === '') return `${type} key ${p.key}`;
  if (p.range_end === '\u0000') return `${type} from ${p.key}`;
  return `${type} range [${p.key}, ${p.range_end})`;
}

interface RangeFlags {
  prefix?: boolean;
  fromKey?: boolean;
}

/** A permission's key spelling from the command line: one key, [key, end), --prefix or --from-key. */
function permissionSpec(key: string, end: string | undefined, flags: RangeFlags): { key: string; range_end: string; prefix: boolean } {
  const chosen = [end !== undefined, flags.prefix === true, flags.fromKey === true].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('give at most one of <range_end>, --prefix and --from-key');
  if (flags.fromKey === true) return { key, range_end: '\u0000', prefix: false };
  return { key, range_end: end ?? '', prefix: flags.prefix === true };
}

const rangeOptions = (cmd: Command): Command =>
  cmd.option('--prefix', 'every key starting with <key>').option('--from-key', 'every key from <key> on');

export function registerAuthCommands(program: Command, ctx: KvctlContext): void {
  const call = <Res>(c: KvClient, kind: CallKind, method: Parameters<KvClient['auth']>[1], request: object): Promise<Res> => c.auth<Res>(kind, method, request);
  /** name:password, or name and the password asked on the terminal. */
  const nameAndPassword = async (arg: string, what: string): Promise<[string, string]> => {
    const colon = arg.indexOf(':');
    if (colon === 0) throw new UsageError('a user name is required: <name[:password]>');
    if (colon > 0) return [arg.slice(0, colon), arg.slice(colon + 1)];
    return [arg, await ctx.io.promptPassword(`${what} for ${arg}: `, `no password given (${arg}:<password>)`)];
  };
  const done = (message: string): number => {
    ctx.out(lines([message]));
    return EXIT.ok;
  };
  /** A change: the call, then one line saying what changed. */
  const change = async (c: KvClient, method: Parameters<KvClient['auth']>[1], request: object, message: string): Promise<number> => {
    await call(c, 'write', method, request);
    return done(message);
  };

  const user = program
    .command('user')
    .summary('add, delete, list and inspect users; set passwords and roles')
    .description('Users of auth (docs/security.md, "Authentication and roles"). Once auth is enabled, only the root role may manage users.')
    .addHelpText('after', examples('kvctl user add root            # asks for the password', 'kvctl user grant-role root root', 'kvctl user add alice:s3cret', 'kvctl --user root user list'));

  user
    .command('add')
    .description('Add a user. Without ":password" the password is asked on the terminal (not echoed); --no-password makes a user that only a client certificate (CN) can log in as.')
    .argument('<name[:password]>', 'user name, optionally with its password')
    .option('--no-password', 'no password: the user authenticates only by client certificate')
    .addHelpText('after', examples('kvctl user add alice', 'kvctl user add ci:$(cat ci-password)', 'kvctl user add svc-orders --no-password'))
    .action((arg: string, flags: { password: boolean }) =>
      ctx.run(async (c) => {
        const [name, password] = flags.password ? await nameAndPassword(arg, 'Password') : [arg, ''];
        await call(c, 'write', 'AddUser', { name, password, no_password: !flags.password });
        return done(`User ${name} created`);
      }),
    );

  user
    .command('delete')
    .description('Delete a user (its tokens stop working at once).')
    .argument('<name>', 'user name')
    .addHelpText('after', examples('kvctl user delete alice'))
    .action((name: string) => ctx.run((c) => change(c, 'DeleteUser', { name }, `User ${name} deleted`)));

  user
    .command('list')
    .description('List the users, one per line.')
    .addHelpText('after', examples('kvctl --user root user list'))
    .action(() =>
      ctx.run(async (c) => {
        ctx.out(lines((await call<ListUsersResponse__Output>(c, 'read', 'ListUsers', {})).names));
        return EXIT.ok;
      }),
    );

  user
    .command('get')
    .description('Print a user and its roles.')
    .argument('<name>', 'user name')
    .addHelpText('after', examples('kvctl user get alice'))
    .action((name: string) =>
      ctx.run(async (c) => {
        const u = await call<GetUserResponse__Output>(c, 'read', 'GetUser', { name });
        ctx.out(lines([`User: ${u.name}`, `Roles: ${u.roles.join(' ')}`]));
        return EXIT.ok;
      }),
    );

  user
    .command('passwd')
    .description("Change a user's password (asked on the terminal without \":password\"). The user's tokens stop working; it authenticates again.")
    .argument('<name[:password]>', 'user name, optionally with the new password')
    .addHelpText('after', examples('kvctl user passwd alice', 'kvctl --user root user passwd alice:n3w'))
    .action((arg: string) =>
      ctx.run(async (c) => {
        const [name, password] = await nameAndPassword(arg, 'New password');
        await call(c, 'write', 'ChangePassword', { name, password });
        return done(`Password of ${name} updated`);
      }),
    );

  user
    .command('grant-role')
    .description('Give a user a role; it takes effect on the user\'s next request. "root" is the built-in role that may do anything.')
    .argument('<user>', 'user name')
    .argument('<role>', 'role name')
    .addHelpText('after', examples('kvctl user grant-role root root', 'kvctl user grant-role alice app'))
    .action((u: string, role: string) => ctx.run((c) => change(c, 'GrantRole', { user: u, role }, `Role ${role} granted to user ${u}`)));

  user
    .command('revoke-role')
    .description("Take a role from a user; it takes effect on the user's next request.")
    .argument('<user>', 'user name')
    .argument('<role>', 'role name')
    .addHelpText('after', examples('kvctl user revoke-role alice app'))
    .action((u: string, role: string) => ctx.run((c) => change(c, 'RevokeRole', { user: u, role }, `Role ${role} revoked from user ${u}`)));

  const role = program
    .command('role')
    .summary('add, delete, list and inspect roles; grant and revoke permissions')
    .description('Roles hold permissions (read, write or readwrite) on a key, a range [key, range_end) or a prefix.')
    .addHelpText('after', examples('kvctl role add app', 'kvctl role grant-permission app readwrite app/ --prefix', 'kvctl user grant-role alice app'));

  role
    .command('add')
    .description('Add a role with no permissions.')
    .argument('<name>', 'role name')
    .addHelpText('after', examples('kvctl role add app'))
    .action((name: string) => ctx.run((c) => change(c, 'AddRole', { name }, `Role ${name} created`)));

  role
    .command('delete')
    .description('Delete a role; users holding it lose it.')
    .argument('<name>', 'role name')
    .addHelpText('after', examples('kvctl role delete app'))
    .action((name: string) => ctx.run((c) => change(c, 'DeleteRole', { name }, `Role ${name} deleted`)));

  role
    .command('list')
    .description('List the roles, one per line.')
    .addHelpText('after', examples('kvctl --user root role list'))
    .action(() =>
      ctx.run(async (c) => {
        ctx.out(lines((await call<ListRolesResponse__Output>(c, 'read', 'ListRoles', {})).names));
        return EXIT.ok;
      }),
    );

  role
    .command('get')
    .description('Print a role and its permissions, one per line: "<type> key|prefix|range|from ...".')
    .argument('<name>', 'role name')
    .addHelpText('after', examples('kvctl role get app'))
    .action((name: string) =>
      ctx.run(async (c) => {
        const r = await call<GetRoleResponse__Output>(c, 'read', 'GetRole', { name });
        ctx.out(lines([`Role ${r.name}`, ...r.permissions.map(describePermission)]));
        return EXIT.ok;
      }),
    );

  rangeOptions(
    role
      .command('grant-permission')
      .description('Grant a role read, write or readwrite on one key, on [key, range_end), on a prefix, or on every key from <key>. Granting the same keys again replaces the type.')
      .argument('<role>', 'role name')
      .addArgument(new Argument('<type>', 'read, write or readwrite').choices(Object.keys(PERMISSION_TYPES)))
      .argument('<key>', 'the key, or the first key of the range')
      .argument('[range_end]', 'end of the range, exclusive'),
  )
    .addHelpText('after', examples('kvctl role grant-permission app readwrite app/ --prefix', 'kvctl role grant-permission app read config', 'kvctl role grant-permission audit read a m'))
    .action((r: string, type: keyof typeof PERMISSION_TYPES, key: string, end: string | undefined, flags: RangeFlags) =>
      ctx.run(async (c) => {
        await call(c, 'write', 'GrantPermission', { role: r, permission: { type: PERMISSION_TYPES[type], ...permissionSpec(key, end, flags) } });
        return done(`Role ${r} updated`);
      }),
    );

  rangeOptions(
    role
      .command('revoke-permission')
      .description('Revoke the permission a role holds on exactly these keys (as granted).')
      .argument('<role>', 'role name')
      .argument('<key>', 'the key, or the first key of the range')
      .argument('[range_end]', 'end of the range, exclusive'),
  )
    .addHelpText('after', examples('kvctl role revoke-permission app app/ --prefix', 'kvctl role revoke-permission app config'))
    .action((r: string, key: string, end: string | undefined, flags: RangeFlags) =>
      ctx.run(async (c) => {
        await call(c, 'write', 'RevokePermission', { role: r, permission: permissionSpec(key, end, flags) });
        return done(`Permission revoked from role ${r}`);
      }),
    );

  const auth = program
    .command('auth')
    .summary('enable, disable or show authentication')
    .description('Authentication: once enabled, every request needs a user (kvctl --user, or a client certificate naming one).')
    .addHelpText('after', examples('kvctl user add root && kvctl user grant-role root root', 'kvctl auth enable', 'kvctl --user root auth status', 'kvctl --user root auth disable'));

  auth
    .command('enable')
    .description('Turn authentication on. Refused until a user "root" holds the root role.')
    .addHelpText('after', examples('kvctl auth enable'))
    .action(() => ctx.run((c) => change(c, 'Enable', {}, 'Authentication enabled')));

  auth
    .command('disable')
    .description('Turn authentication off (root only): every request is allowed again.')
    .addHelpText('after', examples('kvctl --user root auth disable'))
    .action(() => ctx.run((c) => change(c, 'Disable', {}, 'Authentication disabled')));

  auth
    .command('status')
    .description('Print whether authentication is enabled, and the auth revision (counts changes to users and roles).')
    .addHelpText('after', examples('kvctl auth status'))
    .action(() =>
      ctx.run(async (c) => {
        const s = await call<StatusResponse__Output>(c, 'read', 'Status', {});
        ctx.out(lines([`Authentication: ${s.enabled ? 'enabled' : 'disabled'}`, `Auth revision: ${s.auth_revision}`]));
        return EXIT.ok;
      }),
    );
}
