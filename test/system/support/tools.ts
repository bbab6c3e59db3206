import { spawnSync } from 'node:child_process';

/** Whether a command is on PATH. */
export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/**
 * Runs `describe` when every tool is present; otherwise registers one test
 * that says what is missing and how to get it, so a skip is never silent.
 * In CI (CI=true) a missing tool fails instead: CI installs them.
 */
export function describeWithTools(title: string, tools: readonly string[], body: () => void): void {
  const missing = tools.filter((t) => !hasCommand(t));
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const message = `${title}: needs ${missing.join(', ')} (install with: sudo bash scripts/install-system-deps.sh)`;
  if (process.env.CI === 'true') {
    test(title, () => {
      throw new Error(message);
    });
  } else {
    test(`${title} (skipped: missing ${missing.join(', ')})`, () => {
      process.stderr.write(`SKIPPED ${message}\n`);
    });
  }
}
