/**
 * Debian's etcdctl (ETCDCTL_API=3) as a user runs it: one command against one
 * endpoint, with its stdout, stderr and exit code; and a long-running one
 * (watch, keep-alive) read until enough output arrived, then stopped by PID.
 */
import { spawn } from 'node:child_process';
import { waitFor } from '../../support/wait';

export interface EtcdctlRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** A command never runs longer than this; a hang fails the test instead of stalling it. */
const COMMAND_TIMEOUT_MS = 20_000;

function spawnEtcdctl(endpoint: string, args: readonly string[]) {
  const child = spawn('etcdctl', [`--endpoints=${endpoint}`, '--command-timeout=5s', ...args], {
    env: { ...process.env, ETCDCTL_API: '3' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // A command that never reads stdin may exit before we close it (EPIPE); its exit code and output tell what happened.
  child.stdin.on('error', () => undefined);
  return child;
}

export function etcdctl(endpoint: string, args: readonly string[], stdin = ''): Promise<EtcdctlRun> {
  const child = spawnEtcdctl(endpoint, args);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  child.stdin.end(stdin);
  const killer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, out, err });
    }),
  );
}

/** Runs a command that does not end by itself until its output (stdout then stderr) satisfies `enough`, then kills it (by its PID). */
export async function etcdctlUntil(endpoint: string, args: readonly string[], enough: (out: string) => boolean, timeoutMs = 10_000): Promise<EtcdctlRun> {
  const child = spawnEtcdctl(endpoint, args);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  child.stdin.end();
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    await waitFor(`etcdctl ${args.join(' ')} to print enough (so far: ${JSON.stringify(out)})`, () => enough(out + err) || child.exitCode !== null, timeoutMs, 20);
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  return { code: await closed, out, err };
}
