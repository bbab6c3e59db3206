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

test('a follower installs a snapshot whose configuration predates its own addition, and ignores a MsgSnap without one', () => {
  const n = newTestNode('n4', { voters: THREE, learners: ['n4'] });
  n.node.step(msg({ type: MessageType.Snap, from: 'n1', to: 'n4', term: 1, snapshot: { index: 9, term: 1, confState: conf } }));
  const rd = n.node.ready();
  expect(rd.snapshot?.index).toBe(9);
  expect(rd.messages).toEqual([expect.objectContaining({ type: MessageType.AppResp, index: 9 })]);
  expect(n.node.status().confState).toEqual(conf);
  const m = newTestNode('n2', { voters: THREE });
  m.node.step(msg({ type: MessageType.Snap, from: 'n1', to: 'n2', term: 1 }));
  expect(drain(m)).toEqual([]);
  expect(m.node.status().lastIndex).toBe(0);
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

describe('the driver reports how streaming a snapshot went (reportSnapshot)', () => {
  function snapshotInFlight(): Network {
    const net = lagBehindCompaction();
    net.drop(MessageType.Snap); // the driver streams it instead; the core only learns the outcome
    net.tickAll(2);
    expect(net.raw('n1').status().progress.get('n3')).toMatchObject({ state: 'Snapshot' });
    return net;
  }

  it('after a finished snapshot the follower is probed from just past it', () => {
    const net = snapshotInFlight();
    net.raw('n1').reportSnapshot('n3', 'finish');
    expect(net.raw('n1').status().progress.get('n3')).toMatchObject({ state: 'Probe', next: 5 });
  });

  it('after a failed snapshot the follower is probed again, and sent the snapshot again once it answers', () => {
    const net = snapshotInFlight();
    const sent = net.countDelivered(MessageType.Heartbeat, 'n1', 'n3');
    net.raw('n1').reportSnapshot('n3', 'failure');
    expect(net.raw('n1').status().progress.get('n3')).toMatchObject({ state: 'Probe' });
    net.recover();
    net.tickAll(2);
    expect(net.countDelivered(MessageType.Heartbeat, 'n1', 'n3')).toBeGreaterThan(sent);
    expect(net.countDelivered(MessageType.Snap, 'n1', 'n3')).toBe(1);
    expect(net.raw('n3').status().lastIndex).toBe(5);
  });

  it('a report for a peer not waiting on a snapshot, or on a follower, changes nothing', () => {
    const net = lagBehindCompaction();
    net.raw('n1').reportSnapshot('n2', 'failure');
    expect(net.raw('n1').status().progress.get('n2')).toMatchObject({ state: 'Replicate' });
    net.raw('n2').reportSnapshot('n3', 'finish');
    expect(net.raw('n2').status().progress.size).toBe(0);
  });
});
