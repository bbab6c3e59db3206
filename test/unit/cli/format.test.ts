import type { KeyValue__Output } from '../../../src/generated/raftkv/kv/v1/KeyValue';
import type { TxnResponse__Output } from '../../../src/generated/raftkv/kv/v1/TxnResponse';
import { cellValue, eventJson, keyValueJson, kvTable, simpleEvent, simpleKvs, simpleTxn, table, txnJson, valueKvs } from '../../../src/cli/kvctl/format';
import { parseTxn } from '../../../src/cli/kvctl/txn-format';

const kv = (key: string, value: string | Buffer, rev = 5, lease = '0'): KeyValue__Output => ({
  key,
  value: Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'),
  create_revision: '3',
  mod_revision: String(rev),
  version: '2',
  lease,
});

describe('kvctl output formats', () => {
  it('simple: the value of one key; key and value lines for a range; keys only with --keys-only', () => {
    expect(simpleKvs([kv('a', 'hello')], { singleKey: true })).toBe('hello\n');
    expect(simpleKvs([kv('a', '1'), kv('b', 'two words')], {})).toBe('a\n1\nb\ntwo words\n');
    expect(simpleKvs([kv('a', '1'), kv('b', '2')], { keysOnly: true })).toBe('a\nb\n');
    expect(simpleKvs([], {})).toBe('');
  });

  it('value: raw values only, one per line', () => {
    expect(valueKvs([kv('a', '1'), kv('b', '2')])).toBe('1\n2\n');
  });

  it('json: revisions as numbers, lease ids as strings, text values as text and binary ones as base64', () => {
    expect(keyValueJson(kv('a', 'hé', 7, '7587862245000000001'))).toEqual({ key: 'a', value: 'hé', create_revision: 3, mod_revision: 7, version: 2, lease: '7587862245000000001' });
    expect(keyValueJson(kv('bin', Buffer.from([0xff, 0x00])))).toEqual(expect.objectContaining({ value_base64: '/wA=' }));
    expect(keyValueJson(kv('bin', Buffer.from([0xff, 0x00])))).not.toHaveProperty('value');
    expect(keyValueJson(kv('a', 'x'), { keysOnly: true })).not.toHaveProperty('value');
    // Field order reads naturally in the output.
    expect(Object.keys(keyValueJson(kv('a', 'x')))).toEqual(['key', 'value', 'create_revision', 'mod_revision', 'version', 'lease']);
  });

  it('table: aligned columns, no trailing spaces, escaped control characters, long values cut', () => {
    expect(table(['A', 'LONGER'], [['xyz', '1'], ['q', '']])).toBe('A    LONGER\nxyz  1\nq\n');
    expect(cellValue(Buffer.from('two\nlines\t!'))).toBe('two\\nlines\\t!');
    expect(cellValue(Buffer.from('x'.repeat(100)))).toHaveLength(48);
    expect(cellValue(Buffer.from('x'.repeat(100))).endsWith('…')).toBe(true);
    expect(cellValue(Buffer.from([0xff]))).toBe('base64:/w==');
    expect(kvTable([kv('a', '1', 5, '9'), kv('bb', '2')])).toBe(
      ['KEY  VALUE  CREATE-REV  MOD-REV  VERSION  LEASE', 'a    1      3           5        2        9', 'bb   2      3           5        2        -', ''].join('\n'),
    );
  });

  it('watch events: PUT key value, DELETE key, the previous value with --prev-kv, and JSON lines', () => {
    expect(simpleEvent({ type: 'EVENT_TYPE_PUT', kv: kv('k', 'v'), prev_kv: null })).toBe('PUT k v\n');
    expect(simpleEvent({ type: 'EVENT_TYPE_DELETE', kv: kv('k', ''), prev_kv: kv('k', 'old') })).toBe('DELETE k\n  prev: old\n');
    expect(eventJson({ type: 'EVENT_TYPE_PUT', kv: kv('k', 'v'), prev_kv: null })).toEqual({ type: 'PUT', kv: keyValueJson(kv('k', 'v')) });
  });

  it('txn: SUCCEEDED or FAILED, then each response of the branch that ran', () => {
    const request = parseTxn('compare:\nversion(a) = 0\nsuccess:\nput a 1 --prev-kv\ndel b\nget c --prefix\nget c --prefix --count-only\nfailure:\nget a\n');
    const header = { member_id: 'n1', raft_term: '2', applied_index: '9', revision: '8' };
    const range = (kvs: KeyValue__Output[], count: number) => ({ header, kvs, more: false, count: String(count), next_page_token: '' });
    const succeeded: TxnResponse__Output = {
      header,
      succeeded: true,
      responses: [
        { response_put: { header, prev_kv: kv('a', '0'), lease: '0' }, response: 'response_put' },
        { response_delete: { header, found: true, deleted: '1', prev_kvs: [] }, response: 'response_delete' },
        { response_range: range([kv('c/1', 'x'), kv('c/2', 'y')], 2), response: 'response_range' },
        { response_range: range([], 2), response: 'response_range' },
      ],
    };
    expect(simpleTxn(request, succeeded)).toBe('SUCCEEDED\nOK\na\n0\n1\nc/1\nx\nc/2\ny\n2\n');
    const failed: TxnResponse__Output = { header, succeeded: false, responses: [{ response_range: range([kv('a', '5')], 1), response: 'response_range' }] };
    expect(simpleTxn(request, failed)).toBe('FAILED\na\n5\n');
    expect(txnJson(failed)).toEqual({
      header: { member_id: 'n1', raft_term: 2, applied_index: 9, revision: 8 },
      succeeded: false,
      responses: [{ response_range: { kvs: [keyValueJson(kv('a', '5'))], count: 1, more: false } }],
    });
  });
});
