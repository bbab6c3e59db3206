import { FailedPreconditionError, InvalidArgumentError, LeaseExistsError, LeaseNotFoundError } from '../../../src/errors';
import { MalformedCommandError, decodeCommand, decodeResult, encodeCommand, encodeResult, throwIfFailed, type CommandResult, type KvCommand } from '../../../src/kv/command';
import type { TxnRequest__Output } from '../../../src/generated/raftkv/kv/v1/TxnRequest';
import type { TxnResponse__Output } from '../../../src/generated/raftkv/kv/v1/TxnResponse';
import { compare, deleteOp, putOp, rangeOp } from './support';
import { isHashCheck } from '../../../src/kv/hash-check';
import { EntryType } from '../../../src/raft/types';

describe('command encoding', () => {
  it('round-trips a put with binary data and a delete', () => {
    const put = decodeCommand(encodeCommand({ op: 'put', key: 'ключ/😀', value: Uint8Array.of(0, 255, 7) }));
    expect(put.op).toBe('put');
    expect(put.op === 'put' && put.key).toBe('ключ/😀');
    expect(put.op === 'put' && Buffer.from(put.value).toString('hex')).toBe('00ff07');
    expect(decodeCommand(encodeCommand({ op: 'delete', key: 'a' }))).toEqual({ op: 'delete', key: 'a' });
  });

  it('never encodes a command as empty bytes, which mean the leader no-op', () => {
    expect(encodeCommand({ op: 'put', key: '', value: new Uint8Array(0) }).byteLength).toBeGreaterThan(0);
    expect(encodeCommand({ op: 'delete', key: '' }).byteLength).toBeGreaterThan(0);
  });

  it('round-trips the consistency check\'s commands; a hash-check is small enough to spot without decoding every entry', () => {
    const check = encodeCommand({ op: 'hash-check' });
    expect(decodeCommand(check)).toEqual({ op: 'hash-check' });
    expect(check.byteLength).toBeGreaterThan(0);
    expect(isHashCheck({ index: 1, term: 1, type: EntryType.Normal, data: check })).toBe(true);
    expect(isHashCheck({ index: 1, term: 1, type: EntryType.ConfChange, data: check })).toBe(false);
    expect(isHashCheck({ index: 1, term: 1, type: EntryType.Normal, data: encodeCommand({ op: 'delete', key: '' }) })).toBe(false);
    const report = { op: 'hash-report', index: 2 ** 40, memberId: 'n3', hash: 'f'.repeat(64), format: 1 } as const;
    expect(decodeCommand(encodeCommand(report))).toEqual(report);
  });

  it('rejects bytes that hold no command', () => {
    expect(() => decodeCommand(new Uint8Array(0))).toThrow(MalformedCommandError);
    expect(() => decodeCommand(Uint8Array.of(0x0a, 0x05, 0x01))).toThrow(MalformedCommandError);
  });

  it('round-trips a v0.1 result', () => {
    expect(decodeResult(encodeResult({ found: true, revision: 3 }))).toEqual({ found: true, revision: 3 });
    expect(decodeResult(encodeResult({ found: false, revision: 0 }))).toEqual({ found: false, revision: 0 });
  });

  it('round-trips a txn in the generated __Output shape: every compare target, every op, int64 as strings', () => {
    const txn: TxnRequest__Output = {
      compare: [
        compare('k', 'VALUE', 'EQUAL', 'v'),
        compare('k', 'VERSION', 'NOT_EQUAL', 0),
        compare('k', 'CREATE_REVISION', 'GREATER', '9007199254740993'),
        compare('k', 'MOD_REVISION', 'LESS', 5),
        compare('k', 'LEASE', 'EQUAL', '-9223372036854775808'),
      ],
      success: [putOp('ключ/😀', 'v', { lease: '9223372036854775807', prevKv: true }), deleteOp('a', { rangeEnd: '\0', prevKv: true })],
      failure: [rangeOp('p', { prefix: true, limit: 10, keysOnly: true, countOnly: true }), deleteOp('', { prefix: true })],
    };
    const cmd: KvCommand = { op: 'txn', txn, grant: { id: '9223372036854775807', ttlSeconds: 9_000_000_000 } };
    expect(decodeCommand(encodeCommand(cmd))).toEqual(cmd);
    expect(decodeCommand(encodeCommand({ op: 'txn', txn: { compare: [], success: [], failure: [] } }))).toEqual({ op: 'txn', txn: { compare: [], success: [], failure: [] } });
  });

  it('round-trips lease grant and revoke, negative and 64-bit ids included', () => {
    for (const cmd of [
      { op: 'lease-grant', id: '9223372036854775807', ttlSeconds: 2 },
      { op: 'lease-grant', id: '-1', ttlSeconds: 60 },
      { op: 'lease-revoke', id: '123', expired: true },
      { op: 'lease-revoke', id: '-9223372036854775808', expired: false },
    ] as KvCommand[]) {
      expect(decodeCommand(encodeCommand(cmd))).toEqual(cmd);
    }
  });

  it('round-trips results carrying a txn response, a lease response or an error', () => {
    const kv = { key: 'a', value: Buffer.from('x'), create_revision: '1', mod_revision: '9007199254740993', version: '3', lease: '-5' };
    const txn: TxnResponse__Output = {
      header: null,
      succeeded: true,
      responses: [
        { response: 'response_put', response_put: { header: null, prev_kv: kv, lease: '7' } },
        { response: 'response_delete', response_delete: { header: null, found: true, deleted: '2', prev_kvs: [kv, kv] } },
        { response: 'response_range', response_range: { header: null, kvs: [kv], more: true, count: '1', next_page_token: '' } },
      ],
    };
    const results: CommandResult[] = [
      { found: false, revision: 12, txn },
      { found: false, revision: 3, leaseGrant: { header: null, id: '9223372036854775807', ttl_seconds: '60' } },
      { found: false, revision: 4, leaseRevoke: { header: null, deleted: '3' } },
      { found: false, revision: 4, error: { code: 'RAFTKV_ERR_LEASE_NOT_FOUND', message: 'lease 7 not found' } },
    ];
    for (const r of results) expect(decodeResult(encodeResult(r))).toEqual(r);
  });

  it('throwIfFailed rebuilds the raftkv error of a failed result, and passes a successful one', () => {
    const fail = (err: { code: string; message: string }) => () => throwIfFailed({ found: false, revision: 0, error: err });
    expect(() => throwIfFailed({ found: false, revision: 3 })).not.toThrow();
    const notFound = new LeaseNotFoundError('-42');
    expect(fail({ code: notFound.code, message: notFound.message })).toThrow(expect.objectContaining({ name: 'LeaseNotFoundError', leaseId: '-42', message: notFound.message }));
    const exists = new LeaseExistsError('7');
    expect(fail({ code: exists.code, message: exists.message })).toThrow(LeaseExistsError);
    const invalid = new InvalidArgumentError('success[0].request_put.key', 'must not be empty');
    expect(fail({ code: invalid.code, message: invalid.message })).toThrow(expect.objectContaining({ field: 'success[0].request_put.key', message: invalid.message }));
    expect(fail({ code: 'RAFTKV_ERR_FAILED_PRECONDITION', message: 'no' })).toThrow(FailedPreconditionError);
    expect(fail({ code: 'RAFTKV_ERR_SOMETHING_NEW', message: 'hm' })).toThrow('RAFTKV_ERR_SOMETHING_NEW: hm');
  });
});
