/**
 * Late, stale, duplicated or odd messages from peers never throw and never
 * corrupt state: a real network delivers all of them.
 */
import { MemoryStorage } from '../../../src/raft/memory-storage';
import { Raft } from '../../../src/raft/raft';
import { RawNode } from '../../../src/raft/raw-node';
import type { LogStorage } from '../../../src/raft/storage';
import { MessageType, Role, type Message } from '../../../src/raft/types';
import { drain, ent, entsWithTerms, msg, newTestNode } from './support/harness';
import { Network, bootstrapStorage, makeConfig } from './support/network';

const THREE = ['n1', 'n2', 'n3'];
const ALL_NETWORK_TYPES = [
  MessageType.App,
  MessageType.AppResp,
  MessageType.Vote,
  MessageType.VoteResp,
  MessageType.PreVote,
  MessageType.PreVoteResp,
  MessageType.Heartbeat,
  MessageType.HeartbeatResp,
  MessageType.TimeoutNow,
  MessageType.ReadIndex,
  MessageType.ReadIndexResp,
  MessageType.Snap,
];

test.each([Role.Follower, Role.PreCandidate, Role.Candidate, Role.Leader])('a %s survives every message type at its own term', (role) => {
  for (const type of ALL_NETWORK_TYPES) {
    const net = new Network(THREE, { preVote: role === Role.PreCandidate });
    if (role === Role.Leader) net.elect('n1');
    else if (role !== Role.Follower) {
      net.raw('n1').campaign();
      drain(net.node('n1'));
    }
    const n1 = net.node('n1');
    const term = n1.node.status().term;
    const m: Message = msg({ type, from: 'n2', to: 'n1', term: Math.max(term, 1), index: 0, logTerm: 0 });
    expect(() => n1.node.step(m)).not.toThrow();
    drain(n1);
    n1.node.assertInvariants();
  }
});

test('a leader ignores messages from a node outside the configuration', () => {
  const net = new Network(THREE);
  net.elect('n1');
  const n1 = net.node('n1');
  n1.node.step(msg({ type: MessageType.AppResp, from: 'n9', to: 'n1', term: 1, index: 1 }));
  n1.node.step(msg({ type: MessageType.HeartbeatResp, from: 'n9', to: 'n1', term: 1 }));
  expect(drain(n1)).toEqual([]);
});

test('a leader ignores an acknowledgement beyond its log', () => {
  const net = new Network(THREE);
  net.elect('n1');
  const n1 = net.node('n1');
  n1.node.step(msg({ type: MessageType.AppResp, from: 'n2', to: 'n1', term: 1, index: 99 }));
  expect(n1.node.status().progress.get('n2')?.match).toBe(1);
  expect(n1.logger.messages('warn')).toContain('n1 ignored ack past its last index');
});

test('a candidate drops a read-index request forwarded by another node', () => {
  const n = newTestNode('n1', { voters: THREE });
  n.node.campaign();
  drain(n);
  n.node.step(msg({ type: MessageType.ReadIndex, from: 'n2', to: 'n1', term: 1, context: new Uint8Array([1]) }));
  expect(drain(n)).toEqual([]);
});

test('a follower drops a read-index request forwarded to it by mistake', () => {
  const net = new Network(THREE);
  net.elect('n1');
  const n2 = net.node('n2');
  n2.node.step(msg({ type: MessageType.ReadIndex, from: 'n3', to: 'n2', term: 1, context: new Uint8Array([1]) }));
  expect(drain(n2)).toEqual([]);
});

test('a single voter with PreVote wins the pre-vote by itself and becomes leader', () => {
  const n = newTestNode('n1', { voters: ['n1'] }, { preVote: true });
  n.node.campaign();
  drain(n);
  expect(n.node.status()).toMatchObject({ role: Role.Leader, term: 1 });
  n.node.campaign(); // already leader: nothing happens
  expect(n.node.status().term).toBe(1);
});

test('a leader does not start a snapshot for a follower it has not heard from lately', () => {
  const s = bootstrapStorage({ voters: THREE, learners: [] });
  s.append(entsWithTerms(1, 1, 1));
  s.compact(2);
  const r = new Raft(makeConfig('n1', s));
  r.becomeCandidate();
  r.becomeLeader();
  const pr = r.trk.progress.get('n2');
  if (pr === undefined) throw new Error('no progress');
  pr.onAppendSent(0);
  pr.onAppendRejected(pr.next - 1, 0);
  expect(pr.next).toBe(1);
  r.msgs = [];
  r.sendAppend('n2');
  expect(r.msgs).toEqual([]);
  pr.recentActive = true;
  r.sendAppend('n2');
  expect(r.msgs.map((m) => [m.type, m.snapshot?.index])).toEqual([[MessageType.Snap, 2]]);
});

test('a storage failure other than compaction propagates out of the core', () => {
  const s = bootstrapStorage({ voters: ['n1', 'n2'], learners: [] });
  s.append([ent(1, 1)]);
  let broken = false;
  const failing: LogStorage = {
    initialState: () => s.initialState(),
    firstIndex: () => s.firstIndex(),
    lastIndex: () => s.lastIndex(),
    snapshotMetadata: () => s.snapshotMetadata(),
    entries: (lo, hi, max) => s.entries(lo, hi, max),
    term: (i) => {
      if (broken) throw new Error('disk on fire');
      return s.term(i);
    },
  };
  const node = new RawNode(makeConfig('n1', failing as MemoryStorage));
  node.campaign();
  node.advance(node.ready());
  broken = true;
  expect(() => node.step(msg({ type: MessageType.VoteResp, from: 'n2', to: 'n1', term: 1 }))).toThrow('disk on fire');
});
