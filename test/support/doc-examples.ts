/**
 * Runnable examples in Markdown: every ```console block holds commands
 * (lines starting with "$ ", continued with a trailing backslash) each
 * followed by the output it prints. A reader sees ordinary terminal
 * transcripts; the test runs them in order and compares.
 *
 * Comparing: "…" in the shown output stands for anything (a term, a lease
 * id). When the shown output is JSON, the real output must be JSON holding
 * at least the keys shown (extra keys, like defaults the doc leaves out, are
 * fine). Otherwise the lines must match one for one. A command ending in
 * "# exit N" must exit with N and the output shown is what it printed on
 * stderr; every other command must exit 0 and the output shown is its stdout.
 */

export interface DocCommand {
  /** The command as written (continuation lines joined, comment removed). */
  readonly command: string;
  /** Output lines as shown. */
  readonly expected: string;
  readonly exitCode: number;
  /** 1-based line of the "$ " in the file, for messages. */
  readonly line: number;
}

export function parseConsoleBlocks(markdown: string): DocCommand[] {
  const lines = markdown.split('\n');
  const out: DocCommand[] = [];
  let inBlock = false;
  let current: { command: string; expected: string[]; exitCode: number; line: number } | undefined;
  const flush = (): void => {
    if (current !== undefined) out.push({ command: current.command, expected: current.expected.join('\n').trim(), exitCode: current.exitCode, line: current.line });
    current = undefined;
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (!inBlock) {
      if (line.trim() === '```console') inBlock = true;
      continue;
    }
    if (line.trim() === '```') {
      flush();
      inBlock = false;
      continue;
    }
    if (line.startsWith('$ ')) {
      flush();
      let command = line.slice(2);
      const start = i + 1;
      while (command.endsWith('\\') && i + 1 < lines.length) {
        i += 1;
        command = `${command.slice(0, -1)}\n${lines[i]!}`;
      }
      const exit = /\s+# exit (\d+)$/.exec(command);
      current = { command: exit ? command.slice(0, exit.index) : command, expected: [], exitCode: exit ? Number(exit[1]) : 0, line: start };
    } else if (current !== undefined) {
      current.expected.push(line);
    }
  }
  return out;
}

const WILDCARD = '…';

/** Why `actual` does not match what the doc shows, or undefined when it does. */
export function mismatch(expected: string, actual: string): string | undefined {
  if (expected === '') return undefined;
  const shownJson = parseJson(expected);
  if (shownJson !== undefined) {
    const realJson = parseJson(actual.trim());
    if (realJson === undefined) return `expected JSON, got:\n${actual}`;
    const why = jsonMismatch(shownJson.value, realJson.value, '$');
    return why === undefined ? undefined : `${why}\nactual output:\n${actual}`;
  }
  const want = expected.split('\n');
  const got = actual.replace(/\n+$/, '').split('\n');
  if (want.length !== got.length) return `expected ${want.length} lines, got ${got.length}:\n${actual}`;
  for (let i = 0; i < want.length; i += 1) {
    if (!linePattern(want[i]!).test(got[i]!)) return `line ${i + 1}: expected ${JSON.stringify(want[i])}, got ${JSON.stringify(got[i])}`;
  }
  return undefined;
}

function linePattern(shown: string): RegExp {
  const parts = shown.trimEnd().split(WILDCARD).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}\\s*$`);
}

function parseJson(text: string): { value: unknown } | undefined {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return { value: JSON.parse(t) as unknown };
  } catch {
    return undefined;
  }
}

function jsonMismatch(shown: unknown, real: unknown, path: string): string | undefined {
  if (shown === WILDCARD) return real === undefined ? `${path}: missing` : undefined;
  if (typeof shown === 'string' && shown.includes(WILDCARD)) {
    return typeof real === 'string' && linePattern(shown).test(real) ? undefined : `${path}: expected ${JSON.stringify(shown)}, got ${JSON.stringify(real)}`;
  }
  if (Array.isArray(shown)) {
    if (!Array.isArray(real) || real.length !== shown.length) return `${path}: expected an array of ${shown.length}, got ${JSON.stringify(real)}`;
    for (let i = 0; i < shown.length; i += 1) {
      const why = jsonMismatch(shown[i], real[i], `${path}[${i}]`);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  if (shown !== null && typeof shown === 'object') {
    if (real === null || typeof real !== 'object' || Array.isArray(real)) return `${path}: expected an object, got ${JSON.stringify(real)}`;
    for (const [k, v] of Object.entries(shown)) {
      const why = jsonMismatch(v, (real as Record<string, unknown>)[k], `${path}.${k}`);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  return Object.is(shown, real) ? undefined : `${path}: expected ${JSON.stringify(shown)}, got ${JSON.stringify(real)}`;
}
