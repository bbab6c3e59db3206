import { InvalidArgumentError, LeaseNotFoundError, TooLargeError } from '../../../src/errors';
import type { Compare__Output } from '../../../src/generated/raftkv/kv/v1/Compare';
import type { DeleteRequest__Output } from '../../../src/generated/raftkv/kv/v1/DeleteRequest';
import type { PutRequest__Output } from '../../../src/generated/raftkv/kv/v1/PutRequest';
import type { RangeRequest__Output } from '../../../src/generated/raftkv/kv/v1/RangeRequest';
import type { RequestOp__Output } from '../../../src/generated/raftkv/kv/v1/RequestOp';
import type { TxnRequest__Output } from '../../../src/generated/raftkv/kv/v1/TxnRequest';
import type { KeyRange } from '../../../src/kv/key-range';
import {
  DEFAULT_RANGE_LIMIT,
  MAX_LEASE_TTL_SECONDS,
  MAX_RANGE_LIMIT,
  MAX_RANGE_PAGE_BYTES,
  MAX_TXN_COMPARES,
  MAX_TXN_OPS_PER_BRANCH,
  MAX_VALUE_BYTES,
  MAX_WRITE_REQUEST_BYTES,
  MIN_LEASE_TTL_SECONDS,
} from '../../../src/kv/limits';
import type { KeyValueRecord } from '../../../src/kv/records';
import type { AppliedEntry } from '../../../src/node/proposal-registry';
import { createKvApi, randomLeaseId, type KvApiNode, type KvReader } from '../../../src/server/kv-api-impl';
import type { RangeOptions } from '../../../src/kv/range-page';
import type { KvApi } from '../../../src/server/kv-api';
import { decodeCommand, encodeResult, type CommandResult, type KvCommand } from '../../../src/kv/command';

const DEADLINE = new Date(Date.now() + 60_000);

/** Stands for "validation passed and the write was proposed". */
class Proposed extends Error {}

function fakeNode(): KvApiNode & { proposals: Uint8Array[]; barriers: number; serving: number } {
  return {
    id: 'n1',
    appliedIndex: 7,
    proposals: [],
    barriers: 0,
    serving: 0,
    status: () => ({ term: 3 }),
    propose(command: Uint8Array): Promise<AppliedEntry> {
      this.proposals.push(command);
      return Promise.reject(new Proposed());
    },
    linearizableBarrier(): Promise<void> {
      this.barriers += 1;
      return Promise.resolve();
    },
    assertServing(): void {
      this.serving += 1;
    },
  };
}

/** An in-memory sorted store with the state machine's read API. */
function fakeStore(keys: string[], revision = 42): KvReader & { calls: { range: KeyRange; opts: RangeOptions }[] } {
  const records: KeyValueRecord[] = [...keys]
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map((key, i) => ({ key, value: Buffer.from(`v-${key}`), createRevision: i + 1, modRevision: i + 1, version: 1, lease: '0' }));
  const calls: { range: KeyRange; opts: RangeOptions }[] = [];
  const inside = (r: KeyRange, key: string): boolean => {
    const k = Buffer.from(key);
    return Buffer.compare(k, r.start) >= 0 && (r.end === undefined || Buffer.compare(k, r.end) < 0);
  };
  return {
    calls,
    range(range, opts) {
      calls.push({ range, opts });
      const all = records.filter((r) => inside(range, r.key));
      const kvs = opts.countOnly ? [] : all.slice(0, opts.limit).map((r) => (opts.keysOnly ? { ...r, value: new Uint8Array(0) } : r));
      return Promise.resolve({ kvs, more: !opts.countOnly && all.length > opts.limit, count: all.length, revision });
    },
    getRecord(key) {
      return Promise.resolve({ kv: records.find((r) => r.key === key), revision });
    },
  };
}

const put = (key: string, extra: Partial<PutRequest__Output> = {}): PutRequest__Output => ({
  key,
  value: Buffer.from('v'),
  lease: '0',
  prev_kv: false,
  ttl_seconds: '0',
  ...extra,
});
const del = (key: string, extra: Partial<DeleteRequest__Output> = {}): DeleteRequest__Output => ({ key, range_end: '', prefix: false, prev_kv: false, ...extra });
const rangeReq = (key: string, extra: Partial<RangeRequest__Output> = {}): RangeRequest__Output => ({
  key,
  range_end: '',
  prefix: false,
  limit: '0',
  keys_only: false,
  count_only: false,
  consistency: 'CONSISTENCY_UNSPECIFIED',
  page_token: '',
  count_all: false,
  ...extra,
});
const putOp = (key: string, extra: Partial<PutRequest__Output> = {}): RequestOp__Output => ({ request: 'request_put', request_put: put(key, extra) });
const delOp = (key: string, extra: Partial<DeleteRequest__Output> = {}): RequestOp__Output => ({ request: 'request_delete', request_delete: del(key, extra) });
const rangeOp = (key: string, extra: Partial<RangeRequest__Output> = {}): RequestOp__Output => ({ request: 'request_range', request_range: rangeReq(key, extra) });
const txn = (t: Partial<TxnRequest__Output>): TxnRequest__Output => ({ compare: [], success: [], failure: [], ...t });
const cmp = (c: Partial<Compare__Output>): Compare__Output => ({
  key: 'k',
  range_end: '',
  target: 'COMPARE_TARGET_MOD_REVISION',
  op: 'COMPARE_OP_EQUAL',
  operand: 'mod_revision',
  mod_revision: '5',
  ...c,
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('KV API request validation', () => {
  let node: ReturnType<typeof fakeNode>;
  let store: ReturnType<typeof fakeStore>;
  let api: KvApi;
  beforeEach(() => {
    node = fakeNode();
    store = fakeStore(['a', 'b', 'c', 'd', 'e']);
    api = createKvApi({ node, stateMachine: store, newLeaseId: () => '12345' });
  });

  /** Expects INVALID_ARGUMENT (or TOO_LARGE) whose message starts with the field path and matches `reason`, and nothing proposed. */
  async function expectRejected(p: Promise<unknown>, field: string, reason?: RegExp): Promise<void> {
    const err = await rejection(p);
    if (!(err instanceof InvalidArgumentError || err instanceof TooLargeError)) throw err;
    expect(err.message.startsWith(`${field}: `) || err.message.startsWith(`${field} is `)).toBe(true);
    if (reason) expect(err.message).toMatch(reason);
    expect(node.proposals).toHaveLength(0);
  }
  const expectProposed = async (p: Promise<unknown>): Promise<void> => {
    expect(await rejection(p)).toBeInstanceOf(Proposed);
  };

  describe('Txn caps', () => {
    it(`accepts ${MAX_TXN_COMPARES} compares and ${MAX_TXN_OPS_PER_BRANCH} operations per branch`, async () => {
      const ops = Array.from({ length: MAX_TXN_OPS_PER_BRANCH }, (_, i) => putOp(`k${i}`));
      const compare = Array.from({ length: MAX_TXN_COMPARES }, (_, i) => cmp({ key: `k${i}` }));
      await expectProposed(api.txn(txn({ compare, success: ops, failure: ops }), DEADLINE));
    });

    it('rejects one compare over the cap, naming the limit', async () => {
      const compare = Array.from({ length: MAX_TXN_COMPARES + 1 }, () => cmp({}));
      await expectRejected(api.txn(txn({ compare }), DEADLINE), 'compare', new RegExp(`129 compares, over the limit of ${MAX_TXN_COMPARES}`));
    });

    it.each(['success', 'failure'] as const)('rejects one %s operation over the cap', async (branch) => {
      const ops = Array.from({ length: MAX_TXN_OPS_PER_BRANCH + 1 }, (_, i) => rangeOp(`k${i}`));
      await expectRejected(api.txn(txn({ [branch]: ops }), DEADLINE), branch, new RegExp(`over the limit of ${MAX_TXN_OPS_PER_BRANCH}`));
    });

    it('rejects a Txn whose log entry would exceed the write limit, with its size', async () => {
      const big = Buffer.alloc(MAX_VALUE_BYTES);
      const err = await rejection(api.txn(txn({ success: [putOp('x', { value: big }), putOp('y', { value: big })] }), DEADLINE));
      expect(err).toBeInstanceOf(TooLargeError);
      expect(err.message).toMatch(new RegExp(`^request is \\d+ bytes, over the limit of ${MAX_WRITE_REQUEST_BYTES} bytes$`));
      expect(node.proposals).toHaveLength(0);
    });

    it('names the operation that is malformed', async () => {
      await expectRejected(api.txn(txn({ success: [putOp('a'), {}] }), DEADLINE), 'success[1]', /request_range, request_put, request_delete or request_txn/);
      await expectRejected(api.txn(txn({ failure: [putOp('a'), putOp('')] }), DEADLINE), 'failure[1].request_put.key', /empty/);
      await expectRejected(
        api.txn(txn({ success: [putOp('a', { value: Buffer.alloc(MAX_VALUE_BYTES + 1) })] }), DEADLINE),
        'success[0].request_put.value',
        new RegExp(String(MAX_VALUE_BYTES)),
      );
    });
  });

  describe('a key written at most once per branch', () => {
    it('rejects the same key put twice, naming both operations', async () => {
      await expectRejected(
        api.txn(txn({ success: [putOp('a'), putOp('b'), rangeOp('a'), putOp('a')] }), DEADLINE),
        'success[3].request_put.key',
        /success\[0\]\.request_put\.key also writes/,
      );
    });

    it('rejects a put inside a delete range of the same branch, in either order', async () => {
      await expectRejected(api.txn(txn({ failure: [delOp('a', { range_end: 'c' }), putOp('b')] }), DEADLINE), 'failure[1].request_put.key', /failure\[0\]\.request_delete/);
      await expectRejected(api.txn(txn({ success: [putOp('app'), delOp('ap', { prefix: true })] }), DEADLINE), 'success[1].request_delete');
      await expectRejected(api.txn(txn({ success: [putOp('zz'), delOp('m', { range_end: '\u0000' })] }), DEADLINE), 'success[1].request_delete');
    });

    it('rejects overlapping deletes', async () => {
      await expectRejected(api.txn(txn({ success: [delOp('a', { range_end: 'm' }), delOp('k', { range_end: 'z' })] }), DEADLINE), 'success[1].request_delete');
    });

    it('allows a key outside the delete range, reads of written keys, and the same key in both branches', async () => {
      await expectProposed(
        api.txn(txn({ success: [delOp('a', { range_end: 'c' }), putOp('c'), rangeOp('c'), putOp('d')], failure: [putOp('c')] }), DEADLINE),
      );
    });
  });

  describe('key ranges', () => {
    it('rejects range_end before key, range_end with prefix, and an empty key without a range', async () => {
      await expectRejected(api.range(rangeReq('m', { range_end: 'a' }), DEADLINE), 'range_end', /sort after key/);
      await expectRejected(api.range(rangeReq('m', { range_end: 'm' }), DEADLINE), 'range_end');
      await expectRejected(api.delete(del('a', { prefix: true, range_end: 'b' }), DEADLINE), 'range_end', /prefix/);
      await expectRejected(api.range(rangeReq(''), DEADLINE), 'key', /empty/);
      await expectRejected(api.txn(txn({ success: [rangeOp('b', { range_end: 'a' })] }), DEADLINE), 'success[0].request_range.range_end');
    });

    it('rejects a lone surrogate in key, range_end, page_token and compare keys, naming the field', async () => {
      const lone = /must be valid UTF-8 \(it holds a lone surrogate\)/;
      await expectRejected(api.range(rangeReq('a\uD800'), DEADLINE), 'key', lone);
      await expectRejected(api.range(rangeReq('\uDC00', { prefix: true }), DEADLINE), 'key', lone);
      await expectRejected(api.range(rangeReq('a', { range_end: 'b\uD800' }), DEADLINE), 'range_end', lone);
      await expectRejected(api.range(rangeReq('a', { range_end: 'z', page_token: 'c\uDC00' }), DEADLINE), 'page_token', lone);
      await expectRejected(api.delete(del('a', { range_end: 'z\uDBFF' }), DEADLINE), 'range_end', lone);
      await expectRejected(api.put(put('k\uD83D'), DEADLINE), 'key', lone);
      await expectRejected(api.get({ key: '\uDE00', consistency: 'CONSISTENCY_UNSPECIFIED' }, DEADLINE), 'key', lone);
      await expectRejected(api.txn(txn({ compare: [cmp({ key: 'k\uD800' })] }), DEADLINE), 'compare[0].key', lone);
      await expectRejected(api.txn(txn({ success: [rangeOp('a', { range_end: '\uDFFF' })] }), DEADLINE), 'success[0].request_range.range_end', lone);
      await expectRejected(api.txn(txn({ failure: [delOp('\uD800', { prefix: true })] }), DEADLINE), 'failure[0].request_delete.key', lone);
      // Astral characters (surrogate pairs) are valid keys.
      await api.range(rangeReq('😀', { range_end: '😁', page_token: '😀\u0000' }), DEADLINE);
    });

    it('accepts every key with prefix "" or range_end "\\0"', async () => {
      expect((await api.range(rangeReq('', { prefix: true }), DEADLINE)).count).toBe('5');
      expect((await api.range(rangeReq('c', { range_end: '\u0000' }), DEADLINE)).count).toBe('3');
    });
  });

  describe('enums', () => {
    it('rejects unknown consistency values, listing the valid names', async () => {
      const bad = 9 as unknown as 'CONSISTENCY_UNSPECIFIED';
      await expectRejected(api.get({ key: 'a', consistency: bad }, DEADLINE), 'consistency', /unknown value 9; expected CONSISTENCY_UNSPECIFIED \(0\), .* or CONSISTENCY_SERIALIZABLE \(2\)/);
      await expectRejected(api.range(rangeReq('a', { consistency: bad }), DEADLINE), 'consistency');
    });

    it('rejects unknown and unset compare targets and ops', async () => {
      const target = 9 as unknown as 'COMPARE_TARGET_VALUE';
      const op = 8 as unknown as 'COMPARE_OP_EQUAL';
      await expectRejected(api.txn(txn({ compare: [cmp({}), cmp({ target })] }), DEADLINE), 'compare[1].target', /COMPARE_TARGET_LEASE \(5\)/);
      await expectRejected(api.txn(txn({ compare: [cmp({ op })] }), DEADLINE), 'compare[0].op', /COMPARE_OP_LESS \(4\)/);
      await expectRejected(api.txn(txn({ compare: [cmp({ target: 'COMPARE_TARGET_UNSPECIFIED' })] }), DEADLINE), 'compare[0].target', /must be set/);
      await expectRejected(api.txn(txn({ compare: [cmp({ op: 'COMPARE_OP_UNSPECIFIED' })] }), DEADLINE), 'compare[0].op', /must be set/);
    });

    it('rejects an operand that does not match the target', async () => {
      await expectRejected(
        api.txn(txn({ compare: [cmp({ target: 'COMPARE_TARGET_VERSION', operand: 'mod_revision' })] }), DEADLINE),
        'compare[0].version',
        /must be set for target COMPARE_TARGET_VERSION \(got mod_revision\)/,
      );
      await expectRejected(api.txn(txn({ compare: [cmp({ operand: undefined, mod_revision: undefined })] }), DEADLINE), 'compare[0].mod_revision', /no operand/);
      await expectRejected(api.txn(txn({ compare: [cmp({ mod_revision: '-1' })] }), DEADLINE), 'compare[0].mod_revision');
      await expectProposed(api.txn(txn({ compare: [cmp({ target: 'COMPARE_TARGET_VALUE', operand: 'value', value: Buffer.from('x') })] }), DEADLINE));
    });
  });

  describe('ttl_seconds and lease', () => {
    it.each([MIN_LEASE_TTL_SECONDS, MAX_LEASE_TTL_SECONDS])('accepts ttl_seconds %d', async (ttl) => {
      await expectProposed(api.put(put('a', { ttl_seconds: String(ttl) }), DEADLINE));
    });

    it.each(['1', '-5', String(MAX_LEASE_TTL_SECONDS + 1)])('rejects ttl_seconds %s, naming the bounds', async (ttl) => {
      await expectRejected(api.put(put('a', { ttl_seconds: ttl }), DEADLINE), 'ttl_seconds', new RegExp(`between ${MIN_LEASE_TTL_SECONDS} and ${MAX_LEASE_TTL_SECONDS}`));
    });

    it('rejects lease together with ttl_seconds, and ttl_seconds inside a Txn', async () => {
      await expectRejected(api.put(put('a', { ttl_seconds: '10', lease: '77' }), DEADLINE), 'ttl_seconds', /exclusive/);
      await expectRejected(api.txn(txn({ success: [putOp('a', { ttl_seconds: '10' })] }), DEADLINE), 'success[0].request_put.ttl_seconds', /not allowed inside a Txn/);
    });

    it('rejects a negative lease id', async () => {
      await expectRejected(api.put(put('a', { lease: '-3' }), DEADLINE), 'lease');
    });

    it('chooses random positive 63-bit lease ids', () => {
      for (let i = 0; i < 100; i += 1) {
        const id = BigInt(randomLeaseId());
        expect(id > 0n && id < 2n ** 63n).toBe(true);
      }
    });
  });

  describe('Range limits and paging', () => {
    it('reads a page of the default size for limit 0 and rejects negative or too large limits', async () => {
      await api.range(rangeReq('a', { range_end: 'z' }), DEADLINE);
      expect(store.calls[0]?.opts).toEqual({ limit: DEFAULT_RANGE_LIMIT, keysOnly: false, countOnly: false, maxBytes: MAX_RANGE_PAGE_BYTES });
      await expectRejected(api.range(rangeReq('a', { limit: '-1' }), DEADLINE), 'limit');
      await expectRejected(api.range(rangeReq('a', { limit: String(MAX_RANGE_LIMIT + 1) }), DEADLINE), 'limit', new RegExp(String(MAX_RANGE_LIMIT)));
      await expect(api.range(rangeReq('a', { limit: String(MAX_RANGE_LIMIT) }), DEADLINE)).resolves.toBeDefined();
      await expectRejected(api.txn(txn({ success: [rangeOp('a', { limit: '-2' })] }), DEADLINE), 'success[0].request_range.limit');
    });

    it('pages with a token after the last key and reads every key once', async () => {
      const seen: string[] = [];
      let token = '';
      for (let pages = 0; pages < 10; pages += 1) {
        const res = await api.range(rangeReq('', { prefix: true, limit: '2', page_token: token }), DEADLINE);
        seen.push(...(res.kvs ?? []).map((kv) => String(kv.key)));
        if (!res.more) {
          expect(res.next_page_token).toBe('');
          break;
        }
        expect(res.next_page_token).toBe(`${seen[seen.length - 1]}\u0000`);
        token = String(res.next_page_token);
      }
      expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('rejects a page token outside the requested range', async () => {
      await expectRejected(api.range(rangeReq('b', { range_end: 'd', page_token: 'a' }), DEADLINE), 'page_token', /outside the requested range/);
      await expectRejected(api.range(rangeReq('b', { range_end: 'd', page_token: 'd' }), DEADLINE), 'page_token');
      await expectRejected(api.range(rangeReq('app', { prefix: true, page_token: 'apq' }), DEADLINE), 'page_token');
      await expectRejected(api.range(rangeReq('b', { page_token: 'b\u0000' }), DEADLINE), 'page_token');
      await expectRejected(api.txn(txn({ success: [rangeOp('a', { range_end: 'z', page_token: 'b' })] }), DEADLINE), 'success[0].request_range.page_token');
      await api.range(rangeReq('b', { range_end: 'd', page_token: 'c' }), DEADLINE);
      expect(store.calls[0]?.range.start.toString()).toBe('c');
    });
  });

  describe('reads', () => {
    it('go through the read index unless serializable, and report the revision they reflect', async () => {
      const res = await api.get({ key: 'c', consistency: 'CONSISTENCY_UNSPECIFIED' }, DEADLINE);
      expect(node.barriers).toBe(1);
      expect(res).toMatchObject({ found: true, header: { member_id: 'n1', raft_term: '3', applied_index: '7', revision: '42' } });
      expect(res.kv).toMatchObject({ key: 'c', create_revision: '3', mod_revision: '3', version: '1', lease: '0' });
      const stale = await api.range(rangeReq('a', { range_end: 'c', consistency: 'CONSISTENCY_SERIALIZABLE', keys_only: true }), DEADLINE);
      expect(node.barriers).toBe(1);
      expect(node.serving).toBe(1);
      expect(stale.kvs?.map((kv) => kv.key)).toEqual(['a', 'b']);
      expect(stale.kvs?.every((kv) => Buffer.from(kv.value as Uint8Array).length === 0)).toBe(true);
    });

    it('count_only returns the count and no kvs', async () => {
      const res = await api.range(rangeReq('b', { range_end: '\u0000', count_only: true, limit: '1' }), DEADLINE);
      expect(res).toMatchObject({ count: '4', kvs: [], more: false, next_page_token: '' });
    });
  });

  describe('writes', () => {
    /** A node that applies nothing but answers every proposal with `answer(command)`. */
    function answering(answer: (cmd: KvCommand) => CommandResult): { api: KvApi; commands: KvCommand[] } {
      const commands: KvCommand[] = [];
      const n: KvApiNode = {
        ...fakeNode(),
        propose: (bytes) => {
          const cmd = decodeCommand(bytes);
          commands.push(cmd);
          return Promise.resolve({ index: 9, term: 3, result: encodeResult(answer(cmd)) });
        },
      };
      return { api: createKvApi({ node: n, stateMachine: fakeStore([]), newLeaseId: () => '12345' }), commands };
    }
    const kv = { key: 'a', value: Buffer.from('old'), create_revision: '4', mod_revision: '5', version: '2', lease: '0' };

    it('proposes a Put with ttl_seconds as one transaction that grants the lease and attaches the key', async () => {
      const { api: w, commands } = answering(() => ({
        found: false,
        revision: 6,
        txn: { header: null, succeeded: true, responses: [{ response: 'response_put', response_put: { header: null, prev_kv: kv, lease: '12345' } }] },
      }));
      const res = await w.put(put('a', { ttl_seconds: '30', prev_kv: true }), DEADLINE);
      expect(commands).toHaveLength(1);
      const cmd = commands[0]!;
      expect(cmd.op === 'txn' && cmd.grant).toEqual({ id: '12345', ttlSeconds: 30 });
      expect(cmd.op === 'txn' && cmd.txn.success[0]?.request_put).toMatchObject({ key: 'a', lease: '12345', ttl_seconds: '0', prev_kv: true });
      expect(res).toMatchObject({ header: { revision: '6', member_id: 'n1' }, lease: '12345', prev_kv: kv });
    });

    it('answers a Delete with the count and prev_kvs, and a Txn with the header in every response', async () => {
      const { api: w } = answering((cmd) => {
        const txnCmd = cmd.op === 'txn' ? cmd.txn : undefined;
        const isDelete = txnCmd?.success[0]?.request === 'request_delete';
        return {
          found: false,
          revision: 8,
          txn: isDelete
            ? { header: null, succeeded: true, responses: [{ response: 'response_delete', response_delete: { header: null, found: true, deleted: '1', prev_kvs: [kv] } }] }
            : {
                header: null,
                succeeded: false,
                responses: [{ response: 'response_range', response_range: { header: null, kvs: [kv], more: true, count: '1', next_page_token: '' } }],
              },
        };
      });
      expect(await w.delete(del('a', { prev_kv: true }), DEADLINE)).toMatchObject({ found: true, deleted: '1', prev_kvs: [kv], header: { revision: '8' } });
      const t = await w.txn(txn({ compare: [cmp({})], failure: [rangeOp('a', { limit: '1' })] }), DEADLINE);
      expect(t).toMatchObject({ succeeded: false, header: { revision: '8' } });
      expect(t.responses?.[0]?.response_range).toMatchObject({ header: { revision: '8' }, next_page_token: 'a\u0000' });
    });

    it('throws the error decided when the entry was applied', async () => {
      const { api: w } = answering(() => ({ found: false, revision: 3, error: { code: 'RAFTKV_ERR_LEASE_NOT_FOUND', message: 'lease 77 not found (never granted, expired or revoked)' } }));
      await expect(w.put(put('a', { lease: '77' }), DEADLINE)).rejects.toBeInstanceOf(LeaseNotFoundError);
    });
  });
});
