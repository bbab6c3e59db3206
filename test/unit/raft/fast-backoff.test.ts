/**
 * Fast log back-off: a rejecting follower hints at the last entry that could
 * match, and the leader skips whole terms, so a long divergent log converges
 * in a couple of round trips instead of one per entry.
 */
import { MessageType, NONE } from '../../../src/raft/types';
import { entsWithTerms, newTestNode } from './support/harness';
import { storedTerms } from './support/inspect';
import { Network } from './support/network';

const THREE = ['n1', 'n2', 'n3'];

function clusterWith(leaderTerms: number[], followerTerms: number[], opts = {}): Network {
  const net = new Network(THREE, opts);
  const top = Math.max(...leaderTerms, ...followerTerms);
  net.nodes.set('n1', newTestNode('n1', { voters: THREE, entries: entsWithTerms(...leaderTerms), hardState: { term: top, vote: NONE, commit: 1 } }, opts));
  net.nodes.set('n2', newTestNode('n2', { voters: THREE, entries: entsWithTerms(...followerTerms), hardState: { term: top, vote: NONE, commit: 1 } }, opts));
  net.nodes.set('n3', newTestNode('n3', { voters: THREE, entries: entsWithTerms(...leaderTerms), hardState: { term: top, vote: NONE, commit: 1 } }, opts));
  return net;
}

const rejectionsFrom = (net: Network, id: string): number =>
  net.delivered.filter((m) => m.type === MessageType.AppResp && m.from === id && m.reject).length;

test('a follower with a long divergent log converges after one rejection', () => {
  const leader = [1, ...Array<number>(50).fill(3)];
  const follower = [1, ...Array<number>(100).fill(2)];
  const net = clusterWith(leader, follower);
  net.elect('n1');
  expect(storedTerms(net.node('n2'))).toEqual([...leader, 4]);
  expect(rejectionsFrom(net, 'n2')).toBe(1);
  // One probe rejected, one append accepted.
  expect(net.countDelivered(MessageType.App, 'n1', 'n2')).toBeLessThanOrEqual(3);
});

test('a follower far behind is caught up after one rejection', () => {
  const leader = Array<number>(80).fill(1);
  const net = clusterWith(leader, [1, 1]);
  net.elect('n1');
  expect(rejectionsFrom(net, 'n2')).toBe(1);
  expect(storedTerms(net.node('n2'))).toEqual([...leader, 2]);
});

test('a follower whose divergent suffix has higher terms than the leader\'s converges in few round trips', () => {
  const leader = [1, 1, 2, 2, 2, 4, 4, 4, 4];
  const follower = [1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3];
  const net = clusterWith(leader, follower);
  net.elect('n1');
  expect(storedTerms(net.node('n2'))).toEqual([...leader, 5]);
  expect(rejectionsFrom(net, 'n2')).toBeLessThanOrEqual(2);
});

test('large catch-ups are split by maxEntriesPerMessage and bounded by the inflight window', () => {
  const leader = Array<number>(40).fill(1);
  const opts = { maxEntriesPerMessage: 3, maxInflightMessages: 2 };
  const net = clusterWith(leader, [1], opts);
  let maxInflight = 0;
  let inflight = 0;
  net.dropIf((m) => {
    if (m.type === MessageType.App && m.to === 'n2' && m.entries.length > 0) {
      expect(m.entries.length).toBeLessThanOrEqual(3);
      inflight++;
      maxInflight = Math.max(maxInflight, inflight);
    }
    if (m.type === MessageType.AppResp && m.from === 'n2' && !m.reject) inflight = Math.max(0, inflight - 1);
    return false;
  });
  net.elect('n1');
  expect(storedTerms(net.node('n2'))).toEqual([...leader, 2]);
  expect(maxInflight).toBeLessThanOrEqual(3);
});

test('a duplicated or stale rejection does not move the leader back again', () => {
  const net = clusterWith([1, 1, 1, 1], [1]);
  const dupes: typeof net.delivered = [];
  net.dropIf((m) => {
    if (m.type === MessageType.AppResp && m.reject) dupes.push(m);
    return false;
  });
  net.elect('n1');
  expect(storedTerms(net.node('n2'))).toEqual([1, 1, 1, 1, 2]);
  const before = net.delivered.length;
  net.send(...dupes);
  net.stabilize();
  expect(net.delivered.length - before).toBe(dupes.length);
});
