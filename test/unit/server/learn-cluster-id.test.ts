import type { MemberContext } from '../../../src/codec/member-codec';
import { learnClusterId } from '../../../src/server/learn-cluster-id';
import type { ProbeRequest, ProbeResponse } from '../../../src/transport/probe-method';

const none = { voters: [], learners: [] };
const answer = (nodeId: string, state: ProbeResponse['state'], clusterId?: string): ProbeResponse => ({
  nodeId,
  state,
  confState: none,
  leaderId: '',
  clientAddress: '',
  fresh: false,
  term: 1,
  commit: 1,
  baseIndex: 0,
  baseConfState: none,
  ...(clusterId !== undefined && { clusterId }),
});
const member = (peerAddress: string): MemberContext => ({ peerAddress, clientAddress: '', autoPromote: false });
const book = new Map([
  ['n1', member('a1')],
  ['n2', member('a2')],
  ['n4', member('a4')],
]);

describe('a joining node takes the cluster id of the cluster it joins', () => {
  test("the id a member names, asked with an empty id (or --cluster-id's); never the joiner itself, nor a node still joining", async () => {
    const asked: [string, ProbeRequest][] = [];
    const probe = jest.fn(async (address: string, req: ProbeRequest) => {
      asked.push([address, req]);
      if (address === 'a1') return answer('n1', 'joining', 'not-yet');
      if (address === 'a2') return answer('n2', 'member', 'c0ffee0000000001');
      throw new Error('down');
    });
    await expect(learnClusterId({ selfId: 'n4', clusterId: '', book, probe, probeTimeoutMs: 100 })).resolves.toBe('c0ffee0000000001');
    expect(asked.map(([a]) => a).sort()).toEqual(['a1', 'a2']);
    expect(asked.every(([, r]) => r.clusterId === '' && r.from === 'n4')).toBe(true);
  });

  test('members of a version that does not say: undefined at once; nobody answering: undefined after the rounds', async () => {
    await expect(learnClusterId({ selfId: 'n4', clusterId: '', book, probe: async () => answer('n1', 'member'), probeTimeoutMs: 100 })).resolves.toBeUndefined();
    const down = jest.fn(() => Promise.reject(new Error('down')));
    await expect(learnClusterId({ selfId: 'n4', clusterId: '', book, probe: down, probeTimeoutMs: 100, rounds: 3, intervalMs: 1 })).resolves.toBeUndefined();
    expect(down).toHaveBeenCalledTimes(6);
  });
});
