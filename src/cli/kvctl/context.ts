/**
 * What every kvctl command shares: where output goes, the exit codes, the
 * client built from the global options, and the one place a failure becomes
 * a `kvctl: ` message and an exit code.
 */
import * as grpc from '@grpc/grpc-js';
import { InvalidArgumentError, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { KvClient } from '../kv-client';
import { channelCredentials } from '../../security/tls-credentials';
import { TxnSyntaxError } from './txn-format';

/** Exit codes a script can rely on (listed in `kvctl --help` and the README). */
export const EXIT = {
  ok: 0,
  /** The key or lease does not exist. */
  notFound: 1,
  /** Bad command line or input file. */
  usage: 2,
  /** The request failed; the gRPC status name and message are on stderr. */
  failed: 3,
  /** `txn --exit-code`: the compares did not hold (the failure branch ran). */
  txnFailed: 4,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  key or lease not found (get, del of one key, lease ttl/keepalive/revoke)
  2  usage error: bad flags, arguments or txn input
  3  the request failed: "kvctl: <gRPC status>: <message>" on stderr
     (also: watch history compacted, an unreachable member in status,
     an unhealthy endpoint in endpoint health)
  4  txn --exit-code: the compares did not hold (FAILED)`;

/** Where a command reads and writes; the real process, or a test's buffers. */
export interface KvctlIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  /** All of standard input (put without a value, txn without -f). */
  readonly readStdin: () => Promise<Buffer>;
  /** Aborted on Ctrl-C; long-running commands (watch, lease keepalive) stop cleanly on it. */
  readonly signal: AbortSignal;
  /** Called by a long-running command: Ctrl-C should end it through `signal` rather than kill the process. */
  readonly interruptible: () => void;
  /** Asks for a password without echo (password-prompt.ts); rejects with a UsageError saying `why` when there is no terminal. */
  readonly promptPassword: (prompt: string, why: string) => Promise<string>;
}

/** A bad command line or input detected by kvctl itself. */
export class UsageError extends Error {}

interface GlobalOptions {
  endpoints: string;
  timeout: string;
  cacert?: string;
  cert?: string;
  key?: string;
  insecureSkipTlsVerify?: boolean;
  user?: string;
}

export class KvctlContext {
  exitCode: number = EXIT.ok;

  constructor(
    readonly io: KvctlIo,
    private readonly program: Command,
  ) {}

  out(s: string): void {
    this.io.out(s);
  }

  /** A message on stderr, in the one shape scripts can grep: `kvctl: ...`. */
  fail(message: string): void {
    this.io.err(`kvctl: ${message}\n`);
  }

  get timeoutMs(): number {
    const raw = this.program.opts<GlobalOptions>().timeout;
    const ms = Number(raw);
    if (!Number.isInteger(ms) || ms <= 0) throw new UsageError(`--timeout must be a positive number of milliseconds, not "${raw}"`);
    return ms;
  }

  get endpoints(): string[] {
    const list = this.program
      .opts<GlobalOptions>()
      .endpoints.split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    if (list.length === 0) throw new UsageError('--endpoints is empty');
    return list;
  }

  /**
   * TLS from --cacert, --cert, --key and --insecure-skip-tls-verify (any of
   * them turns TLS on); undefined for plaintext.
   */
  get credentials(): grpc.ChannelCredentials | undefined {
    const o = this.program.opts<GlobalOptions>();
    if (o.cacert === undefined && o.cert === undefined && o.key === undefined && o.insecureSkipTlsVerify !== true) return undefined;
    if ((o.cert === undefined) !== (o.key === undefined)) throw new UsageError('--cert and --key go together: give both or neither');
    const read = (flag: string, path: string | undefined): Buffer | undefined => {
      if (path === undefined) return undefined;
      try {
        return readFileSync(path);
      } catch (e) {
        throw new UsageError(`${flag} "${path}" cannot be read: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    return channelCredentials({
      ca: read('--cacert', o.cacert),
      cert: read('--cert', o.cert),
      key: read('--key', o.key),
      insecureSkipVerify: o.insecureSkipTlsVerify === true,
    });
  }

  /**
   * Runs a command body with a client for the global endpoints, and turns
   * whatever it throws into a message and an exit code.
   */
  async run(body: (client: KvClient) => Promise<number>): Promise<void> {
    let client: KvClient | undefined;
    try {
      const credentials = this.credentials;
      const user = await this.user();
      client = new KvClient(this.endpoints, { timeoutMs: this.timeoutMs, ...(credentials !== undefined ? { credentials } : {}), ...(user !== undefined ? { user } : {}) });
      this.exitCode = await body(client);
    } catch (e) {
      this.exitCode = this.report(e);
    } finally {
      client?.close();
    }
  }

  /** --user name[:password]; without the password, asked on the terminal (never echoed). */
  async user(): Promise<{ name: string; password: string } | undefined> {
    const raw = this.program.opts<GlobalOptions>().user;
    if (raw === undefined) return undefined;
    const colon = raw.indexOf(':');
    if (colon === 0 || raw === '') throw new UsageError('--user needs a user name: --user name[:password]');
    if (colon > 0) return { name: raw.slice(0, colon), password: raw.slice(colon + 1) };
    return { name: raw, password: await this.io.promptPassword(`Password for ${raw}: `, `--user ${raw} gives no password (--user ${raw}:<password>)`) };
  }

  /** Prints a failure and says which exit code it means. */
  report(e: unknown): number {
    if (e instanceof UsageError || e instanceof TxnSyntaxError) {
      this.fail(e.message);
      return EXIT.usage;
    }
    this.fail(describeError(e));
    return isServiceError(e) && e.code === grpc.status.NOT_FOUND ? EXIT.notFound : EXIT.failed;
  }
}

/** "STATUS: details" for a gRPC failure, the message otherwise. */
export function describeError(e: unknown): string {
  // grpc-js appends an empty "Resolution note: " to connection failures; it says nothing.
  if (isServiceError(e)) return `${grpc.status[e.code] ?? String(e.code)}: ${e.details.replace(/\.? Resolution note: $/, '')}`;
  return e instanceof Error ? e.message : String(e);
}

export function isServiceError(e: unknown): e is grpc.ServiceError {
  const se = e as Partial<grpc.ServiceError> | null;
  return typeof se === 'object' && se !== null && typeof se.code === 'number' && typeof se.details === 'string';
}

/** "Examples:" text for a command's --help. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** Argument parser for a positive integer; commander reports a bad one as a usage error naming the flag. */
export function positiveInteger(raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

/** Argument parser for a lease id: an int64 as a decimal string. */
export function leaseId(raw: string): string {
  if (!/^\d{1,19}$/.test(raw)) throw new InvalidArgumentError('expected a lease id (a decimal number).');
  return raw;
}
