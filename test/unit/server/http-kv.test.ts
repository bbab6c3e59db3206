/**
 * The HTTP/JSON door against a fake KvApi: routing, parsing, JSON shapes,
 * errors and limits, over a real HttpServer on 127.0.0.1.
 */
import * as grpc from '@grpc/grpc-js';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Registry } from 'prom-client';
import {
  FailedPreconditionError,
  InvalidArgumentError,
  LeaseNotFoundError,
  NoLeaderError,
  ProposalDroppedError,
  TimeoutError,
} from '../../../src/errors';
import type { KvApi } from '../../../src/server/kv-api';
import { HttpServer } from '../../../src/server/http-server';
import { toGrpcStatus } from '../../../src/grpc-status';
import { validateKey } from '../../../src/kv/validate';
import { MAX_VALUE_BYTES } from '../../../src/kv/limits';
import type { KeyValue } from '../../../src/generated/raftkv/kv/v1/KeyValue';
import type { PutRequest__Output } from '../../../src/generated/raftkv/kv/v1/PutRequest';
import type { GetRequest__Output } from '../../../src/generated/raftkv/kv/v1/GetRequest';
import type { RangeRequest__Output } from '../../../src/generated/raftkv/kv/v1/RangeRequest';
import type { DeleteRequest__Output } from '../../../src/generated/raftkv/kv/v1/DeleteRequest';

interface Call {
  readonly op: 'put' | 'get' | 'delete' | 'range' | 'txn';
  readonly request: unknown;
  readonly deadline: Date;
}

/** An in-memory KvApi that records every call; `failWith` makes the next calls throw. */
class FakeKv implements KvApi {
  readonly kvs = new Map<string, KeyValue>();
  readonly calls: Call[] = [];
  revision = 1;
  failWith: unknown;
  /** When set, calls wait for this before answering (a slow leader). */
  gate: Promise<void> | undefined;

  #header() {
    return { member_id: 'n1', raft_term: '3', applied_index: '42', revision: String(this.revision) };
  }

  async #enter(op: Call['op'], request: unknown, deadline: Date): Promise<void> {
    this.calls.push({ op, request, deadline });
    if (this.gate !== undefined) await this.gate;
    if (this.failWith !== undefined) throw this.failWith;
  }

  async put(req: PutRequest__Output, deadline: Date) {
    await this.#enter('put', req, deadline);
    validateKey(req.key);
    const prev = this.kvs.get(req.key);
    this.revision += 1;
    const lease = req.ttl_seconds !== '0' ? '7587' : req.lease;
    this.kvs.set(req.key, {
      key: req.key,
      value: req.value,
      create_revision: prev?.create_revision ?? String(this.revision),
      mod_revision: String(this.revision),
      version: String(Number(prev?.version ?? 0) + 1),
      lease,
    });
    return { header: this.#header(), lease, ...(req.prev_kv && prev && { prev_kv: prev }) };
  }

  async get(req: GetRequest__Output, deadline: Date) {
    await this.#enter('get', req, deadline);
    validateKey(req.key);
    const kv = this.kvs.get(req.key);
    return kv === undefined ? { header: this.#header(), found: false } : { header: this.#header(), found: true, value: kv.value, kv };
  }

  #select(r: { key: string; range_end: string; prefix: boolean }): KeyValue[] {
    const inRange = (k: string): boolean =>
      r.prefix ? k.startsWith(r.key) : r.range_end === '\0' ? k >= r.key : r.range_end === '' ? k === r.key : k >= r.key && k < r.range_end;
    return [...this.kvs.values()].filter((kv) => inRange(kv.key!)).sort((a, b) => (a.key! < b.key! ? -1 : 1));
  }

  async range(req: RangeRequest__Output, deadline: Date) {
    await this.#enter('range', req, deadline);
    const all = this.#select(req).filter((kv) => req.page_token === '' || kv.key! >= req.page_token);
    if (req.count_only) return { header: this.#header(), kvs: [], more: false, count: String(all.length) };
    const limit = Number(req.limit) || 1000;
    const page = all.slice(0, limit);
    const more = all.length > limit;
    return {
      header: this.#header(),
      kvs: page.map((kv) => (req.keys_only ? { ...kv, value: Buffer.alloc(0) } : kv)),
      more,
      count: String(page.length),
      next_page_token: more ? `${page[page.length - 1]!.key}\0` : '',
    };
  }

  async delete(req: DeleteRequest__Output, deadline: Date) {
    await this.#enter('delete', req, deadline);
    const gone = this.#select(req);
    for (const kv of gone) this.kvs.delete(kv.key!);
    if (gone.length > 0) this.revision += 1;
    return { header: this.#header(), found: gone.length > 0, deleted: String(gone.length), prev_kvs: req.prev_kv ? gone : [] };
  }

  async txn(): Promise<never> {
    throw new Error('not used');
  }

  async compact(): Promise<never> {
    throw new Error('not used');
  }

  last<T>(op: Call['op']): T {
    const c = [...this.calls].reverse().find((x) => x.op === op);
    if (c === undefined) throw new Error(`no ${op} call`);
    return c.request as T;
  }
}

const logger = { error: jest.fn(), debug: jest.fn() };
const REQUEST_TIMEOUT_MS = 2_000;

let kv: FakeKv;
let server: HttpServer;
let base: string;

beforeEach(async () => {
  kv = new FakeKv();
  logger.error.mockClear();
  server = await HttpServer.listen('127.0.0.1:0', {
    registry: new Registry(),
    readiness: () => ({ ready: true, reason: 'leader n1' }),
    kv: { api: kv, requestTimeoutMs: REQUEST_TIMEOUT_MS, logger },
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterEach(() => server.close());

async function json(res: Response): Promise<Record<string, unknown>> {
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return (await res.json()) as Record<string, unknown>;
}

const put = (path: string, body: string | Uint8Array): Promise<Response> => fetch(`${base}${path}`, { method: 'PUT', body });

/** What a gRPC client would read for the same error. */
function grpcView(err: unknown): { code: string; error_code: string; message: string } {
  const s = toGrpcStatus(err);
  return { code: grpc.status[s.code], error_code: String(s.metadata.get('raftkv-error-code')[0]), message: s.details };
}

/** A raw HTTP/1.1 exchange, for what fetch will not do (Expect, chunked bodies, stalls). */
function rawExchange(text: string, opts: { endAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      got += d;
    });
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
    if (opts.endAfterMs !== undefined) setTimeout(() => socket.end(), opts.endAfterMs);
  });
}

describe('GET, PUT and DELETE of one key', () => {
  it('stores the body as the value and reads the same bytes back, with metadata in x-raftkv-* headers', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const res = await put('/v1/kv/bin', bytes);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ header: { member_id: 'n1', raft_term: '3', applied_index: '42', revision: '2' }, lease: '0' });

    const got = await fetch(`${base}/v1/kv/bin`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(Buffer.from(bytes));
    expect(Object.fromEntries([...got.headers].filter(([k]) => k.startsWith('x-raftkv-')))).toEqual({
      'x-raftkv-revision': '2',
      'x-raftkv-mod-revision': '2',
      'x-raftkv-create-revision': '2',
      'x-raftkv-version': '1',
      'x-raftkv-lease': '0',
      'x-raftkv-member-id': 'n1',
      'x-raftkv-raft-term': '3',
    });
    expect(kv.last<GetRequest__Output>('get')).toEqual({ key: 'bin', consistency: 'CONSISTENCY_LINEARIZABLE' });
  });

  it('answers JSON metadata on ?format=json or Accept: application/json: text as value, other bytes as value_base64', async () => {
    await put('/v1/kv/text', 'héllo ✓');
    await put('/v1/kv/bin', Uint8Array.of(0xff, 0x00, 0xc3));
    const kvOf = { create_revision: expect.any(String), mod_revision: expect.any(String), version: '1', lease: '0' };
    expect(await json(await fetch(`${base}/v1/kv/text?format=json`))).toEqual({
      header: expect.objectContaining({ member_id: 'n1' }),
      kv: { key: 'text', value: 'héllo ✓', ...kvOf },
    });
    expect(await json(await fetch(`${base}/v1/kv/bin`, { headers: { accept: 'application/json' } }))).toEqual({
      header: expect.objectContaining({ revision: '3' }),
      kv: { key: 'bin', value_base64: '/wDD', ...kvOf },
    });
    // ?format=raw wins over Accept.
    const raw = await fetch(`${base}/v1/kv/text?format=raw`, { headers: { accept: 'application/json' } });
    expect(await raw.text()).toBe('héllo ✓');
  });

  it('answers 404 JSON for a missing key, with the header of the read', async () => {
    const res = await fetch(`${base}/v1/kv/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-raftkv-error-code')).toBe('RAFTKV_ERR_KEY_NOT_FOUND');
    expect(await json(res)).toEqual({
      code: 'NOT_FOUND',
      error_code: 'RAFTKV_ERR_KEY_NOT_FOUND',
      message: 'key "nope" not found',
      header: { member_id: 'n1', raft_term: '3', applied_index: '42', revision: '1' },
    });
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    await put('/v1/kv/k', 'abc');
    const res = await fetch(`${base}/v1/kv/k`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('3');
    expect(res.headers.get('x-raftkv-version')).toBe('1');
    expect(await res.text()).toBe('');
  });

  it('percent-decodes the key, keeps / inside it, and reads + as a plus', async () => {
    await put('/v1/kv/config/app%2Fx/a%20b+c%E2%9C%93', 'v');
    expect(kv.last<PutRequest__Output>('put').key).toBe('config/app/x/a b+c✓');
    const got = await fetch(`${base}/v1/kv/config%2Fapp/x/a%20b+c%E2%9C%93`);
    expect(await got.text()).toBe('v');
  });

  it('passes ?consistency=serializable through, and defaults to linearizable', async () => {
    await fetch(`${base}/v1/kv/k?consistency=serializable`);
    expect(kv.last<GetRequest__Output>('get').consistency).toBe('CONSISTENCY_SERIALIZABLE');
    await fetch(`${base}/v1/kv/k?consistency=linearizable`);
    expect(kv.last<GetRequest__Output>('get').consistency).toBe('CONSISTENCY_LINEARIZABLE');
  });

  it('puts with ?ttl or ?lease, and returns the previous key with ?prev_kv', async () => {
    expect(await json(await put('/v1/kv/a?ttl=10', 'one'))).toEqual({ header: expect.any(Object), lease: '7587' });
    expect(kv.last<PutRequest__Output>('put')).toEqual({ key: 'a', value: Buffer.from('one'), lease: '0', ttl_seconds: '10', prev_kv: false });

    const body = await json(await put('/v1/kv/a?lease=9223372036854775807&prev_kv', 'two'));
    expect(kv.last<PutRequest__Output>('put')).toMatchObject({ lease: '9223372036854775807', ttl_seconds: '0', prev_kv: true });
    expect(body).toEqual({
      header: expect.any(Object),
      lease: '9223372036854775807',
      prev_kv: { key: 'a', value: 'one', create_revision: '2', mod_revision: '2', version: '1', lease: '7587' },
    });
    expect((await json(await put('/v1/kv/new?prev_kv=true', 'x'))).prev_kv).toBeNull();
  });

  it('deletes one key and says how many were deleted', async () => {
    await put('/v1/kv/a', '1');
    const res = await fetch(`${base}/v1/kv/a`, { method: 'DELETE' });
    expect(await json(res)).toEqual({ header: expect.objectContaining({ revision: '3' }), deleted: '1' });
    expect(kv.last<DeleteRequest__Output>('delete')).toEqual({ key: 'a', range_end: '', prefix: false, prev_kv: false });
    expect((await json(await fetch(`${base}/v1/kv/a`, { method: 'DELETE' }))).deleted).toBe('0');
  });

  it('accepts a value of exactly 1 MiB and an empty value', async () => {
    expect((await put('/v1/kv/big', new Uint8Array(MAX_VALUE_BYTES))).status).toBe(200);
    expect(kv.last<PutRequest__Output>('put').value.byteLength).toBe(MAX_VALUE_BYTES);
    expect((await put('/v1/kv/empty', '')).status).toBe(200);
    const got = await fetch(`${base}/v1/kv/empty?format=json`);
    expect(((await json(got)).kv as Record<string, unknown>).value).toBe('');
  });
});

describe('ranges', () => {
  beforeEach(async () => {
    for (const k of ['app/a', 'app/b', 'app/c', 'other']) await put(`/v1/kv/${k}`, `v-${k}`);
  });

  it('lists a prefix as JSON', async () => {
    const body = await json(await fetch(`${base}/v1/kv/app/?prefix`));
    expect(body).toEqual({
      header: expect.objectContaining({ member_id: 'n1' }),
      count: '3',
      kvs: ['app/a', 'app/b', 'app/c'].map((key) => expect.objectContaining({ key, value: `v-${key}`, version: '1' })),
      more: false,
      next_page_token: '',
    });
    expect(kv.last<RangeRequest__Output>('range')).toEqual({
      key: 'app/',
      range_end: '',
      prefix: true,
      limit: '0',
      keys_only: false,
      count_only: false,
      consistency: 'CONSISTENCY_LINEARIZABLE',
      page_token: '',
      count_all: false,
    });
  });

  it('pages with ?limit and a URL-safe ?page_token', async () => {
    const first = await json(await fetch(`${base}/v1/kv/?prefix&limit=2`));
    expect((first.kvs as { key: string }[]).map((k) => k.key)).toEqual(['app/a', 'app/b']);
    expect(first.more).toBe(true);
    const token = first.next_page_token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await json(await fetch(`${base}/v1/kv/?prefix&limit=2&page_token=${token}`));
    expect(kv.last<RangeRequest__Output>('range').page_token).toBe('app/b\0');
    expect((second.kvs as { key: string }[]).map((k) => k.key)).toEqual(['app/c', 'other']);
    expect(second).toMatchObject({ more: false, next_page_token: '' });
  });

  it('reads [key, range_end) with keys_only, and counts with count_only', async () => {
    const keys = await json(await fetch(`${base}/v1/kv/app/b?range_end=app/z&keys_only`));
    expect(keys.kvs).toEqual([
      { key: 'app/b', create_revision: '3', mod_revision: '3', version: '1', lease: '0' },
      { key: 'app/c', create_revision: '4', mod_revision: '4', version: '1', lease: '0' },
    ]);
    expect(await json(await fetch(`${base}/v1/kv/a?range_end=%00&count_only=1&consistency=serializable`))).toEqual({
      header: expect.any(Object),
      count: '4',
    });
    expect(kv.last<RangeRequest__Output>('range')).toMatchObject({ range_end: '\0', count_only: true, consistency: 'CONSISTENCY_SERIALIZABLE' });
  });

  it('deletes a prefix or a range, returning the deleted keys with ?prev_kv', async () => {
    const body = await json(await fetch(`${base}/v1/kv/app/?prefix&prev_kv`, { method: 'DELETE' }));
    expect(body).toEqual({
      header: expect.any(Object),
      deleted: '3',
      prev_kvs: ['app/a', 'app/b', 'app/c'].map((key) => expect.objectContaining({ key, value: `v-${key}` })),
    });
    expect(await json(await fetch(`${base}/v1/kv/a?range_end=p`, { method: 'DELETE' }))).toEqual({ header: expect.any(Object), deleted: '1' });
    expect(kv.last<DeleteRequest__Output>('delete')).toEqual({ key: 'a', range_end: 'p', prefix: false, prev_kv: false });
  });
});

describe('bad requests name what is wrong', () => {
  it.each([
    ['/v1/kv/k?prefx', 'prefx: unknown query parameter for GET /v1/kv; it takes consistency, format, prefix, range_end, limit, page_token, keys_only, count_only'],
    ['/v1/kv/k?ttl=5', 'ttl: unknown query parameter for GET /v1/kv; it takes consistency, format, prefix, range_end, limit, page_token, keys_only, count_only'],
    ['/v1/kv/k?limit=5', 'limit: applies only to a range read: add ?prefix or ?range_end='],
    ['/v1/kv/k?consistency=eventual', 'consistency: unknown value "eventual"; expected linearizable or serializable'],
    ['/v1/kv/k?format=xml', 'format: unknown value "xml"; expected raw or json'],
    ['/v1/kv/k?prefix&format=raw', 'format: a range read always answers JSON'],
    ['/v1/kv/k?prefix=maybe', 'prefix: must be true or false, or have no value (got "maybe")'],
    ['/v1/kv/k?prefix&limit=-1', 'limit: must be a whole number (got "-1")'],
    ['/v1/kv/k?prefix&prefix', 'prefix: is given more than once'],
    ['/v1/kv/k?range_end=', 'range_end: must not be empty (%00 means every key from key on)'],
    ['/v1/kv/k?prefix&page_token=not*a*token', 'page_token: is not a next_page_token from this API; pass it back exactly as received'],
    ['/v1/kv/%E0%A4%A', 'key: invalid percent-encoding (got "%E0%A4%A"); encode bytes as %XX of their UTF-8'],
  ])('GET %s → 400 "%s"', async (path, message) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ code: 'INVALID_ARGUMENT', error_code: 'RAFTKV_ERR_INVALID_ARGUMENT', message });
    expect(kv.calls).toEqual([]);
  });

  it('rejects an empty key unless it is a prefix, with the KvApi\'s message', async () => {
    const res = await fetch(`${base}/v1/kv/`);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(grpcView(new InvalidArgumentError('key', 'must not be empty')));
    expect((await fetch(`${base}/v1/kv?prefix`)).status).toBe(200);
  });

  it('rejects PUT parameters of the wrong shape before reading the body', async () => {
    const res = await put('/v1/kv/k?ttl=ten', 'x');
    expect(res.status).toBe(400);
    expect((await json(res)).message).toBe('ttl: must be a whole number (got "ten")');
    expect((await put('/v1/kv/k?prefix', 'x')).status).toBe(400);
  });

  it('rejects a bad x-raftkv-timeout-ms and honours a good one as the deadline', async () => {
    const bad = await fetch(`${base}/v1/kv/k`, { headers: { 'x-raftkv-timeout-ms': 'soon' } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).message).toBe('x-raftkv-timeout-ms: must be a positive whole number of milliseconds (got "soon")');

    const before = Date.now();
    await fetch(`${base}/v1/kv/k`, { headers: { 'x-raftkv-timeout-ms': '250' } });
    const custom = kv.calls[kv.calls.length - 1]!.deadline.getTime() - before;
    expect(custom).toBeGreaterThanOrEqual(240);
    expect(custom).toBeLessThan(1_000);
    await fetch(`${base}/v1/kv/k`);
    const dflt = kv.calls[kv.calls.length - 1]!.deadline.getTime() - before;
    expect(dflt).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
  });
});

describe('errors carry the gRPC code, raftkv error code and message, with an HTTP status', () => {
  it.each<[string, unknown, number]>([
    ['bad input', new InvalidArgumentError('lease', 'must be between 0 and 9223372036854775807 (got -1)'), 400],
    ['no leader', new NoLeaderError(), 503],
    ['a timeout', new TimeoutError('deadline exceeded waiting for the read index'), 504],
    ['a missing lease', new LeaseNotFoundError('42'), 404],
    ['a failed precondition', new FailedPreconditionError('not allowed now'), 412],
  ])('%s', async (_name, err, status) => {
    kv.failWith = err;
    const res = await put('/v1/kv/k', 'v');
    expect(res.status).toBe(status);
    expect(res.headers.get('x-raftkv-error-code')).toBe(grpcView(err).error_code);
    expect(await json(res)).toEqual(grpcView(err));
  });

  it('names the leader when a not-attempted error knows it', async () => {
    kv.failWith = new ProposalDroppedError('a leadership transfer is in progress', 'n2');
    const body = await json(await fetch(`${base}/v1/kv/k`, { method: 'DELETE' }));
    expect(body).toMatchObject({ code: 'UNAVAILABLE', error_code: 'RAFTKV_ERR_PROPOSAL_DROPPED', leader: 'n2' });
  });

  it('answers an unexpected failure as 500 "internal error" only, and logs the cause', async () => {
    kv.failWith = new Error('secret /var/lib/raftkv detail');
    const res = await fetch(`${base}/v1/kv/k`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ code: 'INTERNAL', error_code: 'RAFTKV_ERR_INTERNAL', message: 'internal error' });
    expect(text).not.toContain('secret');
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ err: expect.stringContaining('secret') }), 'request failed unexpectedly');
  });
});

describe('the value limit', () => {
  const overLimit = `value is ${MAX_VALUE_BYTES + 1} bytes, over the limit of ${MAX_VALUE_BYTES} bytes`;

  it('answers 413 with the gRPC message for a body one byte over 1 MiB, and never calls the KvApi', async () => {
    const res = await put('/v1/kv/big', new Uint8Array(MAX_VALUE_BYTES + 1));
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual({ code: 'INVALID_ARGUMENT', error_code: 'RAFTKV_ERR_TOO_LARGE', message: overLimit });
    expect(kv.calls).toEqual([]);
  });

  it('counts a chunked body without a Content-Length, and still names its real size', async () => {
    const chunk = Buffer.alloc(256 * 1024, 'a');
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${base}/v1/kv/big`, { method: 'PUT' }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 5; i += 1) req.write(chunk);
      req.end();
    });
    expect(status.status).toBe(413);
    expect(JSON.parse(status.body).message).toBe(`value is ${5 * chunk.byteLength} bytes, over the limit of ${MAX_VALUE_BYTES} bytes`);
    expect(kv.calls).toEqual([]);
  });

  it('refuses an over-limit PUT with Expect: 100-continue before the body is sent', async () => {
    const reply = await rawExchange(
      `PUT /v1/kv/big HTTP/1.1\r\nHost: x\r\nContent-Length: ${MAX_VALUE_BYTES + 1}\r\nExpect: 100-continue\r\n\r\n`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).not.toContain('100 Continue');
    expect(reply.toLowerCase()).toContain('connection: close');
    expect(reply).toContain(overLimit);
  });

  it('sends 100 Continue to an acceptable PUT and stores its body', async () => {
    const socketReply = await rawExchange(
      'PUT /v1/kv/small HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\nConnection: close\r\n\r\nabc',
    );
    expect(socketReply).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    expect(kv.last<PutRequest__Output>('put').value.toString()).toBe('abc');
  });
});

describe('never hangs', () => {
  it('gives up on a body that stalls past the deadline, and closes the connection', async () => {
    const reply = await rawExchange(
      'PUT /v1/kv/slow HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nx-raftkv-timeout-ms: 200\r\n\r\nabc',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 504 /);
    expect(reply).toContain('deadline exceeded while reading the request body');
    expect(kv.calls).toEqual([]);
  });

  it('survives a client that goes away mid-body or while the KvApi works', async () => {
    await rawExchange('PUT /v1/kv/gone HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc', { endAfterMs: 50 });
    let open!: () => void;
    kv.gate = new Promise<void>((r) => (open = r));
    const aborted = new AbortController();
    const pending = fetch(`${base}/v1/kv/k`, { signal: aborted.signal });
    while (kv.calls.length === 0) await new Promise((r) => setImmediate(r));
    aborted.abort();
    await expect(pending).rejects.toThrow();
    open();
    kv.gate = undefined;
    expect((await put('/v1/kv/after', 'ok')).status).toBe(200);
    expect(logger.error).not.toHaveBeenCalled();
  });
});

describe('routing', () => {
  it('answers 405 with Allow for other methods on /v1/kv', async () => {
    const res = await fetch(`${base}/v1/kv/k`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE');
    expect(await json(res)).toEqual({
      code: 'UNIMPLEMENTED',
      error_code: 'RAFTKV_ERR_METHOD_NOT_ALLOWED',
      message: 'method POST is not allowed on /v1/kv: use GET, HEAD, PUT, DELETE',
    });
  });

  it.each(['/v1', '/v1/', '/v1/kvx', '/v1/lease/1'])('answers 404 JSON for the unknown path %s', async (path) => {
    const res = await fetch(`${base}${path}`, { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ code: 'NOT_FOUND', error_code: 'RAFTKV_ERR_UNKNOWN_PATH' });
  });

  it('leaves /healthz, /readyz, /metrics and the rest as they were', async () => {
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok\n');
    expect(await (await fetch(`${base}/readyz`)).text()).toBe('ready: leader n1\n');
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    const post = await fetch(`${base}/healthz`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const other = await fetch(`${base}/nope`);
    expect([other.status, await other.text()]).toEqual([404, 'not found: try /metrics, /healthz or /readyz\n']);
  });

  it('serves no /v1 without a KvApi', async () => {
    const bare = await HttpServer.listen('127.0.0.1:0', { registry: new Registry(), readiness: () => ({ ready: true, reason: '' }) });
    try {
      const res = await fetch(`http://127.0.0.1:${bare.port}/v1/kv/k`);
      expect([res.status, await res.text()]).toEqual([404, 'not found: try /metrics, /healthz or /readyz\n']);
      expect((await fetch(`http://127.0.0.1:${bare.port}/v1/kv/k`, { method: 'PUT', body: 'x' })).status).toBe(405);
    } finally {
      await bare.close();
    }
  });
});
