/**
 * The `kvctl txn` input: a small line format people can write by hand, or a
 * TxnRequest as JSON. TXN_FORMAT_HELP is the reference printed by
 * `kvctl txn --help`; keep the two in step.
 */
import type { Compare } from '../../generated/raftkv/kv/v1/Compare';
import type { CompareOp } from '../../generated/raftkv/kv/v1/CompareOp';
import type { CompareTarget } from '../../generated/raftkv/kv/v1/CompareTarget';
import type { RequestOp } from '../../generated/raftkv/kv/v1/RequestOp';
import type { TxnRequest } from '../../generated/raftkv/kv/v1/TxnRequest';

export const TXN_FORMAT_HELP = `Input format (one item per line; blank lines and lines starting with # are ignored):

  compare:
  mod_revision("config") = 12
  value("leader") != "n1"
  version(counter) > 0
  success:
  put config "v2"
  put session "alive" --lease 7587862245000000001
  del old-key
  del --prefix tmp/
  get config
  failure:
  get config

Sections: "compare:", then "success:" (run when every compare holds), then
"failure:" (run otherwise); each may be empty or left out, in that order.

A compare is TARGET(KEY) OP OPERAND:
  TARGET   value, version, create_revision (create), mod_revision (mod), lease
  OP       =  (or ==), !=, >, <
  OPERAND  a string for value, an integer for the others
A missing key has version, revisions and lease 0; a value compare on it is false.

Operations (as the commands of the same name):
  put KEY VALUE [--lease ID] [--prev-kv]
  del KEY [--prefix | --range-end END | --from-key] [--prev-kv]
  get KEY [--prefix | --range-end END | --from-key] [--limit N] [--keys-only] [--count-only]

Keys and values are a word without spaces, or quoted: "..." with JSON
escapes (\\n, \\", \\u00e9) or '...' taken as is.

JSON instead: a TxnRequest as in kv.proto (proto3 JSON field names; bytes
such as value are base64), e.g.
  {"compare":[{"key":"a","target":"COMPARE_TARGET_VERSION","op":"COMPARE_OP_EQUAL","version":"0"}],
   "success":[{"request_put":{"key":"a","value":"MQ=="}}]}`;

/** A mistake in the txn input, with the line it is on (1-based; 0 for the whole input). */
export class TxnSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(line > 0 ? `txn line ${line}: ${reason}` : `txn: ${reason}`);
    this.name = 'TxnSyntaxError';
  }
}

/** Parses the line format, or JSON when the input starts with `{`. */
export function parseTxn(text: string): TxnRequest {
  if (text.trimStart().startsWith('{')) return parseTxnJson(text);
  return parseTxnLines(text);
}

const JSON_FIELDS = new Set(['compare', 'success', 'failure']);

function parseTxnJson(text: string): TxnRequest {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new TxnSyntaxError(0, `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new TxnSyntaxError(0, 'JSON input must be an object (a TxnRequest)');
  for (const [field, value] of Object.entries(doc)) {
    if (!JSON_FIELDS.has(field)) throw new TxnSyntaxError(0, `unknown TxnRequest field "${field}" (expected compare, success, failure)`);
    if (!Array.isArray(value)) throw new TxnSyntaxError(0, `"${field}" must be an array`);
  }
  return doc as TxnRequest;
}

type Section = 'compare' | 'success' | 'failure';
const SECTION_ORDER: readonly Section[] = ['compare', 'success', 'failure'];

function parseTxnLines(text: string): TxnRequest {
  const txn: Required<TxnRequest> = { compare: [], success: [], failure: [] };
  let section: Section | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const header = /^(compare|success|failure):$/.exec(line)?.[1] as Section | undefined;
    if (header !== undefined) {
      if (section !== undefined && SECTION_ORDER.indexOf(header) <= SECTION_ORDER.indexOf(section)) {
        throw new TxnSyntaxError(lineNo, `section "${header}:" out of order or repeated (the order is compare:, success:, failure:)`);
      }
      section = header;
      return;
    }
    if (section === undefined) throw new TxnSyntaxError(lineNo, 'expected a section header first: "compare:", "success:" or "failure:"');
    if (section === 'compare') txn.compare.push(parseCompare(new LineScanner(line, lineNo)));
    else txn[section].push(parseOperation(new LineScanner(line, lineNo)));
  });
  return txn;
}

const TARGETS: Readonly<Record<string, { target: CompareTarget; operand: 'value' | 'version' | 'create_revision' | 'mod_revision' | 'lease' }>> = {
  value: { target: 'COMPARE_TARGET_VALUE', operand: 'value' },
  version: { target: 'COMPARE_TARGET_VERSION', operand: 'version' },
  create_revision: { target: 'COMPARE_TARGET_CREATE_REVISION', operand: 'create_revision' },
  create: { target: 'COMPARE_TARGET_CREATE_REVISION', operand: 'create_revision' },
  mod_revision: { target: 'COMPARE_TARGET_MOD_REVISION', operand: 'mod_revision' },
  mod: { target: 'COMPARE_TARGET_MOD_REVISION', operand: 'mod_revision' },
  lease: { target: 'COMPARE_TARGET_LEASE', operand: 'lease' },
};

const OPS: Readonly<Record<string, CompareOp>> = {
  '=': 'COMPARE_OP_EQUAL',
  '==': 'COMPARE_OP_EQUAL',
  '!=': 'COMPARE_OP_NOT_EQUAL',
  '>': 'COMPARE_OP_GREATER',
  '<': 'COMPARE_OP_LESS',
};

function parseCompare(s: LineScanner): Compare {
  const name = s.identifier();
  const target = TARGETS[name];
  if (target === undefined) throw s.error(`unknown compare target "${name}" (expected ${Object.keys(TARGETS).join(', ')})`);
  s.expect('(');
  const key = s.string(')');
  s.expect(')');
  const opText = s.operator();
  const op = OPS[opText];
  if (op === undefined) throw s.error(`unknown comparison "${opText}" (expected =, !=, >, <)`);
  const operandText = s.string();
  s.end();
  if (target.operand === 'value') return { key, target: target.target, op, value: Buffer.from(operandText, 'utf8') };
  return { key, target: target.target, op, [target.operand]: s.integer(operandText, name) };
}

/** The flags each operation takes, and whether the flag takes a value. */
const OP_FLAGS: Readonly<Record<'put' | 'del' | 'get', Readonly<Record<string, boolean>>>> = {
  put: { '--lease': true, '--prev-kv': false },
  del: { '--prefix': false, '--range-end': true, '--from-key': false, '--prev-kv': false },
  get: { '--prefix': false, '--range-end': true, '--from-key': false, '--limit': true, '--keys-only': false, '--count-only': false },
};

const OP_ALIASES: Readonly<Record<string, 'put' | 'del' | 'get'>> = { put: 'put', del: 'del', delete: 'del', get: 'get', range: 'get' };

function parseOperation(s: LineScanner): RequestOp {
  const word = s.identifier();
  const op = OP_ALIASES[word];
  if (op === undefined) throw s.error(`unknown operation "${word}" (expected put, del or get)`);
  const positional: string[] = [];
  const flags = new Map<string, string>();
  while (!s.atEnd()) {
    const token = s.string();
    if (!token.startsWith('--') || s.lastWasQuoted) {
      positional.push(token);
      continue;
    }
    const takesValue = OP_FLAGS[op][token];
    if (takesValue === undefined) throw s.error(`${op} does not take ${token} (it takes ${Object.keys(OP_FLAGS[op]).join(', ')})`);
    flags.set(token, takesValue ? s.string() : '');
  }
  const wanted = op === 'put' ? 2 : 1;
  if (positional.length !== wanted) {
    throw s.error(op === 'put' ? 'put takes a key and a value: put KEY VALUE' : `${op} takes one key: ${op} KEY [flags]`);
  }
  const key = positional[0] ?? '';
  if (op === 'put') {
    const lease = flags.get('--lease');
    return {
      request_put: {
        key,
        value: Buffer.from(positional[1] ?? '', 'utf8'),
        ...(lease !== undefined ? { lease: s.integer(lease, '--lease') } : {}),
        ...(flags.has('--prev-kv') ? { prev_kv: true } : {}),
      },
    };
  }
  const range = rangeFields(s, flags);
  if (op === 'del') return { request_delete: { key, ...range, ...(flags.has('--prev-kv') ? { prev_kv: true } : {}) } };
  const limit = flags.get('--limit');
  return {
    request_range: {
      key,
      ...range,
      ...(limit !== undefined ? { limit: s.integer(limit, '--limit') } : {}),
      ...(flags.has('--keys-only') ? { keys_only: true } : {}),
      ...(flags.has('--count-only') ? { count_only: true } : {}),
    },
  };
}

/** The FROM_KEY range end: every key >= key (kv.proto). */
export const FROM_KEY_RANGE_END = '\u0000';

function rangeFields(s: LineScanner, flags: ReadonlyMap<string, string>): { prefix?: boolean; range_end?: string } {
  const given = ['--prefix', '--range-end', '--from-key'].filter((f) => flags.has(f));
  if (given.length > 1) throw s.error(`${given.join(' and ')} cannot be combined`);
  if (flags.has('--prefix')) return { prefix: true };
  if (flags.has('--from-key')) return { range_end: FROM_KEY_RANGE_END };
  const end = flags.get('--range-end');
  return end !== undefined ? { range_end: end } : {};
}

/** Reads one line token by token; errors name the line and quote it. */
class LineScanner {
  #pos = 0;
  /** Whether the last string() was quoted (a quoted "--x" is a value, not a flag). */
  lastWasQuoted = false;

  constructor(
    private readonly text: string,
    private readonly lineNo: number,
  ) {}

  error(reason: string): TxnSyntaxError {
    return new TxnSyntaxError(this.lineNo, `${reason}, in: ${this.text}`);
  }

  #skipSpace(): void {
    while (this.#pos < this.text.length && /\s/.test(this.text[this.#pos] ?? '')) this.#pos += 1;
  }

  atEnd(): boolean {
    this.#skipSpace();
    return this.#pos >= this.text.length;
  }

  end(): void {
    if (!this.atEnd()) throw this.error(`unexpected "${this.text.slice(this.#pos)}"`);
  }

  expect(c: string): void {
    this.#skipSpace();
    if (this.text[this.#pos] !== c) throw this.error(`expected "${c}"`);
    this.#pos += 1;
  }

  identifier(): string {
    this.#skipSpace();
    const m = /^[A-Za-z_]+/.exec(this.text.slice(this.#pos));
    if (m === null) throw this.error('expected a word');
    this.#pos += m[0].length;
    return m[0];
  }

  operator(): string {
    this.#skipSpace();
    const m = /^(==|!=|=|>|<)/.exec(this.text.slice(this.#pos)) ?? /^\S+/.exec(this.text.slice(this.#pos));
    if (m === null) throw this.error('expected a comparison (=, !=, >, <)');
    this.#pos += m[0].length;
    return m[0];
  }

  /** A quoted string or a bare word; a bare word also stops at `stop` (for `value(key)`). */
  string(stop = ''): string {
    this.#skipSpace();
    const rest = this.text.slice(this.#pos);
    const quote = rest[0];
    if (quote === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(rest);
      if (m === null) throw this.error('unterminated "string"');
      this.#pos += m[0].length;
      this.lastWasQuoted = true;
      try {
        return JSON.parse(m[0]) as string;
      } catch {
        throw this.error(`bad escape in ${m[0]}`);
      }
    }
    if (quote === "'") {
      const close = rest.indexOf("'", 1);
      if (close < 0) throw this.error("unterminated 'string'");
      this.#pos += close + 1;
      this.lastWasQuoted = true;
      return rest.slice(1, close);
    }
    let n = 0;
    while (n < rest.length && !/\s/.test(rest[n] ?? '') && !stop.includes(rest[n] ?? '')) n += 1;
    if (n === 0) throw this.error('expected a key or value');
    this.#pos += n;
    this.lastWasQuoted = false;
    return rest.slice(0, n);
  }

  /** A decimal integer operand or flag value, kept as a string (int64). */
  integer(text: string, what: string): string {
    if (!/^-?\d+$/.test(text)) throw this.error(`${what} takes an integer, not "${text}"`);
    return text;
  }
}
