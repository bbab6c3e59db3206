#!/usr/bin/env node
/** `kvctl` entry point; the commands live in kvctl-program.ts. */
import { EXIT, runKvctl } from './kvctl-program';

runKvctl(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`kvctl: ${String(e)}\n`);
    process.exitCode = EXIT.failed;
  },
);

