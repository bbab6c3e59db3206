import * as grpc from '@grpc/grpc-js';
import { ProcessCluster } from '../support/process-cluster';
import { waitFor } from '../support/wait';
import { clientProtos } from '../../src/server/client-protos';
import type { KVServiceClient } from '../../src/generated/raftkv/kv/v1/KVService';
import type { DeleteRequest } from '../../src/generated/raftkv/kv/v1/DeleteRequest';
import type { DeleteResponse__Output } from '../../src/generated/raftkv/kv/v1/DeleteResponse';
import type { GetRequest } from '../../src/generated/raftkv/kv/v1/GetRequest';
import type { GetResponse__Output } from '../../src/generated/raftkv/kv/v1/GetResponse';
import type { PutRequest } from '../../src/generated/raftkv/kv/v1/PutRequest';
import type { PutResponse__Output } from '../../src/generated/raftkv/kv/v1/PutResponse';
import type { RangeRequest } from '../../src/generated/raftkv/kv/v1/RangeRequest';
import type { RangeResponse__Output } from '../../src/generated/raftkv/kv/v1/RangeResponse';
import type { RequestOp } from '../../src/generated/raftkv/kv/v1/RequestOp';
import type { TxnRequest } from '../../src/generated/raftkv/kv/v1/TxnRequest';
import type { TxnResponse__Output } from '../../src/generated/raftkv/kv/v1/TxnResponse';
import { DEFAULT_RANGE_LIMIT, MAX_TXN_OPS_PER_BRANCH, MAX_WRITE_REQUEST_BYTES } from '../../src/kv/limits';

jest.setTimeout(120_000);

/** A typed promise API over the raw generated client of one node. */
class Kv {
  readonly #raw: KVServiceClient;
  constructor(port: number) {
    this.#raw = new (clientProtos().kv.raftkv.kv.v1.KVService)(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }
  #call<Req, Res>(method: (req: Req, opts: grpc.CallOptions, cb: grpc.requestCallback<Res>) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) =>
      method.call(this.#raw, req, { deadline: Date.now() + 10_000 }, (err: grpc.ServiceError | null, res?: Res) => (err ? reject(err) : resolve(res as Res))),
    );
  }
  put = (req: PutRequest): Promise<PutResponse__Output> => this.#call(this.#raw.Put, req);
  get = (req: GetRequest): Promise<GetResponse__Output> => this.#call(this.#raw.Get, req);
  delete = (req: DeleteRequest): Promise<DeleteResponse__Output> => this.#call(this.#raw.Delete, req);
  range = (req: RangeRequest): Promise<RangeResponse__Output> => this.#call(this.#raw.Range, req);
  txn = (req: TxnRequest): Promise<TxnResponse__Output> => this.#call(this.#raw.Txn, req);
  close(): void {
    this.#raw.close();
  }
}

const rev = (h: { header: { revision: string } | null }): number => Number(h.header?.revision);
const text = (b: Buffer | undefined): string => (b ?? Buffer.alloc(0)).toString('utf8');
const putOp = (key: string, value: string): RequestOp => ({ request_put: { key, value: Buffer.from(value) } });

describe('the KV API (Put, Get, Delete, Range, Txn) on a real cluster', () => {
  let cluster: ProcessCluster;
  let leader: string;
  let follower: string;
  const clients = new Map<string, Kv>();
  const kv = (id: string): Kv => {
    let c = clients.get(id);
    if (c === undefined) {
      c = new Kv(cluster.node(id).clientPort);
      clients.set(id, c);
    }
    return c;
  };

  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    leader = await cluster.waitForLeader();
    follower = cluster.nodes.map((n) => n.id).find((id) => id !== leader)!;
  });
  afterAll(async () => {
    for (const c of clients.values()) c.close();
    await cluster.stop();
  });

  it('bumps the revision once per write and tracks create_revision, mod_revision and version per key', async () => {
    const c = kv(follower);
    const first = await c.put({ key: 'rev/a', value: Buffer.from('1') });
    const r = rev(first);
    expect(r).toBeGreaterThan(0);
    expect(first.header).toMatchObject({ member_id: follower });

    expect(rev(await c.put({ key: 'rev/a', value: Buffer.from('2') }))).toBe(r + 1);
    expect(rev(await c.put({ key: 'rev/b', value: Buffer.from('x') }))).toBe(r + 2);
    const a = await c.get({ key: 'rev/a' });
    expect(a.kv).toMatchObject({ key: 'rev/a', create_revision: String(r), mod_revision: String(r + 1), version: '2', lease: '0' });
    expect(text(a.value)).toBe('2');
    expect(rev(a)).toBe(r + 2);

    // A delete that deletes something bumps; one that deletes nothing does not.
    const deleted = await c.delete({ key: 'rev/a' });
    expect(deleted).toMatchObject({ found: true, deleted: '1' });
    expect(rev(deleted)).toBe(r + 3);
    const none = await c.delete({ key: 'rev/a' });
    expect(none).toMatchObject({ found: false, deleted: '0' });
    expect(rev(none)).toBe(r + 3);

    // Recreated: a new life, version 1 again.
    await c.put({ key: 'rev/a', value: Buffer.from('3') });
    expect((await c.get({ key: 'rev/a' })).kv).toMatchObject({ create_revision: String(r + 4), mod_revision: String(r + 4), version: '1' });

    // Every change of one Txn shares one revision.
    const t = await c.txn({ success: [putOp('rev/a', '4'), putOp('rev/b', 'y'), putOp('rev/c', 'z')] });
    expect(t.succeeded).toBe(true);
    expect(rev(t)).toBe(r + 5);
    const all = await c.range({ key: 'rev/', prefix: true });
    expect(all.kvs.map((k) => [k.key, k.mod_revision, k.version])).toEqual([
      ['rev/a', String(r + 5), '2'],
      ['rev/b', String(r + 5), '2'],
      ['rev/c', String(r + 5), '1'],
    ]);
    const prev = await c.put({ key: 'rev/c', value: Buffer.from('w'), prev_kv: true });
    expect(prev.prev_kv).toMatchObject({ key: 'rev/c', mod_revision: String(r + 5) });
    expect(text(prev.prev_kv?.value)).toBe('z');
  });

  it('applies a compare-and-swap Txn once: a stale mod_revision fails and runs the failure branch', async () => {
    const c = kv(leader);
    const put = await c.put({ key: 'cas/k', value: Buffer.from('v1') });
    const seen = rev(put);
    const cas = (value: string): Promise<TxnResponse__Output> =>
      c.txn({
        compare: [{ key: 'cas/k', target: 'COMPARE_TARGET_MOD_REVISION', op: 'COMPARE_OP_EQUAL', mod_revision: seen }],
        success: [putOp('cas/k', value), putOp('cas/log', `wrote ${value}`)],
        failure: [{ request_range: { key: 'cas/k' } }],
      });
    const [one, two] = await Promise.all([cas('v2'), cas('v3')]);
    const winners = [one, two].filter((t) => t.succeeded);
    expect(winners).toHaveLength(1);
    const loser = [one, two].find((t) => !t.succeeded)!;
    const won = winners[0]!;
    expect(won.responses.map((r) => r.response)).toEqual(['response_put', 'response_put']);
    expect(rev(won)).toBe(seen + 1);
    // The failure branch read the winner's value, and wrote nothing.
    const current = loser.responses[0]?.response_range?.kvs[0];
    expect(current).toMatchObject({ key: 'cas/k', mod_revision: String(seen + 1), version: '2' });
    expect(rev(loser)).toBe(seen + 1);
    // Both keys of the winning branch changed together.
    const after = await c.range({ key: 'cas/', prefix: true });
    expect(after.kvs.map((k) => [k.key, k.mod_revision])).toEqual([
      ['cas/k', String(seen + 1)],
      ['cas/log', String(seen + 1)],
    ]);
    expect(text(after.kvs[1]?.value)).toBe(`wrote ${text(current?.value)}`);
    // Stale again: fails.
    expect((await cas('v4')).succeeded).toBe(false);
    // A bad compare key is rejected before anything runs.
    await expect(c.txn({ compare: [{ key: '', target: 'COMPARE_TARGET_VERSION', op: 'COMPARE_OP_EQUAL', version: 0 }] })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/^compare\[0\]\.key: /),
    });
  });

  it('deletes a prefix and returns the deleted keys with prev_kv', async () => {
    const c = kv(follower);
    await c.txn({ success: ['del/1', 'del/2', 'del/3', 'dem'].map((k) => putOp(k, `v${k}`)) });
    const res = await c.delete({ key: 'del/', prefix: true, prev_kv: true });
    expect(res).toMatchObject({ found: true, deleted: '3' });
    expect(res.prev_kvs.map((k) => [k.key, text(k.value)])).toEqual([
      ['del/1', 'vdel/1'],
      ['del/2', 'vdel/2'],
      ['del/3', 'vdel/3'],
    ]);
    expect((await c.range({ key: 'de', prefix: true })).kvs.map((k) => k.key)).toEqual(['dem']);
    expect((await c.delete({ key: 'del/', prefix: true })).prev_kvs).toEqual([]);
  });

  it('reads a prefix, [key, range_end), key to the end ("\\0"), keys only and count only', async () => {
    const c = kv(leader);
    await c.txn({ success: ['rg/a', 'rg/b', 'rg/c', 'rg/d', 'rh'].map((k) => putOp(k, `val-${k}`)) });
    const keys = (r: RangeResponse__Output): string[] => r.kvs.map((k) => k.key);
    expect(keys(await c.range({ key: 'rg/', prefix: true }))).toEqual(['rg/a', 'rg/b', 'rg/c', 'rg/d']);
    expect(keys(await c.range({ key: 'rg/b', range_end: 'rg/d' }))).toEqual(['rg/b', 'rg/c']);
    expect(keys(await c.range({ key: 'rg/c', range_end: '\u0000' })).slice(0, 3)).toEqual(['rg/c', 'rg/d', 'rh']);
    const only = await c.range({ key: 'rg/', prefix: true, keys_only: true });
    expect(keys(only)).toEqual(['rg/a', 'rg/b', 'rg/c', 'rg/d']);
    expect(only.kvs.every((k) => k.value.length === 0 && Number(k.version) === 1)).toBe(true);
    const counted = await c.range({ key: 'rg/', prefix: true, count_only: true });
    expect(counted).toMatchObject({ count: '4', kvs: [], more: false });
    const single = await c.range({ key: 'rg/a' });
    expect(single.kvs.map((k) => text(k.value))).toEqual(['val-rg/a']);
    expect(single.count).toBe('1');
    await expect(c.range({ key: 'rg/', prefix: true, page_token: 'rh' })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  });

  it('pages through 10,000 keys returning each exactly once, with limit 500 and with the default page size', async () => {
    const total = 10_000;
    const key = (i: number): string => `page/${String(i).padStart(5, '0')}`;
    const batches: RequestOp[][] = [];
    for (let i = 0; i < total; i += MAX_TXN_OPS_PER_BRANCH) {
      batches.push(Array.from({ length: Math.min(MAX_TXN_OPS_PER_BRANCH, total - i) }, (_, j) => putOp(key(i + j), `v${i + j}`)));
    }
    const writer = kv(leader);
    for (let i = 0; i < batches.length; i += 8) {
      await Promise.all(batches.slice(i, i + 8).map((success) => writer.txn({ success })));
    }

    const readAll = async (limit: number, pageSize: number): Promise<void> => {
      const c = kv(follower);
      const seen: string[] = [];
      let token = '';
      let pages = 0;
      for (;;) {
        const res = await c.range({ key: 'page/', prefix: true, limit, page_token: token });
        pages += 1;
        expect(res.kvs.length).toBeLessThanOrEqual(pageSize);
        seen.push(...res.kvs.map((k) => k.key));
        if (!res.more) break;
        expect(res.next_page_token).toBe(`${res.kvs[res.kvs.length - 1]!.key}\u0000`);
        token = res.next_page_token;
      }
      expect(pages).toBe(total / pageSize);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect(seen).toEqual(Array.from({ length: total }, (_, i) => key(i)));
    };
    await readAll(500, 500);
    await readAll(0, DEFAULT_RANGE_LIMIT);
    expect((await kv(follower).range({ key: 'page/', prefix: true, count_only: true })).count).toBe(String(total));
  });

  it('bounds a write by the size of its log entry, not by the gRPC message limit', async () => {
    const c = kv(follower);
    const value = (kib: number): string => 'x'.repeat(kib * 1024);
    const fits = await c.txn({ success: [putOp('size/a', value(700)), putOp('size/b', value(700))] });
    expect(fits.succeeded).toBe(true);
    await expect(c.txn({ success: [putOp('size/a', value(780)), putOp('size/b', value(780))] })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(new RegExp(`^request is \\d+ bytes, over the limit of ${MAX_WRITE_REQUEST_BYTES} bytes$`)),
    });
  });

  it('grants a lease with Put ttl_seconds and attaches the key to it', async () => {
    const c = kv(leader);
    const res = await c.put({ key: 'ttl/k', value: Buffer.from('v'), ttl_seconds: 60 });
    expect(res.lease).toMatch(/^[1-9]\d*$/);
    expect((await c.get({ key: 'ttl/k' })).kv?.lease).toBe(res.lease);
    await expect(c.put({ key: 'ttl/k', value: Buffer.from('v'), ttl_seconds: 1 })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/^ttl_seconds: must be between 2 and 9000000000/),
    });
  });

  it('serves linearizable reads on a follower at once, and serializable ones from its local state even without a quorum', async () => {
    const f = kv(follower);
    const written = await kv(leader).put({ key: 'read/k', value: Buffer.from('fresh') });
    // Linearizable: reflects every write acknowledged before it started.
    const lin = await f.get({ key: 'read/k', consistency: 'CONSISTENCY_LINEARIZABLE' });
    expect(text(lin.value)).toBe('fresh');
    expect(lin.header).toMatchObject({ member_id: follower });
    expect(rev(lin)).toBeGreaterThanOrEqual(rev(written));
    // Serializable: local state, caught up soon after.
    await waitFor('the follower to apply the write', async () => {
      const s = await f.get({ key: 'read/k', consistency: 'CONSISTENCY_SERIALIZABLE' });
      return text(s.value) === 'fresh';
    });

    // Alone, the follower still answers serializable reads but not linearizable ones.
    for (const n of cluster.nodes) if (n.id !== follower) await cluster.stopNode(n.id, 'SIGKILL');
    const alone = await f.range({ key: 'read/', prefix: true, consistency: 'CONSISTENCY_SERIALIZABLE' });
    expect(alone.kvs.map((k) => text(k.value))).toEqual(['fresh']);
    const err = (await f.get({ key: 'read/k' }).then(
      () => undefined,
      (e: grpc.ServiceError) => e,
    )) as grpc.ServiceError | undefined;
    expect(err?.code).toEqual(expect.any(Number));
    expect([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]).toContain(err?.code);
  });
});
