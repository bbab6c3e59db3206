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
// grpc-js names the TLS server after the endpoint even when it is an IP
// address (--endpoints 127.0.0.1:50051), which Node reports as DEP0123 on
// every TLS run. The server certificate is still checked against that address
// (its IP SANs), so the warning tells a kvctl user nothing: it alone is
// dropped, every other warning is printed as Node prints it.
const printWarning = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (w: Error & { code?: string }) => {
  if (w.code !== 'DEP0123') for (const print of printWarning) print(w);
});
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
