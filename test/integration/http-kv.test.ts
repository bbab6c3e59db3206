/**
 * The HTTP/JSON door on real nodes: what curl users do, checked against the
 * gRPC door for the same data and the same errors.
 */
import * as grpc from '@grpc/grpc-js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_VALUE_BYTES } from '../../src/kv/limits';
import { ProcessCluster } from '../support/process-cluster';
import { waitFor } from '../support/wait';
import type { KvClient } from '../../src/cli/kv-client';

jest.setTimeout(90_000);

describe('the HTTP/JSON key-value API', () => {
  let cluster: ProcessCluster;
  let grpcClient: KvClient;
  let leader: string;
  let follower: string;

  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    leader = await cluster.waitForLeader();
    follower = cluster.nodes.find((n) => n.id !== leader)!.id;
    grpcClient = cluster.client();
  });
  afterAll(() => cluster.stop());

  const url = (id: string, path: string): string => `http://127.0.0.1:${cluster.node(id).httpPort}${path}`;
  const json = async (res: Response): Promise<Record<string, unknown>> => (await res.json()) as Record<string, unknown>;

  /** The error a gRPC client reads, in the HTTP door's JSON shape. */
  async function grpcError(call: () => Promise<unknown>): Promise<{ code: string; error_code: string; message: string }> {
    try {
      await call();
    } catch (err) {
      const e = err as grpc.ServiceError;
      return { code: grpc.status[e.code], error_code: String(e.metadata.get('raftkv-error-code')[0]), message: e.details };
    }
    throw new Error('the gRPC call succeeded');
  }

  it('stores raw bytes through one node and reads the identical bytes from another, and over gRPC', async () => {
    const binary = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7) % 256));
    const put = await fetch(url(follower, '/v1/kv/blobs/one%20two'), { method: 'PUT', body: binary });
    expect(put.status).toBe(200);
    const putBody = await json(put);
    expect(putBody).toMatchObject({ lease: '0', header: { member_id: follower } });
    const revision = (putBody.header as { revision: string }).revision;

    const got = await fetch(url(leader, '/v1/kv/blobs/one%20two'));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await got.arrayBuffer()).equals(binary)).toBe(true);
    expect(got.headers.get('x-raftkv-mod-revision')).toBe(revision);
    expect(got.headers.get('x-raftkv-version')).toBe('1');
    expect(got.headers.get('x-raftkv-member-id')).toBe(leader);

    expect(Buffer.from((await grpcClient.get('blobs/one two')).value).equals(binary)).toBe(true);
    const asJson = await json(await fetch(url(leader, '/v1/kv/blobs/one%20two?format=json')));
    expect((asJson.kv as { value_base64: string }).value_base64).toBe(binary.toString('base64'));
  });

  it('serves a linearizable GET on a follower right after a write through the leader', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await fetch(url(leader, '/v1/kv/counter'), { method: 'PUT', body: String(i) })).status).toBe(200);
      const got = await fetch(url(follower, '/v1/kv/counter'));
      expect([got.status, await got.text(), got.headers.get('x-raftkv-member-id')]).toEqual([200, String(i), follower]);
    }
    const serializable = await fetch(url(follower, '/v1/kv/counter?consistency=serializable'));
    expect(serializable.status).toBe(200);
  });

  it('lists a prefix a page at a time, and deletes it', async () => {
    for (const k of ['a', 'b', 'c', 'd', 'e']) await fetch(url(leader, `/v1/kv/list/${k}`), { method: 'PUT', body: `v${k}` });
    const keys: string[] = [];
    let token = '';
    for (;;) {
      const page = await json(await fetch(url(follower, `/v1/kv/list/?prefix&limit=2${token === '' ? '' : `&page_token=${token}`}`)));
      keys.push(...(page.kvs as { key: string; value: string }[]).map((kv) => `${kv.key}=${kv.value}`));
      if (page.more !== true) break;
      token = page.next_page_token as string;
    }
    expect(keys).toEqual(['list/a=va', 'list/b=vb', 'list/c=vc', 'list/d=vd', 'list/e=ve']);
    expect((await json(await fetch(url(leader, '/v1/kv/list/?prefix&count_only')))).count).toBe('5');

    const del = await json(await fetch(url(follower, '/v1/kv/list/?prefix&prev_kv'), { method: 'DELETE' }));
    expect(del.deleted).toBe('5');
    expect((del.prev_kvs as unknown[]).length).toBe(5);
    expect((await grpcClient.range({ key: 'list/', prefix: true })).kvs).toEqual([]);
    const missing = await fetch(url(leader, '/v1/kv/list/a'));
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ code: 'NOT_FOUND', error_code: 'RAFTKV_ERR_KEY_NOT_FOUND' });
  });

  it('puts with a TTL, and the key goes when the lease expires', async () => {
    const put = await json(await fetch(url(follower, '/v1/kv/ephemeral?ttl=2'), { method: 'PUT', body: 'here' }));
    const lease = put.lease as string;
    expect(lease).toMatch(/^[1-9]\d*$/);
    const got = await fetch(url(leader, '/v1/kv/ephemeral'));
    expect(got.headers.get('x-raftkv-lease')).toBe(lease);
    await waitFor('the key to expire with its lease', async () => (await fetch(url(leader, '/v1/kv/ephemeral'))).status === 404, 20_000, 200);
  });

  it('answers the same errors as gRPC for the same bad input', async () => {
    const cases: [string, number, RequestInit & { path: string }, () => Promise<unknown>][] = [
      ['a value over 1 MiB', 413, { path: '/v1/kv/big', method: 'PUT', body: new Uint8Array(MAX_VALUE_BYTES + 1) }, () => grpcClient.put('big', new Uint8Array(MAX_VALUE_BYTES + 1))],
      ['a key over 4096 bytes', 413, { path: `/v1/kv/${'k'.repeat(5000)}`, method: 'PUT', body: 'v' }, () => grpcClient.put('k'.repeat(5000), Buffer.from('v'))],
      ['a TTL below the minimum', 400, { path: '/v1/kv/t?ttl=1', method: 'PUT', body: 'v' }, () => grpcClient.put('t', Buffer.from('v'), { ttl_seconds: 1 })],
      ['both ttl and lease', 400, { path: '/v1/kv/t?ttl=5&lease=7', method: 'PUT', body: 'v' }, () => grpcClient.put('t', Buffer.from('v'), { ttl_seconds: 5, lease: 7 })],
      ['a lease that does not exist', 404, { path: '/v1/kv/t?lease=123456789', method: 'PUT', body: 'v' }, () => grpcClient.put('t', Buffer.from('v'), { lease: '123456789' })],
      ['a limit over the maximum', 400, { path: '/v1/kv/a?prefix&limit=10001', method: 'GET' }, () => grpcClient.range({ key: 'a', prefix: true, limit: 10001 })],
      ['a range end before the key', 400, { path: '/v1/kv/b?range_end=a', method: 'DELETE' }, () => grpcClient.delete('b', { range_end: 'a' })],
      ['an empty key', 400, { path: '/v1/kv/', method: 'GET' }, () => grpcClient.get('')],
    ];
    for (const [name, status, { path, ...init }, viaGrpc] of cases) {
      const res = await fetch(url(follower, path), init);
      expect({ name, status: res.status, body: await json(res) }).toEqual({ name, status, body: await grpcError(viaGrpc) });
    }
  });

  const hasCurl = spawnSync('sh', ['-c', 'command -v curl']).status === 0;
  (hasCurl ? it : it.skip)('round-trips a file with curl', () => {
    const dir = mkdtempSync(join(tmpdir(), 'raftkv-curl-'));
    try {
      const file = join(dir, 'in.bin');
      writeFileSync(file, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 256)));
      const curl = (...args: string[]): string => {
        const r = spawnSync('curl', ['-sS', '--fail-with-body', '--max-time', '10', ...args], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`curl ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
        return r.stdout;
      };
      const put = JSON.parse(curl('-X', 'PUT', '--data-binary', `@${file}`, url(follower, '/v1/kv/curl/file'))) as { lease: string };
      expect(put.lease).toBe('0');
      const out = join(dir, 'out.bin');
      const headers = curl('-D', '-', '-o', out, url(leader, '/v1/kv/curl/file'));
      expect(readFileSync(out).equals(readFileSync(file))).toBe(true);
      expect(headers).toMatch(/^x-raftkv-version: 1\r$/m);
      const listed = JSON.parse(curl(url(leader, '/v1/kv/curl/?prefix&keys_only'))) as { kvs: { key: string }[] };
      expect(listed.kvs.map((kv) => kv.key)).toEqual(['curl/file']);

      // Over the limit, with the Expect: 100-continue curl sends for big bodies: 413 with gRPC's message.
      const big = join(dir, 'big.bin');
      writeFileSync(big, Buffer.alloc(2 * MAX_VALUE_BYTES, 1));
      const refused = spawnSync('curl', ['-sS', '--max-time', '10', '-H', 'Expect: 100-continue', '-w', '\n%{http_code}', '-X', 'PUT', '--data-binary', `@${big}`, url(follower, '/v1/kv/curl/big')], {
        encoding: 'utf8',
      });
      const lines = refused.stdout.trim().split('\n');
      expect([lines[lines.length - 1], JSON.parse(lines[0]!).message]).toEqual(['413', `value is ${2 * MAX_VALUE_BYTES} bytes, over the limit of ${MAX_VALUE_BYTES} bytes`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
