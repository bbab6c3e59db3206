import { findRunningCluster, type StatusProbe } from '../../../src/server/find-running-cluster';

const targets = [
  { id: 'kv-0', clientAddress: 'kv-0:50051' },
  { id: 'kv-1', clientAddress: 'kv-1:50051' },
];

describe('findRunningCluster', () => {
  it('bootstraps (undefined) when no other pod answers, as when a StatefulSet first starts', async () => {
    const down: StatusProbe = () => Promise.reject(new Error('connection refused'));
    await expect(findRunningCluster('kv-3', targets, down)).resolves.toBeUndefined();
  });

  it('bootstraps when the pods answer but have no leader yet', async () => {
    const electing: StatusProbe = async () => ({ leaderId: '', memberIds: ['kv-0', 'kv-1', 'kv-2'] });
    await expect(findRunningCluster('kv-2', targets, electing)).resolves.toBeUndefined();
  });

  it('joins through a pod of a running cluster that does not list it (a replica added by helm upgrade)', async () => {
    const running: StatusProbe = async (address) => {
      if (address === 'kv-0:50051') throw new Error('restarting');
      return { leaderId: 'kv-1', memberIds: ['kv-0', 'kv-1', 'kv-2'] };
    };
    await expect(findRunningCluster('kv-3', targets, running)).resolves.toBe('kv-1:50051');
  });

  it('bootstraps an initial voter that a running cluster already lists (it was slow to start and never voted)', async () => {
    const running: StatusProbe = async () => ({ leaderId: 'kv-0', memberIds: ['kv-0', 'kv-1', 'kv-2'] });
    await expect(findRunningCluster('kv-2', targets, running)).resolves.toBeUndefined();
  });
});
