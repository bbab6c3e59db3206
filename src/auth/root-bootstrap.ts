/**
 * --bootstrap-root-password-file: a cluster deployed with auth on from its
 * first start (the Helm chart's auth.enabled, the password from a Kubernetes
 * Secret mounted as a file). Each node, once it runs, makes sure that auth
 * is enabled with a root user: while auth is off, it creates "root" with the
 * file's password if there is none, grants it the root role and enables
 * auth. Every step goes through the log and is idempotent (a root another
 * pod created in the meantime is taken as is, granting a held role and
 * enabling twice change nothing), so all pods may do it at once and on
 * every restart. The password is used only to create root: an existing
 * root keeps its own (change it with `kvctl user passwd`). With the flag
 * set, auth is the declared state: a node restarted while auth is off turns
 * it back on.
 */
import { AuthStateError, errorMessage } from '../errors';
import type { AuthApi } from './auth-api';
import { ROOT } from './auth-state';

/** The password a file holds: its text without one trailing newline (as `echo` or an editor leaves it). */
export function readPasswordText(text: string): string {
  return text.replace(/\r?\n$/, '');
}

export type RootBootstrapApi = Pick<AuthApi, 'userList' | 'userAdd' | 'userGrantRole' | 'enable' | 'status'>;

/** What it found: auth was on already, or it turned it on (creating root or not). */
export type RootBootstrapOutcome = 'already-enabled' | 'enabled' | 'enabled-with-new-root';

/** One attempt; throws what the cluster answered (no leader yet, a deadline) for the caller to retry. */
export async function ensureRootAndAuth(api: RootBootstrapApi, password: string, deadline: Date): Promise<RootBootstrapOutcome> {
  // userList reads after a linearizable barrier, so status() below is current too.
  const users = await api.userList(deadline);
  if (api.status().enabled) return 'already-enabled';
  let created = false;
  if (!users.includes(ROOT)) {
    try {
      await api.userAdd(ROOT, password, false, deadline);
      created = true;
    } catch (err) {
      // Another pod created it first: theirs has the same password, from the same Secret.
      if (!(err instanceof AuthStateError && err.kind === 'user_exists')) throw err;
    }
  }
  await api.userGrantRole(ROOT, ROOT, deadline);
  await api.enable(deadline);
  return created ? 'enabled-with-new-root' : 'enabled';
}

export interface RootBootstrapOptions {
  readonly api: RootBootstrapApi;
  readonly password: string;
  readonly requestTimeoutMs: number;
  readonly logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** First pause between attempts (doubled up to 5 s); default 200 ms. */
  readonly retryMs?: number;
}

/** Runs ensureRootAndAuth in the background until it succeeds or the node closes. */
export class RootBootstrap {
  readonly #o: RootBootstrapOptions;
  #stopped = false;
  #wake: (() => void) | undefined;
  #done: Promise<void> = Promise.resolve();

  constructor(o: RootBootstrapOptions) {
    this.#o = o;
  }

  /** Resolves once auth is on, or the bootstrap was closed. */
  get done(): Promise<void> {
    return this.#done;
  }

  start(): void {
    this.#done = this.#run();
  }

  async #run(): Promise<void> {
    let pause = this.#o.retryMs ?? 200;
    let lastError = '';
    while (!this.#stopped) {
      try {
        const outcome = await ensureRootAndAuth(this.#o.api, this.#o.password, new Date(Date.now() + this.#o.requestTimeoutMs));
        const msg = outcome === 'already-enabled' ? 'auth is enabled' : outcome === 'enabled' ? 'auth enabled (the root user existed)' : 'auth enabled with a new root user (password from --bootstrap-root-password-file)';
        this.#o.logger.info({ outcome }, msg);
        return;
      } catch (err) {
        // Not yet a leader, a deadline, a node starting: the cluster will answer later. Said once per kind.
        const text = errorMessage(err);
        if (text !== lastError) this.#o.logger.warn({ err: text }, 'could not yet make sure auth is enabled with a root user; retrying');
        lastError = text;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        timer.unref();
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      pause = Math.min(5_000, pause * 2);
    }
  }

  async close(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#done;
  }
}
