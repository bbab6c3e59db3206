import { fetchJoinBase } from '../../../src/server/join';
import type { ProbeResponse } from '../../../src/transport/probe-method';

/** Which configuration a joining node's log starts from (docs/membership.md, "Joining with an empty log"). */
describe('fetchJoinBase', () => {
  const logger = { info: jest.fn(), warn: jest.fn() };
  const book = new Map([
    ['n1', { peerAddress: 'a1', clientAddress: '', autoPromote: false }],
    ['n2', { peerAddress: 'a2', clientAddress: '', autoPromote: false }],
    ['n3', { peerAddress: 'a3', clientAddress: '', autoPromote: false }],
  ]);
  const BOOT = { voters: ['n1', 'n2', 'n3'], learners: [] };
  const answer = (nodeId: string, baseIndex: number, leaderId = 'n2'): ProbeResponse => ({
    nodeId,
    state: 'member',
    confState: { voters: ['n2', 'n3'], learners: ['n1'] },
    leaderId,
    clientAddress: '',
    fresh: false,
    term: 2,
    commit: 900,
    baseIndex,
    baseConfState: baseIndex === 0 ? BOOT : { voters: ['n2', 'n3'], learners: [] },
  });
  const opts = (probe: (address: string) => Promise<ProbeResponse>) => ({
    selfId: 'n1', clusterId: 'c', book, probe, probeTimeoutMs: 10, rounds: 2, logger,
  });

  it('takes the bootstrap configuration from a member whose log begins at 0, never asking itself', async () => {
    const probe = jest.fn(async (address: string) => (address === 'a2' ? answer('n2', 0) : answer('n3', 400)));
    await expect(fetchJoinBase(opts(probe))).resolves.toEqual(BOOT);
    expect(probe.mock.calls.map(([a]) => a).sort()).toEqual(['a2', 'a3']);
  });

  it('starts without one when the leader\'s log is compacted (the leader then sends a snapshot)', async () => {
    await expect(fetchJoinBase(opts(async (address) => (address === 'a2' ? answer('n2', 400) : Promise.reject(new Error('down')))))).resolves.toBeUndefined();
  });

  it('asks again while only a compacted follower answered, and gives up after its rounds', async () => {
    let calls = 0;
    const probe = async (address: string): Promise<ProbeResponse> => {
      calls += 1;
      if (address === 'a3') return answer('n3', 400);
      throw new Error('down');
    };
    await expect(fetchJoinBase(opts(probe))).resolves.toBeUndefined();
    expect(calls).toBe(4);
  });
});
