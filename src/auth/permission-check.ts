/**
 * Whether a user's roles grant a permission on a key range: the union of the
 * user's permissions of that kind must cover the whole range, as in etcd
 * (which merges them in an interval tree), so two roles for "a".."m" and
 * "m".."z" together allow reading "a".."z".
 */
import type { KeyRange } from '../kv/key-range';
import { ROOT, type AuthPermission, type AuthState } from './auth-state';

export type Access = 'read' | 'write';

/** A permission's bounds as a KeyRange (end undefined: no upper bound). */
export function permissionRange(p: Pick<AuthPermission, 'key' | 'rangeEnd'>): KeyRange {
  const start = Buffer.from(p.key);
  if (p.rangeEnd.byteLength === 0) return { start, end: Buffer.concat([start, Buffer.of(0)]), single: true };
  if (p.rangeEnd.byteLength === 1 && p.rangeEnd[0] === 0) return { start, end: undefined, single: false };
  return { start, end: Buffer.from(p.rangeEnd), single: false };
}

function grants(p: AuthPermission, access: Access): boolean {
  return p.type === 'readwrite' || p.type === access;
}

export function isRoot(state: AuthState, user: string): boolean {
  return state.users.get(user)?.roles.includes(ROOT) ?? false;
}

/** True when `user` (who exists) may `access` every key of `range`. The root role may do anything. */
export function isPermitted(state: AuthState, user: string, access: Access, range: KeyRange): boolean {
  const u = state.users.get(user);
  if (u === undefined) return false;
  if (u.roles.includes(ROOT)) return true;
  const ranges = u.roles
    .flatMap((r) => state.roles.get(r)?.permissions ?? [])
    .filter((p) => grants(p, access))
    .map(permissionRange)
    .sort((a, b) => Buffer.compare(a.start, b.start));
  // Sweep from the range's start, extending over every permission that touches what is covered so far.
  let covered: Buffer = range.start;
  for (const r of ranges) {
    if (Buffer.compare(r.start, covered) > 0) break;
    if (r.end === undefined) return true;
    if (Buffer.compare(r.end, covered) > 0) covered = r.end;
  }
  return range.end !== undefined && Buffer.compare(covered, range.end) >= 0;
}
