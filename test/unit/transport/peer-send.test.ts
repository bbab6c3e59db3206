import * as grpc from '@grpc/grpc-js';
import { silentLogger } from '../../../src/logger';
import { MessageType, message, type Message } from '../../../src/raft/types';
import { PeerClient, type PeerClientOptions } from '../../../src/transport/peer-client';
import { SEND_PATH, SEND_STREAM_PATH, sendMethod, type SendRequest, type SendResponse } from '../../../src/transport/raft-service-definition';
import type { PeerServerOptions } from '../../../src/transport/peer-server';
import { ERROR_CODE_METADATA_KEY } from '../../../src/grpc-status';
import {
  CLUSTER,
  deadPort,
  heartbeat,
  rawCall,
  startRecordingServer,
  waitFor,
  type RecordingServer,
} from './helpers';

describe('peer Send: PeerClient to PeerServer over gRPC', () => {
  const servers: RecordingServer[] = [];
  const clients: PeerClient[] = [];

  async function server(nodeId: string, port?: number, extra: Partial<PeerServerOptions> = {}): Promise<RecordingServer> {
    const s = await startRecordingServer(nodeId, port === undefined ? extra : { ...extra, port });
    servers.push(s);
    return s;
  }

  function client(address: string, extra: Partial<PeerClientOptions> = {}): PeerClient {
    const c = new PeerClient({ clusterId: CLUSTER, nodeId: 'n1', peerId: 'n2', address, logger: silentLogger, ...extra });
    clients.push(c);
    return c;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.server.close()));
  });

  it('delivers 1000 messages sent at once in order, in far fewer than 1000 batches', async () => {
    const n2 = await server('n2');
    const c = client(n2.address);
    for (let i = 1; i <= 1000; i += 1) c.send([heartbeat('n1', 'n2', i)]);

    await waitFor(() => n2.received.length === 1000, '1000 messages at n2');
    expect(n2.received.map((m) => m.commit)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(n2.calls.n).toBeLessThan(10);
    expect(c.stats).toMatchObject({ messagesSent: 1000, batchesSent: n2.calls.n, sendFailures: 0, messagesDropped: 0 });
    expect(c.stats.bytesSent).toBeGreaterThan(0);
  });

  it('keeps order across batches when messages keep arriving while a call is in flight', async () => {
    const n2 = await server('n2');
    const c = client(n2.address);
    for (let i = 1; i <= 300; i += 1) {
      c.send([heartbeat('n1', 'n2', i)]);
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => n2.received.length === 300, '300 messages at n2');
    expect(n2.received.map((m) => m.commit)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('splits a backlog into batches under the peer message limit', async () => {
    const n2 = await server('n2');
    const c = client(n2.address, { maxMessageBytes: 64 * 1024 });
    const entryData = new Uint8Array(1000);
    const apps: Message[] = Array.from({ length: 200 }, (_, i) =>
      message({ type: MessageType.App, from: 'n1', to: 'n2', term: 1, index: i, entries: [{ index: i + 1, term: 1, type: 'Normal', data: entryData }] }),
    );
    c.send(apps);
    await waitFor(() => n2.received.length === 200, '200 appends at n2');
    expect(n2.received.map((m) => m.index)).toEqual(apps.map((m) => m.index));
    expect(n2.calls.n).toBeGreaterThanOrEqual(4); // ~200 KB cannot fit one 64 KiB call
  });

  it('drops the oldest non-vote messages when the queue is full, keeping votes', async () => {
    const n2 = await server('n2');
    const c = client(n2.address, { maxQueueMessages: 4 });
    const vote = message({ type: MessageType.Vote, from: 'n1', to: 'n2', term: 2 });
    c.send([vote, ...Array.from({ length: 9 }, (_, i) => heartbeat('n1', 'n2', i + 1))]);

    await waitFor(() => n2.received.length === 4, '4 surviving messages at n2');
    expect(n2.received.map((m) => [m.type, m.commit])).toEqual([
      [MessageType.Vote, 0],
      [MessageType.Heartbeat, 7],
      [MessageType.Heartbeat, 8],
      [MessageType.Heartbeat, 9],
    ]);
    expect(c.stats.messagesDropped).toBe(6);
  });

  it('reports a peer that is down as unreachable', async () => {
    const unreachable: string[] = [];
    const c = client(`127.0.0.1:${await deadPort()}`, { onUnreachable: (id) => unreachable.push(id) });
    c.send([heartbeat('n1', 'n2', 1), heartbeat('n1', 'n2', 2)]);
    await waitFor(() => unreachable.length > 0, 'an unreachable report');
    expect(unreachable[0]).toBe('n2');
    // The batch went onto a stream that never opened: lost, as Raft allows.
    expect(c.stats.sendFailures).toBe(1);
  });

  it('sends one Send call per batch to a peer that does not serve SendStream (an older version)', async () => {
    const received: Message[] = [];
    const old = new grpc.Server();
    old.addService({ Send: sendMethod }, {
      Send: (call: grpc.ServerUnaryCall<SendRequest, SendResponse>, cb: grpc.sendUnaryData<SendResponse>) => {
        received.push(...call.request.messages);
        cb(null, {});
      },
    });
    const port = await new Promise<number>((resolve, reject) => old.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    try {
      const c = client(`127.0.0.1:${port}`);
      for (let i = 1; i <= 20; i += 1) {
        c.send([heartbeat('n1', 'n2', i)]);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await waitFor(() => received.some((m) => m.commit === 20), 'the last message at the old peer');
      // Whatever went onto the one SendStream attempt is lost; everything after arrives, in order.
      const commits = received.map((m) => m.commit);
      expect(commits).toEqual([...commits].sort((a, b) => a - b));
      expect(c.stats.sendFailures).toBe(0);
    } finally {
      old.forceShutdown();
    }
  });

  it('ends a SendStream at the first refused batch, after delivering the batches before it', async () => {
    const n2 = await server('n2');
    const raw = new grpc.Client(n2.address, grpc.credentials.createInsecure());
    try {
      const status = await new Promise<grpc.ServiceError | null>((resolve) => {
        const call = raw.makeClientStreamRequest(SEND_STREAM_PATH, (b: Buffer) => b, () => ({}), new grpc.Metadata(), {}, (err) => resolve(err));
        call.write(sendMethod.requestSerialize({ clusterId: CLUSTER, from: 'n1', to: 'n2', messages: [heartbeat('n1', 'n2', 1)] }));
        call.write(sendMethod.requestSerialize({ clusterId: 'cluster-b', from: 'n1', to: 'n2', messages: [heartbeat('n1', 'n2', 2)] }));
        call.write(sendMethod.requestSerialize({ clusterId: CLUSTER, from: 'n1', to: 'n2', messages: [heartbeat('n1', 'n2', 3)] }));
      });
      expect(status?.code).toBe(grpc.status.FAILED_PRECONDITION);
      expect(status?.details).toContain('"cluster-b"');
      expect(n2.received.map((m) => m.commit)).toEqual([1]);
    } finally {
      raw.close();
    }
  });

  it('closes at once with senders still streaming to it', async () => {
    const n2 = await server('n2', undefined, { closeTimeoutMs: 60_000 });
    const c = client(n2.address);
    c.send([heartbeat('n1', 'n2', 1)]);
    await waitFor(() => n2.received.length === 1, 'the stream to be open');
    // With the stream left open, close() would wait out its 60 s timeout and this test would time out.
    await n2.server.close();
  });

  it('drops a batch holding a local message type without blaming the peer', async () => {
    const n2 = await server('n2');
    const unreachable: string[] = [];
    const c = client(n2.address, { onUnreachable: (id) => unreachable.push(id) });
    c.send([heartbeat('n1', 'n2', 1), message({ type: MessageType.Hup, from: 'n1', to: 'n2' })]);
    await waitFor(() => c.stats.messagesDropped === 2, 'the bad batch to be dropped');
    c.send([heartbeat('n1', 'n2', 2)]);
    await waitFor(() => n2.received.length === 1, 'the next message');
    expect(n2.received[0]?.commit).toBe(2);
    expect(unreachable).toEqual([]);
  });

  it('delivers later messages to a peer that went down and came back on the same address', async () => {
    const first = await server('n2');
    const port = first.server.port;
    const unreachable: string[] = [];
    const c = client(first.address, { onUnreachable: (id) => unreachable.push(id) });
    c.send([heartbeat('n1', 'n2', 1)]);
    await waitFor(() => first.received.length === 1, 'the first message');

    await first.server.close();
    await waitFor(() => {
      c.send([heartbeat('n1', 'n2', 0)]);
      return unreachable.length > 0;
    }, 'the peer to be reported unreachable');

    const second = await server('n2', port);
    await waitFor(() => {
      c.send([heartbeat('n1', 'n2', 0)]);
      return second.received.length > 0;
    }, 'the restarted peer to receive again');

    for (let i = 1; i <= 50; i += 1) c.send([heartbeat('n1', 'n2', 1000 + i)]);
    await waitFor(() => second.received.some((m) => m.commit === 1050), 'the later messages');
    const later = second.received.filter((m) => m.commit > 1000).map((m) => m.commit);
    expect(later).toEqual(Array.from({ length: 50 }, (_, i) => 1001 + i));
  });

  it('follows a peer to its new address after setAddress', async () => {
    const oldHome = await server('n2');
    const newHome = await server('n2');
    const c = client(oldHome.address);
    c.send([heartbeat('n1', 'n2', 1)]);
    await waitFor(() => oldHome.received.length === 1, 'a message at the old address');

    c.setAddress(newHome.address);
    c.send([heartbeat('n1', 'n2', 2)]);
    await waitFor(() => newHome.received.length === 1, 'a message at the new address');
    expect(newHome.received[0]?.commit).toBe(2);
    expect(c.address).toBe(newHome.address);
  });

  it('rejects a batch from another cluster with FAILED_PRECONDITION naming both cluster ids', async () => {
    const n2 = await server('n2');
    const bytes = sendMethod.requestSerialize({ clusterId: 'cluster-b', from: 'n1', to: 'n2', messages: [heartbeat('n1', 'n2', 1)] });
    const err = await rawCall(n2.address, SEND_PATH, bytes);
    expect(err?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(err?.details).toContain('"cluster-b"');
    expect(err?.details).toContain(`"${CLUSTER}"`);
    expect(err?.metadata.get(ERROR_CODE_METADATA_KEY)).toEqual(['RAFTKV_ERR_CLUSTER_MISMATCH']);
    expect(n2.received).toEqual([]);
  });

  it('rejects a batch addressed to another node with FAILED_PRECONDITION', async () => {
    const n2 = await server('n2');
    const bytes = sendMethod.requestSerialize({ clusterId: CLUSTER, from: 'n1', to: 'n3', messages: [heartbeat('n1', 'n3', 1)] });
    const err = await rawCall(n2.address, SEND_PATH, bytes);
    expect(err?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(err?.details).toMatch(/addressed to n3 but reached node n2/);
    expect(n2.received).toEqual([]);
  });

  it('answers bytes that do not decode with INVALID_ARGUMENT and keeps serving', async () => {
    const n2 = await server('n2');
    // Field 4 (messages) holding a Message whose type is 99: valid protobuf, unknown to the codec.
    const unknownType = new Uint8Array([0x22, 0x02, 0x08, 0x63]);
    const notProtobuf = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]);
    for (const bytes of [unknownType, notProtobuf]) {
      const err = await rawCall(n2.address, SEND_PATH, bytes);
      expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(err?.details).toMatch(/^SendRequest: cannot be decoded/);
    }
    const c = client(n2.address);
    c.send([heartbeat('n1', 'n2', 1)]);
    await waitFor(() => n2.received.length === 1, 'a good message after bad ones');
  });

  it('drops sends after close, and close is idempotent', async () => {
    const n2 = await server('n2');
    const c = client(n2.address);
    await c.close();
    await c.close();
    c.send([heartbeat('n1', 'n2', 1)]);
    expect(c.stats.queued).toBe(0);
    await n2.server.close();
    await n2.server.close();
  });
});
