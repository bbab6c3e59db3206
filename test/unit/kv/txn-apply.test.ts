import { createHash } from 'node:crypto';
import { LeaseExistsError, LeaseNotFoundError, InvalidArgumentError } from '../../../src/errors';
import { decodeResult, encodeCommand, encodeResult, throwIfFailed, type CommandResult } from '../../../src/kv/command';
import { EntryType, type Entry } from '../../../src/raft/types';
import { keyRangeOf } from '../../../src/kv/key-range';
import { MAX_RANGE_PAGE_BYTES } from '../../../src/kv/limits';
import { readPage } from '../../../src/kv/range-page';
import type { KeyValueRecord } from '../../../src/kv/records';
import { validateRange } from '../../../src/server/kv-request-validation';
import { compare, deleteOp, grantCmd, harnesses, legacyDelete, legacyPut, putOp, rangeOp, revokeCmd, text, txn, txnCmd, type Harness } from './support';

const all = { limit: 0, keysOnly: false, countOnly: false, maxBytes: 0 };
const single = (key: string) => keyRangeOf({ key, range_end: '', prefix: false });
const prefix = (key: string) => keyRangeOf({ key, range_end: '', prefix: true });

async function record(h: Harness, key: string): Promise<KeyValueRecord | undefined> {
  return (await h.machine.getRecord(key)).kv;
}

async function keys(h: Harness, key = ''): Promise<string[]> {
  return (await h.machine.range(prefix(key), all)).kvs.map((kv) => kv.key);
}

/** The result as the proposer sees it: through the result codec. */
const wire = (r: CommandResult): CommandResult => decodeResult(encodeResult(r));

describe('KvStateMachine: revisions and transactions', () => {
  const hs = harnesses();
  afterEach(() => hs.cleanup());

  describe('revisions', () => {
    it('a put creates the key at a new revision; later puts keep create_revision, bump version and mod_revision', async () => {
      const h = await hs.make();
      expect(await h.one(txnCmd(txn([putOp('a', '1')])))).toMatchObject({ revision: 1 });
      const a = await record(h, 'a');
      expect({ ...a, value: text(a?.value) }).toEqual({ key: 'a', value: '1', createRevision: 1, modRevision: 1, version: 1, lease: '0' });
      await h.one(txnCmd(txn([putOp('b', 'x')])));
      await h.one(txnCmd(txn([putOp('a', '2')])));
      expect(await record(h, 'a')).toMatchObject({ createRevision: 1, modRevision: 3, version: 2 });
      expect(h.machine.revision()).toBe(3);
    });

    it('a delete then a put recreates the key: create_revision and version start over', async () => {
      const h = await hs.make();
      await h.apply(txnCmd(txn([putOp('a', '1')])), txnCmd(txn([putOp('a', '2')])), txnCmd(txn([deleteOp('a')])), txnCmd(txn([putOp('a', '3')])));
      expect(await record(h, 'a')).toMatchObject({ createRevision: 4, modRevision: 4, version: 1 });
    });

    it('all changes of one entry share its revision; entries that change no key leave it alone', async () => {
      const h = await hs.make();
      const results = await h.apply(
        txnCmd(txn([putOp('a', '1'), putOp('b', '1'), putOp('c', '1')])),
        txnCmd(txn([rangeOp('a')])), // read only
        txnCmd(txn([deleteOp('missing')])), // deletes nothing
        legacyDelete('missing'),
        grantCmd('7'), // leases are not key changes
        txnCmd(txn([deleteOp('a'), putOp('b', '2')])),
      );
      expect(results.map((r) => r.result?.revision)).toEqual([1, 1, 1, 1, 1, 2]);
      expect((await record(h, 'c'))?.modRevision).toBe(1);
      expect((await record(h, 'b'))?.modRevision).toBe(2);
    });

    it('v0.1 put and delete entries apply as before: a plain put, a single-key delete with found', async () => {
      const h = await hs.make();
      await h.one(grantCmd('5'));
      await h.one(txnCmd(txn([putOp('k', 'leased', { lease: '5' })])));
      const results = await h.apply(legacyPut('k', 'v'), legacyDelete('k'), legacyDelete('k'));
      expect(results.map((r) => r.result)).toEqual([
        { found: false, revision: 2 },
        { found: true, revision: 3 },
        { found: false, revision: 3 },
      ]);
      // The plain put detached the key from the lease: revoking it deletes nothing.
      await h.one(legacyPut('k', 'again'));
      expect((await h.one(revokeCmd('5'))).leaseRevoke?.deleted).toBe('0');
      expect(text((await record(h, 'k'))?.value)).toBe('again');
    });
  });

  describe('compares', () => {
    async function seeded(): Promise<Harness> {
      const h = await hs.make();
      await h.one(grantCmd('42'));
      await h.apply(txnCmd(txn([putOp('k', 'm')])), txnCmd(txn([putOp('other', 'x')])), txnCmd(txn([putOp('k', 'm', { lease: '42' })])));
      // k: value "m", version 2, create 1, mod 3, lease 42.
      return h;
    }
    const cases: Array<[Parameters<typeof compare>[1], string | number, Record<'EQUAL' | 'NOT_EQUAL' | 'GREATER' | 'LESS', string | number>]> = [
      ['VALUE', 'm', { EQUAL: 'm', NOT_EQUAL: 'n', GREATER: 'l', LESS: 'mm' }],
      ['VERSION', 2, { EQUAL: 2, NOT_EQUAL: 3, GREATER: 1, LESS: 3 }],
      ['CREATE_REVISION', 1, { EQUAL: 1, NOT_EQUAL: 2, GREATER: 0, LESS: 2 }],
      ['MOD_REVISION', 3, { EQUAL: 3, NOT_EQUAL: 1, GREATER: 2, LESS: 4 }],
      ['LEASE', '42', { EQUAL: '42', NOT_EQUAL: '0', GREATER: '41', LESS: '43' }],
    ];
    it.each(cases)('%s: each op holds for a matching operand and fails for the actual value where it must', async (target, actual, holding) => {
      const h = await seeded();
      for (const op of ['EQUAL', 'NOT_EQUAL', 'GREATER', 'LESS'] as const) {
        const holds = await h.one(txnCmd(txn([], { compare: [compare('k', target, op, holding[op])] })));
        expect([op, holds.txn?.succeeded]).toEqual([op, true]);
      }
      // Against the actual value only EQUAL holds.
      for (const op of ['NOT_EQUAL', 'GREATER', 'LESS'] as const) {
        expect((await h.one(txnCmd(txn([], { compare: [compare('k', target, op, actual)] })))).txn?.succeeded).toBe(false);
      }
    });

    it('a missing key has version, revisions and lease 0; a VALUE compare on it is false whatever the op', async () => {
      const h = await hs.make();
      for (const target of ['VERSION', 'CREATE_REVISION', 'MOD_REVISION', 'LEASE'] as const) {
        expect((await h.one(txnCmd(txn([], { compare: [compare('nope', target, 'EQUAL', 0)] })))).txn?.succeeded).toBe(true);
      }
      for (const op of ['EQUAL', 'NOT_EQUAL', 'GREATER', 'LESS'] as const) {
        expect((await h.one(txnCmd(txn([], { compare: [compare('nope', 'VALUE', op, '')] })))).txn?.succeeded).toBe(false);
      }
    });

    it('runs the failure branch when any compare fails, and only it', async () => {
      const h = await hs.make();
      await h.one(txnCmd(txn([putOp('k', 'v')])));
      const r = await h.one(
        txnCmd(txn([putOp('yes', '1')], { compare: [compare('k', 'VALUE', 'EQUAL', 'v'), compare('k', 'VERSION', 'EQUAL', 9)], failure: [putOp('no', '1'), rangeOp('k')] })),
      );
      expect(r.txn?.succeeded).toBe(false);
      expect(r.txn?.responses.map((x) => x.response)).toEqual(['response_put', 'response_range']);
      expect(await keys(h)).toEqual(['k', 'no']);
    });

    it('compare-and-swap on mod_revision: only the first of two racing writers wins', async () => {
      const h = await hs.make();
      await h.one(txnCmd(txn([putOp('lock', 'free')])));
      const cas = (who: string) => txnCmd(txn([putOp('lock', who)], { compare: [compare('lock', 'MOD_REVISION', 'EQUAL', 1)] }));
      const results = await h.apply(cas('a'), cas('b'));
      expect(results.map((r) => r.result?.txn?.succeeded)).toEqual([true, false]);
      expect(text((await record(h, 'lock'))?.value)).toBe('a');
    });
  });

  describe('operations', () => {
    it('a Range inside a txn sees the earlier operations of the txn and the earlier entries of the batch', async () => {
      const h = await hs.make();
      await h.one(txnCmd(txn([putOp('a', 'stored'), putOp('c', 'stored')])));
      const [, second] = await h.apply(
        txnCmd(txn([putOp('b', 'batch')])),
        txnCmd(txn([rangeOp('', { prefix: true }), putOp('a', 'mine'), deleteOp('c'), putOp('d', 'new'), rangeOp('', { prefix: true })])),
      );
      const responses = second?.result?.txn?.responses ?? [];
      const seen = (i: number) => responses[i]?.response_range?.kvs.map((kv) => `${kv.key}=${kv.value.toString()}@${kv.mod_revision}`);
      expect(seen(0)).toEqual(['a=stored@1', 'b=batch@2', 'c=stored@1']);
      expect(seen(4)).toEqual(['a=mine@3', 'b=batch@2', 'd=new@3']);
    });

    it('put returns prev_kv when asked; delete returns the count and prev_kvs of a key, a range or a prefix', async () => {
      const h = await hs.make();
      await h.one(txnCmd(txn(['a', 'b/1', 'b/2', 'b/3', 'c', 'd'].map((k) => putOp(k, `v-${k}`)))));
      const put = wire(await h.one(txnCmd(txn([putOp('a', 'new', { prevKv: true }), putOp('fresh', '1', { prevKv: true })]))));
      expect(put.txn?.responses[0]?.response_put?.prev_kv).toMatchObject({ key: 'a', value: Buffer.from('v-a'), version: '1', mod_revision: '1' });
      expect(put.txn?.responses[1]?.response_put?.prev_kv).toBeNull();

      const del = wire(await h.one(txnCmd(txn([deleteOp('b/', { prefix: true, prevKv: true }), deleteOp('c', { rangeEnd: 'e' }), deleteOp('zzz')]))));
      const [prefixDel, rangeDel, missing] = del.txn?.responses.map((r) => r.response_delete) ?? [];
      expect(prefixDel).toMatchObject({ found: true, deleted: '3' });
      expect(prefixDel?.prev_kvs.map((kv) => kv.key)).toEqual(['b/1', 'b/2', 'b/3']);
      expect(rangeDel).toMatchObject({ found: true, deleted: '2', prev_kvs: [] });
      expect(missing).toMatchObject({ found: false, deleted: '0' });
      expect(await keys(h)).toEqual(['a', 'fresh']);
      expect(del.revision).toBe(3);
    });

    it('prefix "" deletes every key; range_end "\\0" reaches the last key', async () => {
      const h = await hs.make();
      await h.one(txnCmd(txn(['a', 'm', '\u{10FFFF}', 'z'].map((k) => putOp(k, '1')))));
      const r = await h.one(txnCmd(txn([rangeOp('m', { rangeEnd: '\0' }), deleteOp('', { prefix: true })])));
      expect(r.txn?.responses[0]?.response_range?.kvs.map((kv) => kv.key)).toEqual(['m', 'z', '\u{10FFFF}']);
      expect(r.txn?.responses[1]?.response_delete?.deleted).toBe('4');
      expect(await keys(h)).toEqual([]);
    });

    it('an invalid operation at apply time fails the whole entry, changing nothing', async () => {
      const h = await hs.make();
      await h.one(txnCmd(txn([putOp('a', '1')])));
      const bad = await h.one(txnCmd(txn([putOp('a', '2'), deleteOp('z', { rangeEnd: 'a' })])));
      expect(bad.error?.code).toBe('RAFTKV_ERR_INVALID_ARGUMENT');
      expect(bad.revision).toBe(1);
      expect(() => throwIfFailed(wire(bad))).toThrow(InvalidArgumentError);
      const unknownTarget = await h.one(txnCmd({ compare: [{ ...compare('a', 'VERSION', 'EQUAL', 1), target: 'COMPARE_TARGET_UNSPECIFIED' }], success: [], failure: [] }));
      expect(unknownTarget.error?.message).toMatch(/compare\[0\]\.target/);
      const mismatched = await h.one(
        txnCmd({ compare: [{ key: 'a', range_end: '', target: 'COMPARE_TARGET_VERSION', op: 'COMPARE_OP_EQUAL', operand: 'value', value: Buffer.from('1') }], success: [], failure: [] }),
      );
      expect(mismatched.error?.code).toBe('RAFTKV_ERR_INVALID_ARGUMENT');
      expect(await record(h, 'a')).toMatchObject({ version: 1 });
      expect(text((await record(h, 'a'))?.value)).toBe('1');
      expect(h.machine.revision()).toBe(1);
    });

    it('limits a Range inside a txn and reports more and the count', async () => {
      const h = await hs.make();
      await h.one(txnCmd(txn(['a', 'b', 'c'].map((k) => putOp(k, 'v')))));
      const r = await h.one(txnCmd(txn([rangeOp('', { prefix: true, limit: 2 }), rangeOp('', { prefix: true, countOnly: true }), rangeOp('a', { keysOnly: true })])));
      const [limited, counted, keysOnly] = r.txn?.responses.map((x) => x.response_range) ?? [];
      expect(limited).toMatchObject({ more: true, count: '2' });
      expect(counted).toMatchObject({ more: false, count: '3', kvs: [] });
      expect(keysOnly?.kvs[0]?.value.byteLength).toBe(0);
      expect(keysOnly?.kvs[0]?.version).toBe('1');
    });
  });

  describe('one response budget per txn', () => {
    // 600 KiB values: three keys (with their 1-byte names) fit in the 2 MiB budget, a fourth does not.
    const VALUE = 'x'.repeat(600 * 1024);
    const size = VALUE.length + 1;

    async function seeded(): Promise<Harness> {
      const h = await hs.make();
      await h.one(txnCmd(txn(['a', 'b', 'c', 'd', 'e'].map((k) => putOp(k, VALUE)))));
      return h;
    }

    const budgetTxn = txnCmd(
      txn([
        rangeOp('a', { rangeEnd: 'c' }), // a, b: both fit
        rangeOp('c', { rangeEnd: '\0' }), // c fits, d would pass the budget: a short page
        rangeOp('e'), // nothing fits: an empty page that continues from "e"
        rangeOp('zzz'), // an empty range is complete, budget or not
        rangeOp('', { prefix: true, keysOnly: true }), // keys only: 5 bytes, which still fit
        rangeOp('', { prefix: true }), // empty page from the start: token "\0"
        rangeOp('', { prefix: true, countOnly: true }), // counting returns no data
      ]),
    );

    it('shares one MAX_RANGE_PAGE_BYTES budget among all ranges; later ranges return what fits and a token', async () => {
      expect(3 * size).toBeLessThanOrEqual(MAX_RANGE_PAGE_BYTES);
      expect(4 * size).toBeGreaterThan(MAX_RANGE_PAGE_BYTES);
      const h = await seeded();
      const r = wire(await h.one(budgetTxn));
      const pages = (r.txn?.responses ?? []).map((x) => x.response_range);
      const shape = pages.map((p) => ({ keys: p?.kvs.map((kv) => kv.key), more: p?.more, count: p?.count, token: p?.next_page_token }));
      expect(shape).toEqual([
        { keys: ['a', 'b'], more: false, count: '2', token: '' },
        { keys: ['c'], more: true, count: '1', token: 'c\u0000' },
        { keys: [], more: true, count: '0', token: 'e' },
        { keys: [], more: false, count: '0', token: '' },
        { keys: ['a', 'b', 'c', 'd', 'e'], more: false, count: '5', token: '' },
        { keys: [], more: true, count: '0', token: '\u0000' },
        { keys: [], more: false, count: '5', token: '' },
      ]);
      const bytes = pages.reduce((sum, p) => sum + (p?.kvs ?? []).reduce((n, kv) => n + Buffer.byteLength(kv.key) + kv.value.byteLength, 0), 0);
      expect(bytes).toBeLessThanOrEqual(MAX_RANGE_PAGE_BYTES);
    });

    it('the tokens continue outside the txn with Range, which reads the keys the txn left out', async () => {
      const h = await seeded();
      const pages = (await h.one(budgetTxn)).txn?.responses.map((x) => x.response_range) ?? [];
      const rangeReq = { limit: '0', keys_only: false, count_only: false, consistency: 'CONSISTENCY_UNSPECIFIED', count_all: false } as const;
      const rest = async (spec: { key: string; range_end: string; prefix: boolean }, token: string): Promise<string[]> => {
        const valid = validateRange({ ...rangeReq, ...spec, page_token: token });
        return (await h.machine.range(valid.page, { limit: valid.limit, keysOnly: false, countOnly: false, maxBytes: MAX_RANGE_PAGE_BYTES })).kvs.map((kv) => kv.key);
      };
      expect(await rest({ key: 'c', range_end: '\0', prefix: false }, pages[1]?.next_page_token ?? '')).toEqual(['d', 'e']);
      expect(await rest({ key: 'e', range_end: '', prefix: false }, pages[2]?.next_page_token ?? '')).toEqual(['e']);
      expect(await rest({ key: '', range_end: '', prefix: true }, pages[5]?.next_page_token ?? '')).toEqual(['a', 'b', 'c']);
    });

    it('cuts the same pages on every node: the result depends only on the data', async () => {
      // Values as digests: jest compares a Buffer element by element, far too slowly for megabytes.
      const hashed = (v: unknown): unknown => {
        if (v instanceof Uint8Array) return createHash('sha256').update(v).digest('hex');
        if (Array.isArray(v)) return v.map(hashed);
        if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hashed(x)]));
        return v;
      };
      const digest = (r: CommandResult): string => JSON.stringify(hashed(r));
      const [one, two] = [await seeded(), await seeded()];
      const first = digest(wire(await one.one(budgetTxn)));
      expect(digest(wire(await two.one(budgetTxn)))).toBe(first);
      // And again on the same node, after a restart.
      expect(digest(wire(await (await one.restart()).one(budgetTxn)))).toBe(first);
    });

    it('a page alone always holds one key however large; a page after spent bytes may hold none', async () => {
      const records = async function* (): AsyncGenerator<KeyValueRecord> {
        for (const key of ['a', 'b']) yield { key, value: new Uint8Array(10), createRevision: 1, modRevision: 1, version: 1, lease: '0' };
      };
      const opts = { limit: 0, keysOnly: false, countOnly: false, maxBytes: 5 };
      expect(await readPage(records(), opts)).toMatchObject({ more: true, count: 1, bytes: 11 });
      expect(await readPage(records(), { ...opts, bytesSpent: 1 })).toMatchObject({ kvs: [], more: true, count: 0, bytes: 0 });
      expect(await readPage(records(), { ...opts, maxBytes: 30, bytesSpent: 9 })).toMatchObject({ more: true, count: 1, bytes: 11 });
    });
  });

  describe('leases', () => {
    it('a put naming a lease that does not exist fails the whole entry with LeaseNotFound and changes nothing', async () => {
      const h = await hs.make();
      const r = wire(await h.one(txnCmd(txn([putOp('a', '1'), putOp('b', '1', { lease: '99' })]))));
      expect(r.error?.code).toBe('RAFTKV_ERR_LEASE_NOT_FOUND');
      expect(r.revision).toBe(0);
      expect(() => throwIfFailed(r)).toThrow(LeaseNotFoundError);
      try {
        throwIfFailed(r);
      } catch (err) {
        expect((err as LeaseNotFoundError).leaseId).toBe('99');
      }
      expect(await keys(h)).toEqual([]);
      expect(h.machine.revision()).toBe(0);
    });

    it('grant: a new id is granted, an id in use fails with LeaseExists; grant inside a txn shares the put revision', async () => {
      const h = await hs.make();
      const granted = wire(await h.one(grantCmd('9223372036854775807', 30)));
      expect(granted.leaseGrant).toMatchObject({ id: '9223372036854775807', ttl_seconds: '30' });
      const again = wire(await h.one(grantCmd('9223372036854775807', 30)));
      expect(() => throwIfFailed(again)).toThrow(LeaseExistsError);

      const put = await h.one(txnCmd(txn([putOp('k', 'v', { lease: '12' })]), { id: '12', ttlSeconds: 5 }));
      expect(put.revision).toBe(1);
      expect(put.txn?.responses[0]?.response_put?.lease).toBe('12');
      expect(await h.machine.lease('12')).toEqual({ id: '12', ttlSeconds: 5 });
      expect(await h.machine.leaseKeys('12')).toEqual(['k']);
      // A txn whose grant names an existing lease changes nothing.
      const clash = await h.one(txnCmd(txn([putOp('x', 'v', { lease: '12' })]), { id: '12', ttlSeconds: 5 }));
      expect(clash.error?.code).toBe('RAFTKV_ERR_LEASE_EXISTS');
      expect(await keys(h)).toEqual(['k']);
    });

    it('revoke deletes every attached key at one revision; an unknown lease is an error; keys moved to another lease stay', async () => {
      const h = await hs.make();
      await h.apply(grantCmd('1'), grantCmd('2'));
      await h.one(txnCmd(txn([putOp('a', '1', { lease: '1' }), putOp('b', '1', { lease: '1' }), putOp('c', '1', { lease: '1' }), putOp('free', '1')])));
      await h.one(txnCmd(txn([putOp('c', '2', { lease: '2' })])));
      expect(await h.machine.leaseKeys('1')).toEqual(['a', 'b']);
      const events: string[] = [];
      h.machine.onApplied((batch) => events.push(...batch.events.map((e) => `${e.type} ${e.kv.key}@${e.revision}`)));
      const revoked = wire(await h.one(revokeCmd('1', true)));
      expect(revoked).toMatchObject({ revision: 3, leaseRevoke: { deleted: '2' } });
      expect(events).toEqual(['delete a@3', 'delete b@3']);
      expect(await keys(h)).toEqual(['c', 'free']);
      expect(await h.machine.lease('1')).toBeUndefined();
      expect(await h.machine.leaseKeys('1')).toEqual([]);
      const unknown = wire(await h.one(revokeCmd('1')));
      expect(() => throwIfFailed(unknown)).toThrow(LeaseNotFoundError);
      expect(unknown.revision).toBe(3);
    });

    it('revoking in the same batch sees keys attached earlier in the batch', async () => {
      const h = await hs.make();
      const results = await h.apply(grantCmd('1'), txnCmd(txn([putOp('a', '1', { lease: '1' })])), revokeCmd('1'), txnCmd(txn([putOp('a', '2', { lease: '1' })])));
      expect(results.map((r) => r.result?.error?.code ?? r.result?.revision)).toEqual([0, 1, 2, 'RAFTKV_ERR_LEASE_NOT_FOUND']);
      expect(await keys(h)).toEqual([]);
    });

    it('leases and the lease index survive a restart; the lease source reports grants and revokes in apply order', async () => {
      let h = await hs.make();
      const changes: string[] = [];
      h.machine.onLeaseChange((cs) => changes.push(cs.map((c) => (c.type === 'granted' ? `+${c.lease.id}` : c.type === 'revoked' ? `-${c.id}` : 'reset')).join(',')));
      await h.apply(grantCmd('3'), grantCmd('-7'), grantCmd('20'), revokeCmd('3'));
      await h.one(txnCmd(txn([putOp('k', 'v', { lease: '20' })])));
      expect(changes).toEqual(['+3,+-7,+20,-3']);
      h = await h.restart();
      expect(await h.machine.leases()).toEqual([
        { id: '-7', ttlSeconds: 60 },
        { id: '20', ttlSeconds: 60 },
      ]);
      expect(await h.machine.leaseKeys('20')).toEqual(['k']);
      expect((await h.one(revokeCmd('20'))).leaseRevoke?.deleted).toBe('1');
    });
  });

  it('survives garbage in every field of a txn with an error result, never a crash', async () => {
    const h = await hs.make();
    const weird = [
      { compare: [{ key: 'a', target: 'COMPARE_TARGET_VERSION', op: 'COMPARE_OP_UNSPECIFIED', version: '1', operand: 'version' }], success: [], failure: [] },
      { compare: [], success: [{}], failure: [] },
      { compare: [], success: [putOp('', 'empty key')], failure: [] },
      { compare: [], success: [deleteOp('a', { prefix: true, rangeEnd: 'b' })], failure: [] },
      { compare: [], success: [rangeOp('', {})], failure: [] },
    ];
    for (const t of weird) {
      const r = await h.one(txnCmd(t as never));
      expect(r.error?.code).toBe('RAFTKV_ERR_INVALID_ARGUMENT');
    }
    expect(h.machine.revision()).toBe(0);
    expect(await keys(h)).toEqual([]);
    expect(await h.machine.appliedIndex()).toBe(weird.length);
  });

  it('applies any bytes without crashing: random entries are commands, errors or no-ops, and the applied index moves past all', async () => {
    const h = await hs.make();
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
    const valid = encodeCommand(txnCmd(txn([putOp('k', 'v'), deleteOp('a', { rangeEnd: 'z', prevKv: true }), rangeOp('', { prefix: true })], { compare: [compare('k', 'VERSION', 'GREATER', 0)] })));
    const entries: Entry[] = [];
    for (let i = 1; i <= 300; i += 1) {
      // Mutations of a real command reach deep into the decoder and the apply code.
      const data = Uint8Array.from(valid);
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips -= 1) data[Math.floor(random() * data.length)] = Math.floor(random() * 256);
      entries.push({ index: i, term: 1, type: EntryType.Normal, data: i % 3 === 0 ? data.subarray(0, Math.floor(random() * data.length)) : data });
    }
    const results = await h.machine.apply(entries);
    expect(results).toHaveLength(300);
    expect(await h.machine.appliedIndex()).toBe(300);
    expect(results.filter((r) => r.result !== undefined && r.result.error === undefined).length).toBeGreaterThan(0);
  });

  it('single-key reads: getRecord gives the record and the revision together', async () => {
    const h = await hs.make();
    await h.apply(txnCmd(txn([putOp('a', '1')])), txnCmd(txn([putOp('b', '1')])));
    expect(await h.machine.getRecord('a')).toMatchObject({ kv: { key: 'a', modRevision: 1 }, revision: 2 });
    expect(await h.machine.getRecord('zz')).toEqual({ revision: 2 });
    expect(await h.machine.range(single('a'), all)).toMatchObject({ count: 1, more: false, revision: 2 });
  });
});
