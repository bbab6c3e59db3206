/**
 * DESIGN.md §2: a node's own copy counts toward the commit quorum only once
 * synced, every acknowledgement and vote waits for the sync, and nothing is
 * handed out for applying before it is durable locally.
 */
import { MessageType, Role, mayPrecedeSync, type Message } from '../../../src/raft/types';
import { drain, msg, newTestNode } from './support/harness';
import { Network } from './support/network';

const THREE = ['n1', 'n2', 'n3'];
const data = (s: string): Uint8Array => new TextEncoder().encode(s);

function leaderOf3(): Network {
  const net = new Network(THREE);
  net.elect('n1');
  return net;
}

test('a leader of three commits only after its own advance and one follower ack, in either order', () => {
  for (const ownSyncFirst of [true, false]) {
    const net = leaderOf3();
    const n1 = net.node('n1');
    const { index } = n1.node.propose(data('x'));
    const rd = n1.node.ready();
    expect(rd.entries.map((e) => e.index)).toEqual([index]);
    // Replication may leave before the leader's own sync (thesis §10.2.1).
    const apps = rd.messages.filter((m) => m.type === MessageType.App);
    expect(apps.every(mayPrecedeSync)).toBe(true);
    n1.storage.append(rd.entries);

    const ackFromN2 = (): void => {
      const n2 = net.node('n2');
      const app = apps.find((m) => m.to === 'n2');
      if (app === undefined) throw new Error('no MsgApp to n2');
      n2.node.step(app);
      const [resp] = drain(n2) as [Message];
      n1.node.step(resp);
    };
    if (ownSyncFirst) {
      n1.node.advance(rd);
      expect(n1.node.status().commit).toBe(index - 1);
      ackFromN2();
    } else {
      ackFromN2();
      // A majority of *followers* is not enough: n1's own copy is not durable yet.
      expect(n1.node.status().commit).toBe(index - 1);
      n1.node.advance(rd);
    }
    expect(n1.node.status().commit).toBe(index);
    const next = n1.node.ready();
    expect(next.committedEntries.map((e) => e.index)).toEqual([index]);
    // The new commit index goes out at once rather than waiting for a heartbeat.
    expect(next.messages.filter((m) => m.type === MessageType.App && m.commit === index).map((m) => m.to)).toEqual(['n2', 'n3']);
  }
});

test('a single-node cluster commits a proposal only after advance', () => {
  const n = newTestNode('n1', { voters: ['n1'] });
  n.node.campaign();
  drain(n);
  expect(n.node.status().role).toBe(Role.Leader);
  const { index } = n.node.propose(data('x'));
  const rd = n.node.ready();
  expect(rd.committedEntries).toEqual([]);
  expect(n.node.status().commit).toBe(index - 1);
  n.storage.append(rd.entries);
  n.node.advance(rd);
  expect(n.node.status().commit).toBe(index);
  expect(n.node.ready().committedEntries.map((e) => e.index)).toEqual([index]);
});

test('a single-node candidate becomes leader only once its vote for itself is durable', () => {
  const n = newTestNode('n1', { voters: ['n1'] });
  n.node.campaign();
  expect(n.node.status().role).toBe(Role.Candidate);
  const rd = n.node.ready();
  expect(rd.hardState).toEqual({ term: 1, vote: 'n1', commit: 0 });
  expect(rd.mustSync).toBe(true);
  n.storage.setHardState(rd.hardState ?? { term: 0, vote: '', commit: 0 });
  n.node.advance(rd);
  expect(n.node.status().role).toBe(Role.Leader);
});

test('a follower acknowledges only in messages that wait for its sync', () => {
  const n = newTestNode('n2', { voters: THREE });
  n.node.step(msg({ type: MessageType.App, from: 'n1', to: 'n2', term: 1, index: 0, logTerm: 0, entries: [{ index: 1, term: 1, type: 'Normal', data: data('a') }], commit: 0 }));
  const rd = n.node.ready();
  expect(rd.entries).toHaveLength(1);
  expect(rd.messages.map((m) => [m.type, mayPrecedeSync(m)])).toEqual([[MessageType.AppResp, false]]);
});

test('a follower that learns a commit index past its synced log applies those entries only after the sync', () => {
  const n = newTestNode('n2', { voters: THREE });
  n.node.step(
    msg({
      type: MessageType.App,
      from: 'n1',
      to: 'n2',
      term: 1,
      index: 0,
      logTerm: 0,
      entries: [
        { index: 1, term: 1, type: 'Normal', data: data('a') },
        { index: 2, term: 1, type: 'Normal', data: data('b') },
      ],
      commit: 2,
    }),
  );
  const rd = n.node.ready();
  expect(rd.hardState?.commit).toBe(2);
  expect(rd.committedEntries).toEqual([]);
  n.storage.append(rd.entries);
  n.storage.setHardState(rd.hardState ?? { term: 0, vote: '', commit: 0 });
  n.node.advance(rd);
  expect(n.node.hasReady()).toBe(true);
  expect(n.node.ready().committedEntries.map((e) => e.index)).toEqual([1, 2]);
});

test('entries proposed while a Ready is being persisted go out in the next Ready, never twice', () => {
  const net = leaderOf3();
  const n1 = net.node('n1');
  n1.node.propose(data('a'));
  const rd1 = n1.node.ready();
  n1.node.propose(data('b'));
  const rd2 = n1.node.ready();
  expect(rd1.entries.map((e) => e.index)).toEqual([2]);
  expect(rd2.entries.map((e) => e.index)).toEqual([3]);
  n1.storage.append(rd1.entries);
  n1.node.advance(rd1);
  n1.storage.append(rd2.entries);
  n1.node.advance(rd2);
  n1.node.assertInvariants();
  expect(n1.node.status().lastIndex).toBe(3);
});

test('entries replaced by a new leader while being persisted are not marked durable', () => {
  const n = newTestNode('n2', { voters: THREE });
  const e = (index: number, term: number, s: string) => ({ index, term, type: 'Normal' as const, data: data(s) });
  n.node.step(msg({ type: MessageType.App, from: 'n1', to: 'n2', term: 1, index: 0, logTerm: 0, entries: [e(1, 1, 'a'), e(2, 1, 'b')] }));
  const rd1 = n.node.ready();
  // Before rd1 is durable, a new leader replaces index 2.
  n.node.step(msg({ type: MessageType.App, from: 'n3', to: 'n2', term: 2, index: 1, logTerm: 1, entries: [e(2, 2, 'c')] }));
  n.storage.append(rd1.entries);
  n.node.advance(rd1);
  const rd2 = n.node.ready();
  expect(rd2.entries.map((x) => `${x.term}/${x.index}`)).toEqual(['2/2']);
  n.storage.append(rd2.entries);
  n.node.advance(rd2);
  n.node.assertInvariants();
});

test('a restarted node resumes from its durable state and keeps its vote', () => {
  const net = leaderOf3();
  net.propose('n1', 'a');
  const n2 = net.node('n2');
  n2.restart();
  expect(n2.node.status()).toMatchObject({ term: 1, vote: 'n1', commit: 2, applied: 2, lastIndex: 2 });
  n2.node.step(msg({ type: MessageType.Vote, from: 'n3', to: 'n2', term: 1, index: 5, logTerm: 1 }));
  expect(drain(n2).map((m) => m.reject)).toEqual([true]);
});
