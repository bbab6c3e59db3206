/** PreVote (thesis §9.6): a node first asks whether it could win, without touching any term. */
import { MessageType, NONE, Role } from '../../../src/raft/types';
import { drain, entsWithTerms, msg, newTestNode } from './support/harness';
import { ofType } from './support/inspect';
import { Network } from './support/network';

const THREE = ['n1', 'n2', 'n3'];

test('a pre-candidate asks for pre-votes at term+1 without changing its own term or vote', () => {
  const n = newTestNode('n1', { voters: THREE, hardState: { term: 4, vote: NONE, commit: 0 } }, { preVote: true });
  n.node.campaign();
  expect(n.node.status()).toMatchObject({ role: Role.PreCandidate, term: 4, vote: NONE });
  const rd = n.node.ready();
  expect(rd.hardState).toBeUndefined();
  expect(ofType(rd.messages, MessageType.PreVote).map((m) => [m.to, m.term])).toEqual([
    ['n2', 5],
    ['n3', 5],
  ]);
});

test('a pre-candidate that wins the pre-vote becomes candidate and runs a real election', () => {
  const net = new Network(THREE, { preVote: true });
  net.elect('n1');
  expect(net.raw('n1').status()).toMatchObject({ role: Role.Leader, term: 1 });
  expect(net.countDelivered(MessageType.PreVote)).toBe(2);
  expect(net.countDelivered(MessageType.Vote)).toBe(2);
});

test('a pre-candidate that loses the pre-vote returns to follower at the same term', () => {
  const n = newTestNode('n1', { voters: THREE, hardState: { term: 2, vote: NONE, commit: 0 } }, { preVote: true });
  n.node.campaign();
  drain(n);
  n.node.step(msg({ type: MessageType.PreVoteResp, from: 'n2', to: 'n1', term: 2, reject: true }));
  n.node.step(msg({ type: MessageType.PreVoteResp, from: 'n3', to: 'n1', term: 2, reject: true }));
  expect(n.node.status()).toMatchObject({ role: Role.Follower, term: 2 });
});

test('a pre-vote rejection carrying a higher term makes the pre-candidate a follower of that term', () => {
  const n = newTestNode('n1', { voters: THREE, hardState: { term: 2, vote: NONE, commit: 0 } }, { preVote: true });
  n.node.campaign();
  drain(n);
  n.node.step(msg({ type: MessageType.PreVoteResp, from: 'n2', to: 'n1', term: 7, reject: true }));
  expect(n.node.status()).toMatchObject({ role: Role.Follower, term: 7 });
});

test('a pre-candidate ignores late answers to a real election', () => {
  const n = newTestNode('n1', { voters: THREE }, { preVote: true });
  n.node.campaign();
  drain(n);
  n.node.step(msg({ type: MessageType.VoteResp, from: 'n2', to: 'n1', term: 0 + 1 }));
  n.node.step(msg({ type: MessageType.VoteResp, from: 'n3', to: 'n1', term: 1 }));
  expect(n.node.status().role).toBe(Role.Follower);
});

test('a voter grants a pre-vote for a future term even after voting in this one, and records nothing', () => {
  const n = newTestNode('n3', { voters: THREE, hardState: { term: 2, vote: 'n2', commit: 0 } }, { preVote: true });
  n.node.step(msg({ type: MessageType.PreVote, from: 'n1', to: 'n3', term: 3 }));
  const rd = n.node.ready();
  expect(rd.hardState).toBeUndefined();
  expect(rd.messages).toEqual([expect.objectContaining({ type: MessageType.PreVoteResp, term: 3, reject: false })]);
  expect(n.node.status()).toMatchObject({ term: 2, vote: 'n2' });
});

test('a voter rejects a pre-vote from a less up-to-date log and a stale-term pre-vote', () => {
  const n = newTestNode('n3', { voters: THREE, entries: entsWithTerms(1, 2), hardState: { term: 2, vote: NONE, commit: 0 } }, { preVote: true });
  n.node.step(msg({ type: MessageType.PreVote, from: 'n1', to: 'n3', term: 3, index: 5, logTerm: 1 }));
  n.node.step(msg({ type: MessageType.PreVote, from: 'n1', to: 'n3', term: 1, index: 5, logTerm: 2 }));
  expect(drain(n).map((m) => [m.type, m.term, m.reject])).toEqual([
    [MessageType.PreVoteResp, 2, true],
    [MessageType.PreVoteResp, 2, true],
  ]);
});

test('a partitioned node rejoining with PreVote does not disrupt the leader', () => {
  const net = new Network(THREE, { preVote: true, checkQuorum: true });
  net.elect('n1');
  net.propose('n1', 'a');
  net.isolate('n3');
  net.tickAll(100);
  // Without PreVote n3 would have driven its term up; with it, the term never moves.
  expect(net.raw('n3').status().term).toBe(1);
  expect([Role.Follower, Role.PreCandidate]).toContain(net.raw('n3').status().role);
  net.recover();
  net.tickAll(30);
  expect(net.leaders()).toEqual(['n1']);
  expect(net.raw('n1').status().term).toBe(1);
  expect(net.raw('n3').status()).toMatchObject({ term: 1, lead: 'n1', commit: 2 });
});

test('without PreVote a rejoining partitioned node with a higher term does force an election', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.isolate('n3');
  net.tickAll(50);
  expect(net.raw('n3').status().term).toBeGreaterThan(1);
  net.recover();
  net.tickAll(50);
  expect(net.raw('n1').status().term).toBeGreaterThan(1);
  expect(net.leaders()).toHaveLength(1);
});
