/**
 * The image's PID 1 is tini (Dockerfile ENTRYPOINT `/usr/bin/tini --`). The
 * emulator runs the container's argv as the kubelet builds it, tini included,
 * so a chart that loses the command line (args that replace CMD) fails here
 * as it fails in a cluster. Where the host has no tini, this stand-in does
 * what the emulation needs of it: parse tini's options up to `--` (or the
 * first non-option, as getopt "+" does), exec the program found on PATH
 * (exit 127 when it is not found, 126 when it cannot be run, tini's codes),
 * forward the signals it gets to the child, and exit with the child's status.
 */
import { existsSync } from 'node:fs';

export const TINI = '/usr/bin/tini';

/** Run with `node -e`; `-p SIGNAL` and `-e EXIT_CODE` are the tini options that take a value. */
const STANDIN_CODE = `
const { spawn } = require('node:child_process');
const { constants } = require('node:os');
const args = process.argv.slice(1);
let i = 0;
while (i < args.length && args[i].startsWith('-')) {
  if (args[i] === '--') { i += 1; break; }
  i += ['-p', '-e'].includes(args[i]) ? 2 : 1;
}
const [file, ...rest] = args.slice(i);
if (file === undefined) { process.stderr.write('[FATAL tini] no program to run\\n'); process.exit(1); }
const child = spawn(file, rest, { stdio: 'inherit' });
child.on('error', (err) => {
  process.stderr.write('[FATAL tini (' + process.pid + ')] exec ' + file + ' failed: ' + err.message + '\\n');
  process.exit(err.code === 'ENOENT' ? 127 : err.code === 'EACCES' ? 126 : 1);
});
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
`;

/** The argv to spawn for a container argv: tini itself when installed, else the stand-in in its place. */
export function withTini(argv: readonly string[], nodePath: string): string[] {
  const [cmd, ...rest] = argv;
  if (cmd === TINI && !existsSync(TINI)) return [nodePath, '-e', STANDIN_CODE, '--', ...rest];
  if (cmd === 'node') return [nodePath, ...rest];
  return [...argv];
}
