/**
 * Permissions checked again when a client's command is applied (etcd's auth
 * revision check). A request is authorized at the door against the auth
 * state that node had applied; it may commit after its user lost a role or
 * a permission, or was deleted, or after auth was enabled. Each client
 * command therefore carries the user and the auth revision it was checked
 * against (AuthStamp); when the auth state applying it has another revision,
 * every node checks it again against that state, and a command no longer
 * permitted changes nothing and fails PERMISSION_DENIED (a Txn never runs
 * in part). Key writes (Put, Delete, Txn of both APIs and the HTTP door)
 * and client LeaseRevokes are stamped; auth changes are not (they need the
 * root role, which the root user cannot lose while auth is enabled).
 * Deterministic: it reads only the replicated state and the entry.
 *
 * Unlike etcd, which fails any request whose auth revision is old
 * (ErrAuthOldRevision) and leaves the retry to the client, only a request
 * that is no longer permitted fails.
 */
import { PermissionDeniedError } from '../errors';
import type { AuthStamp, KvCommand } from '../kv/command';
import { keyRangeOf, type KeyRange } from '../kv/key-range';
import type { AuthState } from './auth-state';
import { describeRange, type Need } from './authorizer';
import { isPermitted, isRoot } from './permission-check';
import { kvTxnNeeds } from './request-permissions';

/** What applying a command needs of its state beyond the command itself. */
export interface ApplyCheckContext {
  /** The keys attached to a lease (revoking it deletes them). */
  leaseKeys(id: string): Promise<readonly string[]>;
}

const write = (range: KeyRange): Need => ({ kind: 'key', access: 'write', range });
const single = (key: string): KeyRange => keyRangeOf({ key, range_end: '', prefix: false });

/** What a stamped command needs; undefined for a command that is never re-checked. */
async function commandNeeds(command: KvCommand, ctx: ApplyCheckContext): Promise<Need[] | undefined> {
  switch (command.op) {
    case 'txn':
      // The door's own rule, on the command's Txn (an etcd request arrives converted to it).
      return kvTxnNeeds(command.txn);
    case 'lease-revoke': {
      const keys = await ctx.leaseKeys(command.id);
      return keys.length === 0 ? [{ kind: 'user' }] : keys.map((k) => write(single(k)));
    }
    // Never stamped: the node's own (alarm, compact, member-update, hash-check, hash-report) or the v0.1 put/delete,
    // auth changes (see above), and lease grants, which need only a user.
    case 'put':
    case 'delete':
    case 'lease-grant':
    case 'member-update':
    case 'compact':
    case 'alarm':
    case 'hash-check':
    case 'hash-report':
    case 'auth':
      return undefined;
  }
}

/**
 * The PermissionDeniedError to fail `command` with, or undefined when it may
 * apply: unstamped (the node's own commands, entries older than stamps),
 * checked against this very auth revision, auth now disabled, or still
 * permitted. A malformed range is left for the apply to refuse.
 */
export async function recheckAtApply(state: AuthState, command: KvCommand, ctx: ApplyCheckContext): Promise<PermissionDeniedError | undefined> {
  const stamp: AuthStamp | undefined = 'stamp' in command ? command.stamp : undefined;
  if (stamp === undefined || stamp.revision === state.revision || !state.enabled) return undefined;
  let needs: Need[] | undefined;
  try {
    needs = await commandNeeds(command, ctx);
  } catch {
    return undefined;
  }
  if (needs === undefined || needs.length === 0) return undefined;
  const { user } = stamp;
  if (user === '') return new PermissionDeniedError('', 'root', undefined, 'permission denied: auth was enabled after this request was accepted without a user; authenticate and retry');
  if (!state.users.has(user)) return new PermissionDeniedError(user, 'root', undefined, `permission denied: user ${JSON.stringify(user)} no longer exists`);
  for (const need of needs) {
    if (need.kind === 'root' && !isRoot(state, user)) return new PermissionDeniedError(user, 'root');
    if (need.kind === 'key' && !isPermitted(state, user, need.access, need.range)) return new PermissionDeniedError(user, need.access, describeRange(need.range));
  }
  return undefined;
}
