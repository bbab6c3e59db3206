/**
 * Every kvctl command documents itself: its --help shows an example and its
 * exit codes, and README's command list names it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKvctl } from '../../../src/cli/kvctl-program';

async function help(path: readonly string[]): Promise<string> {
  let out = '';
  const code = await runKvctl([...path, '--help'], (s) => (out += s), (s) => (out += s));
  expect(code).toBe(0);
  return out;
}

/** The subcommand names a --help lists under "Commands:". */
function subcommands(text: string): string[] {
  const start = text.indexOf('\nCommands:\n');
  if (start < 0) return [];
  const names: string[] = [];
  for (const line of text.slice(start + '\nCommands:\n'.length).split('\n')) {
    if (line.trim() === '') break;
    const name = /^ {2}(\S+)/.exec(line)?.[1];
    if (name !== undefined && name !== 'help') names.push(name);
  }
  return names;
}

async function everyCommand(): Promise<{ path: string[]; text: string }[]> {
  const found: { path: string[]; text: string }[] = [];
  const walk = async (path: string[]): Promise<void> => {
    const text = await help(path);
    if (path.length > 0) found.push({ path, text });
    for (const sub of subcommands(text)) await walk([...path, sub]);
  };
  await walk([]);
  return found;
}

describe('kvctl --help', () => {
  let commands: { path: string[]; text: string }[];
  beforeAll(async () => {
    commands = await everyCommand();
  });

  test('finds the command tree (get, the lease and alarm groups, and their subcommands)', () => {
    const paths = commands.map((c) => c.path.join(' '));
    expect(paths).toEqual(expect.arrayContaining(['get', 'compact', 'lease keepalive', 'alarm disarm', 'defrag', 'role grant-permission', 'auth status']));
    expect(paths.length).toBeGreaterThan(40);
  });

  test('every command shows an example and its exit codes', () => {
    const lacking = commands.flatMap(({ path, text }) => [
      ...(/\nExamples:\n {2}\S/.test(text) ? [] : [`${path.join(' ')}: no example`]),
      ...(/Exit codes:/.test(text) ? [] : [`${path.join(' ')}: no exit codes`]),
    ]);
    expect(lacking).toEqual([]);
  });

  test("every command has a line in README's kvctl command list", () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const kvctlLines = readme.split('\n').filter((l) => l.startsWith('./bin/kvctl '));
    const missing = commands
      .filter(({ path }) => !kvctlLines.some((l) => l.includes(` ${path[0]!}`) && (path.length === 1 || new RegExp(`\\b${path[1]!}\\b`).test(l))))
      .map(({ path }) => path.join(' '));
    expect(missing).toEqual([]);
  });
});
