/**
 * Who is asking, and may they: the one decision every door (gRPC for both
 * APIs, HTTP) defers to. Identity comes from a token this node issued
 * (metadata `token`, etcd's key, or `Authorization: Bearer`) or, under
 * --client-cert-auth, from the client certificate's common name. Permissions
 * are read from the applied auth state at each request, so a role granted
 * or revoked takes effect on the next request.
 */
import { PermissionDeniedError, UnauthenticatedError } from '../errors';
import type { KeyRange } from '../kv/key-range';
import type { AuthStamp } from '../kv/command';
import type { AuthState } from './auth-state';
import { isPermitted, isRoot, type Access } from './permission-check';
import type { TokenStore } from './token-store';

/** What a request needs. */
export type Need =
  /** Read or write every key of the range. */
  | { readonly kind: 'key'; readonly access: Access; readonly range: KeyRange }
  /** The root role: users, roles, membership, maintenance. */
  | { readonly kind: 'root' }
  /** Any known user (leases, status). */
  | { readonly kind: 'user' };

export interface Credentials {
  readonly token?: string | undefined;
  /** The verified client certificate's CN, when --client-cert-auth is on. */
  readonly commonName?: string | undefined;
}

export interface AuthorizerDeps {
  readonly state: () => AuthState;
  readonly tokens: TokenStore;
}

export class Authorizer {
  readonly #deps: AuthorizerDeps;

  constructor(deps: AuthorizerDeps) {
    this.#deps = deps;
  }

  get enabled(): boolean {
    return this.#deps.state().enabled;
  }

  /** The applied auth state's revision (a request authorized while auth is off is stamped with it). */
  get revision(): number {
    return this.#deps.state().revision;
  }

  /** The user behind the credentials; undefined while auth is disabled. Throws UnauthenticatedError. */
  identify(creds: Credentials): string | undefined {
    const state = this.#deps.state();
    if (!state.enabled) return undefined;
    // A token wins over the certificate, as in etcd.
    if (creds.token !== undefined && creds.token !== '') {
      const holder = this.#deps.tokens.lookup(creds.token);
      const user = holder === undefined ? undefined : state.users.get(holder.user);
      // A changed password (or a deleted and re-added user) retires the tokens issued before.
      if (holder === undefined || user === undefined || user.passwordHash !== holder.passwordHash) {
        throw new UnauthenticatedError('invalid auth token: unknown on this node, expired, or its user changed; authenticate again', false);
      }
      return holder.user;
    }
    if (creds.commonName !== undefined && creds.commonName !== '') {
      if (!state.users.has(creds.commonName)) throw new UnauthenticatedError(`the client certificate's common name ${JSON.stringify(creds.commonName)} is not a user`, false);
      return creds.commonName;
    }
    throw new UnauthenticatedError('auth is enabled: send a token (Authenticate) or a client certificate naming a user', true);
  }

  /**
   * Throws UnauthenticatedError or PermissionDeniedError unless every need is
   * met (or auth is disabled). Returns who was let in ("" for nobody) and the
   * auth revision that decided it, for the proposal to carry (apply-check.ts).
   */
  authorize(creds: Credentials, needs: readonly Need[]): AuthStamp {
    const state = this.#deps.state();
    // Open methods (Authenticate, health) need nothing, not even credentials.
    if (needs.length === 0) return { user: '', revision: state.revision };
    const user = this.identify(creds);
    if (user === undefined) return { user: '', revision: state.revision };
    for (const need of needs) {
      if (need.kind === 'root' && !isRoot(state, user)) throw new PermissionDeniedError(user, 'root');
      if (need.kind === 'key' && !isPermitted(state, user, need.access, need.range)) {
        throw new PermissionDeniedError(user, need.access, describeRange(need.range));
      }
    }
    return { user, revision: state.revision };
  }
}

/** `key "a"`, `keys ["a", "b")`, `every key from "a"` (control characters escaped). */
export function describeRange(r: KeyRange): string {
  const text = (b: Buffer): string => JSON.stringify(b.toString('utf8'));
  if (r.single) return `key ${text(r.start)}`;
  if (r.end === undefined) return `every key from ${text(r.start)}`;
  return `keys [${text(r.start)}, ${text(r.end)})`;
}
