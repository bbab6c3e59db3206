import { ClusterMismatchError, FailedPreconditionError } from '../../../src/errors';
import type { KvPair, SnapshotHeader } from '../../../src/codec/snapshot-codec';
import { silentLogger } from '../../../src/logger';
import { InmemHub } from '../../../src/transport/inmem-transport';
import { PeerClient } from '../../../src/transport/peer-client';
import { CLUSTER, startRecordingServer, type RecordingServer } from './helpers';

const header = (to = 'n2', clusterId = CLUSTER): SnapshotHeader => ({
  clusterId,
  from: 'n1',
  to,
  term: 4,
  metadata: { index: 900, term: 3, confState: { voters: ['n1', 'n2', 'n3'], learners: [] } },
  members: new Map([['n1', { peerAddress: '127.0.0.1:1', clientAddress: '', autoPromote: false }]]),
});

async function* batches(count: number, size: number): AsyncGenerator<readonly KvPair[]> {
  for (let b = 0; b < count; b += 1) {
    yield Array.from({ length: size }, (_, i) => ({ record: { key: `k${b}-${i}`, value: Buffer.alloc(1000, b), createRevision: 1, modRevision: 1, version: 1, lease: '0' } }));
  }
}

const keyOf = (item: KvPair): string => ('record' in item ? item.record.key : '');

describe('peer InstallSnapshot: a client stream of chunks', () => {
  const servers: RecordingServer[] = [];
  const clients: PeerClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.server.close()));
  });
  const inTenSeconds = (): Date => new Date(Date.now() + 10_000);

  async function receiver(onInstallSnapshot: NonNullable<Parameters<typeof startRecordingServer>[1]>['onInstallSnapshot']): Promise<PeerClient> {
    const s = await startRecordingServer('n2', { onInstallSnapshot });
    servers.push(s);
    const c = new PeerClient({ clusterId: CLUSTER, nodeId: 'n1', peerId: 'n2', address: s.address, logger: silentLogger });
    clients.push(c);
    return c;
  }

  it('delivers the header, then every pair in order, across many chunks', async () => {
    let got: { header: SnapshotHeader; keys: string[] } | undefined;
    const client = await receiver(async (h, chunks) => {
      const keys: string[] = [];
      for await (const c of chunks) keys.push(...c.map(keyOf));
      got = { header: h, keys };
      return { term: 4 };
    });
    // 40 chunks of ~1 MB: far more than one gRPC message may carry.
    await client.installSnapshot(header(), batches(40, 1000), inTenSeconds());
    expect(got?.header).toEqual(header());
    expect(got?.keys.length).toBe(40_000);
    expect(got?.keys[0]).toBe('k0-0');
    expect(got?.keys[39_999]).toBe('k39-999');
  });

  it('reports the receiver refusing it, and refuses a stream from another cluster or for another node', async () => {
    let called = 0;
    const client = await receiver(async (_h, chunks) => {
      called += 1;
      for await (const c of chunks) void c;
      throw new FailedPreconditionError('too big');
    });
    await expect(client.installSnapshot(header(), batches(2, 10), inTenSeconds())).rejects.toBeInstanceOf(FailedPreconditionError);
    await expect(client.installSnapshot(header('n2', 'other'), batches(2, 10), inTenSeconds())).rejects.toBeInstanceOf(ClusterMismatchError);
    await expect(client.installSnapshot(header('n9'), batches(2, 10), inTenSeconds())).rejects.toBeInstanceOf(ClusterMismatchError);
    expect(called).toBe(1);
  });

  it('the in-process transport streams to the handler too', async () => {
    const hub = new InmemHub();
    const keys: string[] = [];
    const t1 = hub.attach('n1', { onMessages: () => undefined, onPropose: () => Promise.reject(new Error('unused')) });
    const t2 = hub.attach('n2', {
      onMessages: () => undefined,
      onPropose: () => Promise.reject(new Error('unused')),
      onInstallSnapshot: async (_h, chunks) => {
        for await (const c of chunks) keys.push(...c.map(keyOf));
        return { term: 4 };
      },
    });
    await t1.installSnapshot('n2', header(), batches(3, 2), inTenSeconds());
    expect(keys).toEqual(['k0-0', 'k0-1', 'k1-0', 'k1-1', 'k2-0', 'k2-1']);
    await expect(t2.installSnapshot('n1', header('n1'), batches(1, 1), inTenSeconds())).rejects.toThrow(/does not take snapshots/);
    await Promise.all([t1.close(), t2.close()]);
  });
});
