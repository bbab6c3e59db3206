/** A follower behind the leader's compacted prefix catches up from a snapshot. */
import { MessageType, NONE } from '../../../src/raft/types';
import { drain, entsWithTerms, msg, newTestNode } from './support/harness';
import { storedTerms } from './support/inspect';
import { Network } from './support/network';

const THREE = ['n1', 'n2', 'n3'];
const conf = { voters: THREE, learners: [] };

function lagBehindCompaction(): Network {
  const net = new Network(THREE);
  net.elect('n1');
  net.isolate('n3');
  for (const x of ['a', 'b', 'c', 'd']) net.propose('n1', x);
  net.node('n1').storage.compact(4);
  net.recover();
  return net;
}

test('a follower behind the compacted prefix is sent a snapshot, installs it and then replicates', () => {
  const net = lagBehindCompaction();
  net.tickAll(2);
  expect(net.countDelivered(MessageType.Snap, 'n1', 'n3')).toBe(1);
  const n3 = net.node('n3');
  expect(n3.readies.some((rd) => rd.snapshot?.index === 4)).toBe(true);
  expect(n3.storage.firstIndex()).toBe(5);
  expect(net.raw('n3').status()).toMatchObject({ commit: 5, applied: 5, lastIndex: 5 });
  net.propose('n1', 'e');
  expect(net.raw('n3').status().applied).toBe(6);
});

test('a snapshot is not sent to a peer the leader has not heard from', () => {
  const net = lagBehindCompaction();
  net.drop(MessageType.HeartbeatResp);
  net.drop(MessageType.AppResp);
  net.elect('n1'); // no-op: already leader
  net.raw('n1').propose(new TextEncoder().encode('e'));
  net.stabilize();
  expect(net.countDelivered(MessageType.Snap)).toBe(0);
});

test('a lost snapshot is sent again after the follower answers a heartbeat', () => {
  const net = lagBehindCompaction();
  net.drop(MessageType.Snap);
  net.tickAll(2);
  net.recover();
  net.tickAll(2);
  expect(net.raw('n3').status().lastIndex).toBe(5);
});

test('a follower answers a snapshot it does not need with its commit index', () => {
  const n = newTestNode('n2', { voters: THREE, entries: entsWithTerms(1, 1, 1), hardState: { term: 1, vote: NONE, commit: 3 } });
  n.node.step(msg({ type: MessageType.Snap, from: 'n1', to: 'n2', term: 1, snapshot: { index: 2, term: 1, confState: conf } }));
  expect(drain(n)).toEqual([expect.objectContaining({ type: MessageType.AppResp, index: 3 })]);
});

test('a follower that already holds the snapshot\'s last entry just commits up to it', () => {
  const n = newTestNode('n2', { voters: THREE, entries: entsWithTerms(1, 1, 1, 1), hardState: { term: 1, vote: NONE, commit: 1 } });
  n.node.step(msg({ type: MessageType.Snap, from: 'n1', to: 'n2', term: 1, snapshot: { index: 3, term: 1, confState: conf } }));
  const out = drain(n);
  expect(out).toEqual([expect.objectContaining({ type: MessageType.AppResp, index: 3 })]);
  expect(storedTerms(n)).toEqual([1, 1, 1, 1]);
  expect(n.node.status().commit).toBe(3);
});

test('a follower ignores a snapshot whose configuration leaves it out, and a MsgSnap without one', () => {
  const n = newTestNode('n2', { voters: THREE });
  n.node.step(msg({ type: MessageType.Snap, from: 'n1', to: 'n2', term: 1, snapshot: { index: 9, term: 1, confState: { voters: ['n1'], learners: [] } } }));
  expect(drain(n)).toEqual([expect.objectContaining({ type: MessageType.AppResp, index: 0 })]);
  n.node.step(msg({ type: MessageType.Snap, from: 'n1', to: 'n2', term: 1 }));
  expect(drain(n)).toEqual([]);
  expect(n.node.status().lastIndex).toBe(0);
});

test('a candidate that receives a snapshot from the new leader becomes its follower and installs it', () => {
  const n = newTestNode('n2', { voters: THREE });
  n.node.campaign();
  drain(n);
  n.node.step(msg({ type: MessageType.Snap, from: 'n1', to: 'n2', term: 1, snapshot: { index: 9, term: 1, confState: conf } }));
  expect(n.node.status()).toMatchObject({ role: 'Follower', lead: 'n1' });
  const rd = n.node.ready();
  expect(rd.snapshot?.index).toBe(9);
  expect(rd.mustSync).toBe(true);
  // With a snapshot pending the node does not campaign.
  n.node.campaign();
  expect(n.node.status().role).toBe('Follower');
});
