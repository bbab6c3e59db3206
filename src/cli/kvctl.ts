#!/usr/bin/env node
/** `kvctl` entry point; the commands live in kvctl-program.ts. */
import { EXIT, runKvctl } from './kvctl-program';

// Ctrl-C ends a long-running command (watch, lease keepalive) cleanly with
// exit 0; any other command is simply interrupted (128 + signal number, as shells report it).
const interrupt = new AbortController();
let interruptible = false;
const onSignal = (signal: NodeJS.Signals): void => {
  if (!interruptible || interrupt.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
  interrupt.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A reader that stops early (`kvctl watch k | head -1`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  throw e;
});

runKvctl(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s), {
  signal: interrupt.signal,
  interruptible: () => {
    interruptible = true;
  },
}).then(
  (code) => {
    process.exitCode = code;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  },
  (e: unknown) => {
    process.stderr.write(`kvctl: ${String(e)}\n`);
    process.exitCode = EXIT.failed;
  },
);
