/** Leadership transfer (thesis §3.10). */
import { ProposalDroppedError } from '../../../src/raft/errors';
import { MessageType, Role } from '../../../src/raft/types';
import { Network } from './support/network';

const THREE = ['n1', 'n2', 'n3'];
const data = (s: string): Uint8Array => new TextEncoder().encode(s);

test('a leader hands leadership to an up-to-date follower', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.propose('n1', 'a');
  net.raw('n1').transferLeadership('n2');
  net.stabilize();
  expect(net.leaders()).toEqual(['n2']);
  expect(net.raw('n2').status().term).toBe(2);
  expect(net.countDelivered(MessageType.TimeoutNow, 'n1', 'n2')).toBe(1);
  net.propose('n2', 'b');
  expect(net.appliedTexts('n1')).toEqual(['a', 'b']);
});

test('a leader first catches a lagging transferee up, then hands over', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.isolate('n3');
  net.propose('n1', 'a');
  net.propose('n1', 'b');
  net.recover();
  net.raw('n1').transferLeadership('n3');
  net.stabilize();
  expect(net.leaders()).toEqual(['n3']);
  expect(net.raw('n3').status().lastIndex).toBe(4);
});

test('the transferee campaigns without pre-vote and its vote overrides the leader lease', () => {
  const net = new Network(THREE, { preVote: true, checkQuorum: true });
  net.elect('n1');
  net.raw('n1').transferLeadership('n2');
  net.stabilize();
  expect(net.leaders()).toEqual(['n2']);
  const votes = net.delivered.filter((m) => m.from === 'n2' && (m.type === MessageType.Vote || m.type === MessageType.PreVote));
  expect(votes.map((m) => m.type)).toEqual([MessageType.Vote, MessageType.Vote]);
});

test('a leader refuses proposals while a transfer is in progress', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.isolate('n2');
  net.raw('n1').transferLeadership('n2');
  net.stabilize();
  expect(() => net.raw('n1').propose(data('x'))).toThrow(ProposalDroppedError);
  try {
    net.raw('n1').propose(data('x'));
  } catch (e) {
    expect(e).toBeInstanceOf(ProposalDroppedError);
    expect((e as ProposalDroppedError).leader).toBe('n1');
  }
});

test('a transfer that does not complete within an election timeout is aborted', () => {
  const net = new Network(THREE, { electionTick: 10 });
  net.elect('n1');
  net.isolate('n2');
  net.raw('n1').transferLeadership('n2');
  net.stabilize();
  net.tickAll(10);
  expect(net.leaders()).toEqual(['n1']);
  expect(() => net.raw('n1').propose(data('x'))).not.toThrow();
  expect(net.node('n1').logger.messages().some((l) => l.includes('aborted leadership transfer'))).toBe(true);
});

test('a second transfer to another node replaces the first; repeating the same one is a no-op', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.isolate('n2');
  net.raw('n1').transferLeadership('n2');
  net.raw('n1').transferLeadership('n2');
  net.stabilize();
  net.recover();
  net.isolate('n2');
  net.raw('n1').transferLeadership('n3');
  net.stabilize();
  expect(net.leaders()).toEqual(['n3']);
});

test('transfers to itself, to a learner, to an unknown node, or asked of a follower are ignored', () => {
  const net = new Network(THREE, {}, ['n4']);
  net.elect('n1');
  for (const target of ['n1', 'n4', 'n9']) {
    net.raw('n1').transferLeadership(target);
    net.stabilize();
    expect(net.leaders()).toEqual(['n1']);
    expect(() => net.raw('n1').propose(data('x'))).not.toThrow();
  }
  net.raw('n2').transferLeadership('n3');
  net.stabilize();
  expect(net.leaders()).toEqual(['n1']);
  expect(net.raw('n3').status().role).toBe(Role.Follower);
});
