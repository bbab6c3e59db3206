/**
 * `kvctl`: the raftkv command line client. This file assembles the program
 * from the command groups in ./kvctl/ and owns the global options; each
 * group documents its commands in their --help.
 *
 *   kvctl [--endpoints host:port,...] [--timeout ms] [--cacert f] [--cert f --key f] [--insecure-skip-tls-verify] <command> ...
 *   get | put | del | txn | watch | compact | lease ... | status | endpoint health | member ... | leader transfer | snapshot save|status | alarm list|disarm | defrag | user ... | role ... | auth ...
 *
 * Exit codes (EXIT): 0 ok, 1 key or lease not found, 2 usage error,
 * 3 request failed, 4 txn --exit-code and the compares did not hold.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, EXIT_CODES_HELP, KvctlContext, type KvctlIo } from './kvctl/context';
import { registerKvCommands } from './kvctl/kv-commands';
import { registerTxnCommand } from './kvctl/txn-command';
import { registerCompactCommand } from './kvctl/compact-command';
import { registerWatchCommand } from './kvctl/watch-command';
import { registerLeaseCommands } from './kvctl/lease-commands';
import { registerClusterCommands } from './kvctl/cluster-commands';
import { registerSnapshotCommands } from './kvctl/snapshot-commands';
import { registerMaintenanceCommands } from './kvctl/maintenance-commands';
import { registerAuthCommands } from './kvctl/auth-commands';
import { promptPassword } from './kvctl/password-prompt';
import { addExitCodesHelp } from './kvctl/exit-codes-help';

export { EXIT } from './kvctl/context';

const GLOBAL_HELP = `
Endpoints: --endpoints lists client addresses, tried in order. A read moves to the next endpoint when
a node cannot answer (unreachable, no leader, deadline); a write moves on only when it provably was
not applied (the connection failed before the request left, or the node answered "not attempted").
A write whose outcome is unknown is reported, never retried: read the key before trying again.

TLS: --cacert (and, for a node run with --client-cert-auth, --cert and --key) turns TLS on for every
endpoint; the server certificate must name the endpoint's host. --insecure-skip-tls-verify skips the check.

Auth: --user name[:password] authenticates on each endpoint it uses (tokens are per node); without
:password it is asked on the terminal, never echoed. See "kvctl user|role|auth --help".

${EXIT_CODES_HELP}

Run "kvctl <command> --help" for a command's flags, formats and examples.`;

export interface RunOptions {
  /** All of stdin; defaults to the process's. */
  readonly readStdin?: () => Promise<Buffer>;
  /** Aborted to stop a long-running command (watch, lease keepalive) cleanly. */
  readonly signal?: AbortSignal;
  /** Told when a long-running command starts, so Ctrl-C goes to `signal` instead of killing the process. */
  readonly interruptible?: () => void;
  /** Asks for a password; default: the terminal, without echo. */
  readonly promptPassword?: (prompt: string, why: string) => Promise<string>;
}

export async function runKvctl(argv: readonly string[], out: (s: string) => void, err: (s: string) => void, opts: RunOptions = {}): Promise<number> {
  const io: KvctlIo = {
    out,
    err,
    readStdin: opts.readStdin ?? readProcessStdin,
    signal: opts.signal ?? new AbortController().signal,
    interruptible: opts.interruptible ?? (() => undefined),
    promptPassword: opts.promptPassword ?? promptPassword,
  };
  const program = new Command('kvctl')
    .description('command line client for raftkv')
    .option('--endpoints <list>', 'comma-separated host:port client endpoints, tried in order (env RAFTKV_ENDPOINTS)', process.env.RAFTKV_ENDPOINTS ?? '127.0.0.1:50051')
    .option('--timeout <ms>', 'deadline of each request (and of each endpoint tried), in milliseconds', '10000')
    .option('--cacert <file>', 'TLS: verify the server certificate with this PEM CA bundle (env RAFTKV_CACERT)', process.env.RAFTKV_CACERT)
    .option('--cert <file>', 'TLS: present this PEM client certificate, for a node run with --client-cert-auth (env RAFTKV_CERT)', process.env.RAFTKV_CERT)
    .option('--key <file>', 'TLS: the PEM private key of --cert (env RAFTKV_KEY)', process.env.RAFTKV_KEY)
    .option('--insecure-skip-tls-verify', 'TLS without checking the server certificate: encrypted, not authenticated; for tests only')
    .option('--user <name[:password]>', 'authenticate as this user (auth enabled); without :password, asked on the terminal (env RAFTKV_USER)', process.env.RAFTKV_USER)
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err, outputError: (s, write) => write(`kvctl: ${s.replace(/^error: /, '')}`) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', GLOBAL_HELP);
  const ctx = new KvctlContext(io, program);
  registerKvCommands(program, ctx);
  registerTxnCommand(program, ctx);
  registerWatchCommand(program, ctx);
  registerCompactCommand(program, ctx);
  registerLeaseCommands(program, ctx);
  registerClusterCommands(program, ctx);
  registerSnapshotCommands(program, ctx);
  registerMaintenanceCommands(program, ctx);
  registerAuthCommands(program, ctx);
  addExitCodesHelp(program);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return ctx.report(e);
  }
  return ctx.exitCode;
}

async function readProcessStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
