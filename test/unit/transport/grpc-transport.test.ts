import { NotAttemptedError, ShutdownError } from '../../../src/errors';
import { silentLogger } from '../../../src/logger';
import { GrpcTransport } from '../../../src/transport/grpc-transport';
import { CLUSTER, deadPort, heartbeat, startRecordingServer, waitFor, type RecordingServer } from './helpers';

describe('GrpcTransport: routing messages to peers by id', () => {
  const servers: RecordingServer[] = [];
  const transports: GrpcTransport[] = [];

  async function peer(id: string): Promise<RecordingServer> {
    const s = await startRecordingServer(id);
    servers.push(s);
    return s;
  }

  function transport(peers: ReadonlyMap<string, string>, onUnreachable?: (id: string) => void): GrpcTransport {
    const t = new GrpcTransport({
      clusterId: CLUSTER,
      nodeId: 'n1',
      logger: silentLogger,
      peers,
      ...(onUnreachable ? { onUnreachable } : {}),
    });
    transports.push(t);
    return t;
  }

  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
    await Promise.all(servers.splice(0).map((s) => s.server.close()));
  });

  it('delivers each message to the peer it is addressed to, in order, and drops those for unknown peers', async () => {
    const [n2, n3] = [await peer('n2'), await peer('n3')];
    const t = transport(new Map([['n1', '127.0.0.1:1'], ['n2', n2.address], ['n3', n3.address]]));
    t.send([heartbeat('n1', 'n2', 1), heartbeat('n1', 'n3', 1), heartbeat('n1', 'n9', 1), heartbeat('n1', 'n2', 2)]);

    await waitFor(() => n2.received.length === 2 && n3.received.length === 1, 'messages at n2 and n3');
    expect(n2.received.map((m) => m.commit)).toEqual([1, 2]);
    expect(n3.received.map((m) => m.to)).toEqual(['n3']);
    expect([...t.stats().keys()].sort()).toEqual(['n2', 'n3']); // no client for itself
  });

  it('follows setPeers: new peers, moved peers and removed peers', async () => {
    const [n2, n2moved, n3] = [await peer('n2'), await peer('n2'), await peer('n3')];
    const t = transport(new Map([['n2', n2.address]]));
    t.setPeers(new Map([['n2', n2moved.address], ['n3', n3.address]]));
    t.send([heartbeat('n1', 'n2', 1), heartbeat('n1', 'n3', 1)]);
    await waitFor(() => n2moved.received.length === 1 && n3.received.length === 1, 'messages at the new addresses');
    expect(n2.received).toEqual([]);

    t.setPeers(new Map([['n3', n3.address]]));
    t.send([heartbeat('n1', 'n2', 2), heartbeat('n1', 'n3', 2)]);
    await waitFor(() => n3.received.length === 2, 'the second message at n3');
    expect(n2moved.received).toHaveLength(1);
    expect([...t.stats().keys()]).toEqual(['n3']);
  });

  it('reports unreachable peers through onUnreachable', async () => {
    const unreachable: string[] = [];
    const t = transport(new Map([['n2', `127.0.0.1:${await deadPort()}`]]), (id) => unreachable.push(id));
    t.send([heartbeat('n1', 'n2', 1)]);
    await waitFor(() => unreachable.includes('n2'), 'n2 reported unreachable');
  });

  it('forwards a proposal to the named leader, and refuses one to an unknown leader as not attempted', async () => {
    const s = await startRecordingServer('n2', {
      onPropose: (command) => Promise.resolve({ result: command, index: 5, term: 2 }),
    });
    servers.push(s);
    const t = transport(new Map([['n2', s.address]]));
    const deadline = new Date(Date.now() + 5_000);
    await expect(t.propose('n2', new Uint8Array([4]), deadline)).resolves.toEqual({ result: Buffer.from([4]), index: 5, term: 2 });
    await expect(t.propose('n7', new Uint8Array([4]), deadline)).rejects.toBeInstanceOf(NotAttemptedError);
  });

  it('closes idempotently and refuses work afterwards', async () => {
    const n2 = await peer('n2');
    const t = transport(new Map([['n2', n2.address]]));
    await Promise.all([t.close(), t.close()]);
    await t.close();
    t.send([heartbeat('n1', 'n2', 1)]);
    await expect(t.propose('n2', new Uint8Array([1]), new Date(Date.now() + 1_000))).rejects.toBeInstanceOf(ShutdownError);
  });
});
