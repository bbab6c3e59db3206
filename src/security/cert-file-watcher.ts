/**
 * Keeps a certificate, its key and a CA bundle loaded from their files and
 * notices when they change. cert-manager (and most rotation tools) rewrite
 * the files in place or swap a symlink, so the files are read again on an
 * interval and compared by content: no inotify, which misses symlink swaps.
 *
 * A half-finished rotation (the new certificate written, the old key still
 * there) does not make a usable pair: the watcher keeps serving the last good
 * material until the files agree again, and says so once.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigError, errorMessage } from '../errors';
import { MIN_TLS_VERSION, type TlsFiles } from './tls-config';

/** The PEM bytes of one TLS identity and the CA that checks the other side. */
export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly ca: Buffer | undefined;
}

/** The small logger the watcher needs (pino satisfies it). */
export interface CertWatcherLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface CertFileWatcherOptions {
  readonly files: TlsFiles;
  /** Names the flags in errors, e.g. { cert: '--peer-cert-file', ... }. */
  readonly flags: { readonly cert: string; readonly key: string; readonly ca: string };
  readonly intervalMs: number;
  readonly logger: CertWatcherLogger;
}

export class CertFileWatcher {
  readonly #opts: CertFileWatcherOptions;
  readonly #listeners: ((m: TlsMaterial) => void)[] = [];
  readonly #timer: NodeJS.Timeout;
  #current: TlsMaterial;
  /** The last problem logged, so a broken rotation is reported once, not every interval. */
  #lastProblem: string | undefined;

  /** Reads and checks the files now; throws ConfigError naming the flag when they do not make a usable identity. */
  constructor(opts: CertFileWatcherOptions) {
    this.#opts = opts;
    const first = this.#read();
    const problem = typeof first === 'string' ? first : this.#check(first);
    if (problem !== undefined) throw new ConfigError([problem]);
    this.#current = first as TlsMaterial;
    this.#timer = setInterval(() => this.#poll(), opts.intervalMs);
    this.#timer.unref();
  }

  get current(): TlsMaterial {
    return this.#current;
  }

  /** Called with the new material after each accepted change. */
  onChange(listener: (m: TlsMaterial) => void): void {
    this.#listeners.push(listener);
  }

  /** Stops watching. Idempotent. */
  close(): void {
    clearInterval(this.#timer);
  }

  #poll(): void {
    const next = this.#read();
    if (typeof next !== 'string' && sameMaterial(next, this.#current)) {
      this.#lastProblem = undefined;
      return;
    }
    const problem = typeof next === 'string' ? next : this.#check(next);
    if (problem !== undefined) {
      if (problem !== this.#lastProblem) {
        this.#opts.logger.warn({ certFile: this.#opts.files.certFile, reason: problem }, 'TLS certificate files changed but are not usable; still serving the previous certificate');
      }
      this.#lastProblem = problem;
      return;
    }
    this.#current = next as TlsMaterial;
    this.#lastProblem = undefined;
    this.#opts.logger.info({ certFile: this.#opts.files.certFile }, 'TLS certificate files changed: new connections use the new certificate');
    for (const listener of this.#listeners) listener(this.#current);
  }

  /** The files' content, or why they cannot be read. */
  #read(): TlsMaterial | string {
    const { files, flags } = this.#opts;
    const read = (path: string, flag: string): Buffer | string => {
      try {
        return readFileSync(path);
      } catch (err) {
        return `${flag} "${path}" cannot be read: ${errorMessage(err)}`;
      }
    };
    const cert = read(files.certFile, flags.cert);
    if (typeof cert === 'string') return cert;
    const key = read(files.keyFile, flags.key);
    if (typeof key === 'string') return key;
    const ca = files.trustedCaFile === undefined ? undefined : read(files.trustedCaFile, flags.ca);
    if (typeof ca === 'string') return ca;
    return { cert, key, ca };
  }

  /** Why the material is not a usable identity (a key that does not match, bad PEM), or undefined. */
  #check(m: TlsMaterial): string | undefined {
    const { files, flags } = this.#opts;
    try {
      createSecureContext({ cert: m.cert, key: m.key, ...(m.ca !== undefined ? { ca: m.ca } : {}), minVersion: MIN_TLS_VERSION });
      return undefined;
    } catch (err) {
      return `${flags.cert} "${files.certFile}" and ${flags.key} "${files.keyFile}"${m.ca !== undefined ? ` (with ${flags.ca})` : ''} do not make a usable TLS identity: ${errorMessage(err)}`;
    }
  }
}

function sameMaterial(a: TlsMaterial, b: TlsMaterial): boolean {
  return a.cert.equals(b.cert) && a.key.equals(b.key) && (a.ca === undefined ? b.ca === undefined : b.ca !== undefined && a.ca.equals(b.ca));
}
