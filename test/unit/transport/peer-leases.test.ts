import { ClusterMismatchError, NotAttemptedError } from '../../../src/errors';
import { silentLogger } from '../../../src/logger';
import { PeerClient } from '../../../src/transport/peer-client';
import { InmemHub } from '../../../src/transport/inmem-transport';
import { CLUSTER, startRecordingServer, type RecordingServer } from './helpers';

const BIG_ID = '9223372036854775807';

describe('peer RenewLeases and LeaseTimesToLive: a follower asks the leader about leases', () => {
  const servers: RecordingServer[] = [];
  const clients: PeerClient[] = [];
  const inTenSeconds = (): Date => new Date(Date.now() + 10_000);
  const follower = (address: string, clusterId = CLUSTER): PeerClient => {
    const c = new PeerClient({ clusterId, nodeId: 'n2', peerId: 'n1', address, logger: silentLogger });
    clients.push(c);
    return c;
  };

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.server.close()));
  });

  it('carries int64 ids exactly and answers per id, in order', async () => {
    const asked: string[][] = [];
    const s = await startRecordingServer('n1', {
      onRenewLeases: (ids) => {
        asked.push([...ids]);
        return Promise.resolve(ids.map((id) => (id === BIG_ID ? 9_000_000_000 : 0)));
      },
      onLeaseTimesToLive: (ids) => Promise.resolve(ids.map((id) => (id === '7' ? { ttlSeconds: 3, grantedTtlSeconds: 10 } : { ttlSeconds: -1, grantedTtlSeconds: 0 }))),
    });
    servers.push(s);
    const c = follower(s.address);
    expect(await c.renewLeases([BIG_ID, '5'], inTenSeconds())).toEqual([9_000_000_000, 0]);
    expect(asked).toEqual([[BIG_ID, '5']]);
    expect(await c.leaseTimesToLive(['7', '8'], inTenSeconds())).toEqual([
      { ttlSeconds: 3, grantedTtlSeconds: 10 },
      { ttlSeconds: -1, grantedTtlSeconds: 0 },
    ]);
  });

  it('brings back a not-attempted refusal (a node that no longer leads) so the follower retries', async () => {
    const s = await startRecordingServer('n1', { onRenewLeases: () => Promise.reject(new NotAttemptedError('not the leader', 'n3')) });
    servers.push(s);
    const err = await follower(s.address).renewLeases(['1'], inTenSeconds()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotAttemptedError);
    expect((err as NotAttemptedError).leaderHint).toBe('n3');
  });

  it('refuses a node without a lease keeper as not attempted, and another cluster as a mismatch', async () => {
    const s = await startRecordingServer('n1');
    servers.push(s);
    await expect(follower(s.address).leaseTimesToLive(['1'], inTenSeconds())).rejects.toBeInstanceOf(NotAttemptedError);
    await expect(follower(s.address, 'cluster-b').renewLeases(['1'], inTenSeconds())).rejects.toBeInstanceOf(ClusterMismatchError);
  });

  it('the in-memory transport forwards the same calls', async () => {
    const hub = new InmemHub();
    hub.attach('n1', {
      onMessages: () => undefined,
      onPropose: () => Promise.reject(new Error('not used')),
      onRenewLeases: (ids) => Promise.resolve(ids.map(() => 5)),
      onLeaseTimesToLive: (ids) => Promise.resolve(ids.map(() => ({ ttlSeconds: 4, grantedTtlSeconds: 5 }))),
    });
    const t = hub.attach('n2', { onMessages: () => undefined, onPropose: () => Promise.reject(new Error('not used')) });
    expect(await t.renewLeases('n1', ['1', '2'], inTenSeconds())).toEqual([5, 5]);
    expect(await t.leaseTimesToLive('n1', ['1'], inTenSeconds())).toEqual([{ ttlSeconds: 4, grantedTtlSeconds: 5 }]);
    await expect(t.renewLeases('n2', ['1'], inTenSeconds())).rejects.toBeInstanceOf(NotAttemptedError);
    hub.isolate('n2');
    await expect(t.renewLeases('n1', ['1'], inTenSeconds())).rejects.toBeInstanceOf(NotAttemptedError);
    await t.close();
  });
});
