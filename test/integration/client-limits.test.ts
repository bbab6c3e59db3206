/**
 * Limits that protect a node from its clients (issue #12 item 8): one
 * connection cannot open gRPC calls without bound, and the HTTP port holds
 * a bounded number of connections.
 */
import * as grpc from '@grpc/grpc-js';
import { connect, type Socket } from 'node:net';
import { get } from 'node:http';
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
