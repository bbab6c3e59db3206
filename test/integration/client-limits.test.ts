/**
 * Limits that protect a node from its clients (issue #12 item 8): one
 * connection cannot open gRPC calls without bound, the HTTP port holds a
 * bounded number of connections, and responses clients have not read yet
 * hold a bounded number of bytes.
 */
import * as grpc from '@grpc/grpc-js';
import { connect, type Socket } from 'node:net';
import { get } from 'node:http';
import * as http2 from 'node:http2';
import type { MethodDefinition } from '@grpc/proto-loader';
import { startSingleNode, type InProcessNode } from '../support/in-process-node';
import { waitFor } from '../support/wait';
import { clientProtos } from '../../src/server/client-protos';

jest.setTimeout(60_000);

function healthz(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

describe('limits on what clients may hold open', () => {
  let node: InProcessNode;
  beforeAll(async () => {
    node = await startSingleNode(['--max-concurrent-streams', '2', '--max-http-connections', '1']);
  });
  afterAll(async () => {
    await node?.close();
  });

  it('--max-http-connections: a connection beyond the cap is closed; it is served again once one ends', async () => {
    const held: Socket = connect(node.httpPort, '127.0.0.1');
    await new Promise((resolve) => held.once('connect', resolve));
    await expect(healthz(node.httpPort)).rejects.toThrow(/socket hang up|ECONNRESET/);
    held.destroy();
    expect(await waitFor('the port to serve again', () => healthz(node.httpPort).catch(() => undefined), 10_000)).toBe(200);
  });

  it('--max-concurrent-streams: a third call on one connection waits while two watches are open; other connections are served', async () => {
    const Kv = clientProtos().kv.raftkv.kv.v1.KVService;
    const client = new Kv(node.clientAddress, grpc.credentials.createInsecure());
    const watches = [client.Watch({ key: 'a' }), client.Watch({ key: 'b' })];
    for (const w of watches) w.on('error', () => undefined);
    try {
      const get = (deadlineMs: number): Promise<grpc.status> =>
        new Promise((resolve) => client.Get({ key: 'a' }, { deadline: Date.now() + deadlineMs }, (err) => resolve(err ? err.code : grpc.status.OK)));
      // The watches' streams are open once the server has them; until then a Get may still slip in.
      await waitFor('both watches to hold their streams', async () => (await get(500)) === grpc.status.DEADLINE_EXCEEDED, 10_000);
      // Its own subchannel pool: grpc-js would otherwise share the first client's connection.
      const other = new Kv(node.clientAddress, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
      try {
        const code = await new Promise<grpc.status>((resolve) => other.Get({ key: 'a' }, { deadline: Date.now() + 5_000 }, (err) => resolve(err ? err.code : grpc.status.OK)));
        expect(grpc.status[code]).toBe('OK');
      } finally {
        other.close();
      }
      watches[0]!.cancel();
      expect(grpc.status[await get(5_000)]).toBe('OK');
    } finally {
      for (const w of watches) w.cancel();
      client.close();
    }
  });
});

describe('--max-response-bytes-in-flight', () => {
  let node: InProcessNode;
  beforeAll(async () => {
    node = await startSingleNode(['--max-response-bytes-in-flight', String(4 * 1024 * 1024)]);
  });
  afterAll(async () => {
    await node?.close();
  });

  it('many Gets of a 1 MiB value from a client that does not read: beyond the budget RESOURCE_EXHAUSTED, and the node keeps serving', async () => {
    const Kv = clientProtos().kv.raftkv.kv.v1.KVService;
    const client = new Kv(node.clientAddress, grpc.credentials.createInsecure());
    const unary = (fn: (cb: (err: grpc.ServiceError | null) => void) => void): Promise<string> => new Promise((resolve) => fn((err) => resolve(grpc.status[err ? err.code : grpc.status.OK] ?? '')));
    try {
      expect(await unary((cb) => client.Put({ key: 'big', value: Buffer.alloc(1024 * 1024, 7) }, cb))).toBe('OK');
      // Read responses give their bytes back: ten in a row, 20 MiB in all, pass a 4 MiB budget.
      for (let i = 0; i < 10; i += 1) expect(await unary((cb) => client.Get({ key: 'big' }, cb))).toBe('OK');
      // A raw HTTP/2 client that grants each stream a 1 KiB window and never reads more: every response it asks for stays in the node's memory.
      const session = http2.connect(`http://${node.clientAddress}`, { settings: { initialWindowSize: 1024 } });
      session.on('error', () => undefined);
      const method = (clientProtos().definition['raftkv.kv.v1.KVService'] as Record<string, MethodDefinition<object, object>>)['Get']!;
      const body = method.requestSerialize({ key: 'big' });
      const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), body]);
      frame.writeUInt32BE(body.byteLength, 1);
      const trailers: string[] = [];
      for (let i = 0; i < 20; i += 1) {
        const stream = session.request({ ':method': 'POST', ':path': '/raftkv.kv.v1.KVService/Get', 'content-type': 'application/grpc', te: 'trailers' });
        stream.on('error', () => undefined);
        // A refused call ends at once; a response held back by flow control never gets to its trailers.
        stream.on('trailers', (t) => trailers.push(String(t['grpc-status'])));
        stream.on('response', (h) => {
          if (h['grpc-status'] !== undefined) trailers.push(String(h['grpc-status']));
        });
        stream.end(frame);
      }
      const refused = (): number => trailers.filter((s) => s === String(grpc.status.RESOURCE_EXHAUSTED)).length;
      await waitFor('most Gets to be refused', () => refused() >= 15, 10_000);
      // The rest are held: the 4 MiB budget admits one or two responses of about 2 MiB (value and kv.value both carry the value).
      expect({ ended: trailers.length, allRefusals: refused() === trailers.length }).toEqual({ ended: refused(), allRefusals: true });
      expect(20 - trailers.length).toBeGreaterThan(0);
      // Small answers still fit beside what is held; the message names the limit.
      const err = await new Promise<grpc.ServiceError | null>((resolve) => client.Get({ key: 'big' }, (e) => resolve(e)));
      expect(err?.details).toMatch(/at its limit of 4194304 bytes \(--max-response-bytes-in-flight\)/);
      // The stalled client goes away: its bytes are given back and the value is served again.
      session.destroy();
      expect(await waitFor('the budget to be given back', async () => ((await unary((cb) => client.Get({ key: 'big' }, cb))) === 'OK' ? 'OK' : undefined), 10_000)).toBe('OK');
      expect(node.server.node.leader).toBe('n1');
    } finally {
      client.close();
    }
  });
});

describe('--max-keepalives-per-second', () => {
  let node: InProcessNode;
  beforeAll(async () => {
    node = await startSingleNode(['--max-keepalives-per-second', '10']);
  });
  afterAll(async () => {
    await node?.close();
  });

  it.each([
    ['raftkv', (id: string): object => ({ id })],
    ['etcd', (id: string): object => ({ ID: id })],
  ] as const)('a %s stream that floods keep-alives is ended with RESOURCE_EXHAUSTED; a new stream is served', async (api, request) => {
    const Kv = clientProtos().kv.raftkv.kv.v1;
    const leases = new Kv.LeaseService(node.clientAddress, grpc.credentials.createInsecure());
    const etcdLease = new (clientProtos().etcd.etcdserverpb.Lease)(node.clientAddress, grpc.credentials.createInsecure());
    try {
      const id = await new Promise<string>((resolve, reject) => leases.LeaseGrant({ ttl_seconds: 60 }, (err, res) => (err || !res ? reject(err ?? new Error('no response')) : resolve(res.id))));
      const open = (): grpc.ClientDuplexStream<object, object> =>
        (api === 'raftkv' ? leases.LeaseKeepAlive() : etcdLease.LeaseKeepAlive()) as unknown as grpc.ClientDuplexStream<object, object>;
      const flood = open();
      let answered = 0;
      flood.on('data', () => (answered += 1));
      const ended = new Promise<grpc.ServiceError>((resolve) => flood.on("error", resolve));
      for (let i = 0; i < 50; i += 1) flood.write(request(id));
      const err = await ended;
      expect(grpc.status[err.code]).toBe('RESOURCE_EXHAUSTED');
      expect(err.details).toBe(api === 'raftkv' ? 'more than 10 keep-alives per second on one LeaseKeepAlive stream (--max-keepalives-per-second); send one per lease every TTL/3' : 'etcdserver: too many requests');
      expect(answered).toBeLessThanOrEqual(11);
      const fresh = open();
      const answer = new Promise<unknown>((resolve, reject) => {
        fresh.on('data', resolve);
        fresh.on('error', reject);
      });
      fresh.write(request(id));
      expect(await answer).toBeDefined();
      fresh.cancel();
    } finally {
      leases.close();
      etcdLease.close();
    }
  });
});
