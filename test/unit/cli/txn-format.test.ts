import { parseTxn, TxnSyntaxError, FROM_KEY_RANGE_END } from '../../../src/cli/kvctl/txn-format';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('kvctl txn line format', () => {
  it('parses the three sections, each compare target and operator, and every operation', () => {
    const txn = parseTxn(`
# a comment, then blank lines

compare:
mod_revision("config") = 12
value("leader") != "n1"
version(counter) > 0
create(counter) < 7
lease(session) == 42
success:
put config "v2"
put session alive --lease 42 --prev-kv
del old-key
del --prefix tmp/
del a --range-end c --prev-kv
get config
get --prefix config/ --limit 5 --keys-only
get a --from-key --count-only
failure:
get config
`);
    expect(txn.compare).toEqual([
      { key: 'config', target: 'COMPARE_TARGET_MOD_REVISION', op: 'COMPARE_OP_EQUAL', mod_revision: '12' },
      { key: 'leader', target: 'COMPARE_TARGET_VALUE', op: 'COMPARE_OP_NOT_EQUAL', value: bytes('n1') },
      { key: 'counter', target: 'COMPARE_TARGET_VERSION', op: 'COMPARE_OP_GREATER', version: '0' },
      { key: 'counter', target: 'COMPARE_TARGET_CREATE_REVISION', op: 'COMPARE_OP_LESS', create_revision: '7' },
      { key: 'session', target: 'COMPARE_TARGET_LEASE', op: 'COMPARE_OP_EQUAL', lease: '42' },
    ]);
    expect(txn.success).toEqual([
      { request_put: { key: 'config', value: bytes('v2') } },
      { request_put: { key: 'session', value: bytes('alive'), lease: '42', prev_kv: true } },
      { request_delete: { key: 'old-key' } },
      { request_delete: { key: 'tmp/', prefix: true } },
      { request_delete: { key: 'a', range_end: 'c', prev_kv: true } },
      { request_range: { key: 'config' } },
      { request_range: { key: 'config/', prefix: true, limit: '5', keys_only: true } },
      { request_range: { key: 'a', range_end: FROM_KEY_RANGE_END, count_only: true } },
    ]);
    expect(txn.failure).toEqual([{ request_range: { key: 'config' } }]);
  });

  it('reads quoted keys and values: JSON escapes in double quotes, single quotes as is', () => {
    const txn = parseTxn(`compare:
value("a key") = "line\\nbreak \\"quoted\\" \\u00e9"
success:
put k 'as is \\n'
put "--lease" "x y"
`);
    expect(txn.compare?.[0]).toMatchObject({ key: 'a key', value: bytes('line\nbreak "quoted" é') });
    // Two adjacent single-quoted strings are two tokens: 'it' then 's'; the value is quoted, so not a flag.
    expect(() => parseTxn("success:\nput 'it''s' v")).toThrow(/put takes a key and a value/);
    expect(parseTxn("success:\nput key '--not-a-flag'").success).toEqual([{ request_put: { key: 'key', value: bytes('--not-a-flag') } }]);
    expect(txn.success?.[0]).toEqual({ request_put: { key: 'k', value: bytes('as is \\n') } });
    expect(txn.success?.[1]).toEqual({ request_put: { key: '--lease', value: bytes('x y') } });
  });

  it('accepts an empty transaction and sections left out', () => {
    expect(parseTxn('')).toEqual({ compare: [], success: [], failure: [] });
    expect(parseTxn('failure:\nget k\n')).toEqual({ compare: [], success: [], failure: [{ request_range: { key: 'k' } }] });
  });

  it.each([
    ['put k v', 1, /expected a section header first/],
    ['success:\ncompare:', 2, /out of order or repeated/],
    ['compare:\ncompare:', 2, /out of order or repeated/],
    ['compare:\nfoo(k) = 1', 2, /unknown compare target "foo"/],
    ['compare:\nversion(k) ~ 1', 2, /unknown comparison "~"/],
    ['compare:\nversion(k) = one', 2, /version takes an integer, not "one"/],
    ['compare:\nversion(k = 1', 2, /expected "\)"/],
    ['compare:\nvalue(k) = "open', 2, /unterminated "string"/],
    ['compare:\nvalue(k) = "a" extra', 2, /unexpected "extra"/],
    ['success:\nput k', 2, /put takes a key and a value/],
    ['success:\nget', 2, /get takes one key/],
    ['success:\nwatch k', 2, /unknown operation "watch"/],
    ['success:\nput k v --prefix', 2, /put does not take --prefix/],
    ['success:\ndel k --prefix --range-end z', 2, /--prefix and --range-end cannot be combined/],
    ['success:\nget k --limit many', 2, /--limit takes an integer/],
  ])('reports %j as a syntax error on line %d', (text, line, message) => {
    let caught: unknown;
    try {
      parseTxn(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TxnSyntaxError);
    expect((caught as TxnSyntaxError).line).toBe(line);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toMatch(new RegExp(`^txn line ${line}: `));
  });
});

describe('kvctl txn JSON input', () => {
  it('takes a TxnRequest as is', () => {
    const doc = { compare: [{ key: 'a', target: 'COMPARE_TARGET_VERSION', op: 'COMPARE_OP_EQUAL', version: '0' }], success: [{ request_put: { key: 'a', value: 'MQ==' } }] };
    expect(parseTxn(`  ${JSON.stringify(doc)}\n`)).toEqual(doc);
  });

  it('rejects bad JSON, a non-object, unknown fields and non-array branches', () => {
    expect(() => parseTxn('{"compare": [')).toThrow(/^txn: invalid JSON/);
    expect(() => parseTxn('{"compares": []}')).toThrow(/unknown TxnRequest field "compares"/);
    expect(() => parseTxn('{"success": {}}')).toThrow(/"success" must be an array/);
  });
});
