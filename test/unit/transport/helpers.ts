/** Shared fixtures for transport tests: real servers on 127.0.0.1:0 and condition waits. */
import * as grpc from '@grpc/grpc-js';
import { createServer } from 'node:net';
import { silentLogger } from '../../../src/logger';
import { MessageType, message, type Message, type NodeId } from '../../../src/raft/types';
import { PeerServer, type PeerServerOptions } from '../../../src/transport/peer-server';

export const CLUSTER = 'cluster-a';

/** Polls `cond` until it holds; fails with `what` after the deadline. Never a fixed sleep. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 4_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A port nothing listens on: bind one, then release it. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export function heartbeat(from: NodeId, to: NodeId, commit: number): Message {
  return message({ type: MessageType.Heartbeat, from, to, term: 1, commit });
}

/** A PeerServer recording what it receives; `calls` counts the batches delivered (Send calls or SendStream batches). */
export interface RecordingServer {
  readonly server: PeerServer;
  readonly received: Message[];
  readonly calls: { n: number };
  readonly address: string;
}

export async function startRecordingServer(
  nodeId: NodeId,
  overrides: Partial<PeerServerOptions> & { port?: number } = {},
): Promise<RecordingServer> {
  const received: Message[] = [];
  const calls = { n: 0 };
  const server = new PeerServer({
    clusterId: CLUSTER,
    nodeId,
    address: `127.0.0.1:${overrides.port ?? 0}`,
    onMessages: (msgs) => {
      calls.n += 1;
      received.push(...msgs);
    },
    onPropose: () => Promise.reject(new Error('not used')),
    maxMessageBytes: 4 * 1024 * 1024,
    logger: silentLogger,
    ...overrides,
  });
  const port = await server.start();
  return { server, received, calls, address: `127.0.0.1:${port}` };
}

/** Calls a method with hand-made bytes, returning the failure (null on success). */
export function rawCall(address: string, path: string, bytes: Uint8Array): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (b: Uint8Array) => Buffer.from(b),
      (b: Buffer) => b,
      bytes,
      new grpc.Metadata(),
      { deadline: Date.now() + 4_000 },
      (err) => {
        client.close();
        resolve(err);
      },
    );
  });
}
