/** Learners replicate the log but never vote, count toward a quorum, or campaign. */
import { MessageType, Role } from '../../../src/raft/types';
import { Network } from './support/network';

const THREE = ['n1', 'n2', 'n3'];

test('a learner receives and applies committed entries', () => {
  const net = new Network(THREE, {}, ['n4']);
  net.elect('n1');
  net.propose('n1', 'a');
  net.tickAll(1);
  expect(net.appliedTexts('n4')).toEqual(['a']);
});

test('a learner is not asked to vote and never campaigns', () => {
  const net = new Network(THREE, {}, ['n4']);
  net.elect('n1');
  expect(net.delivered.filter((m) => m.type === MessageType.Vote && m.to === 'n4')).toEqual([]);
  net.isolate('n1');
  for (let i = 0; i < 100; i++) net.tick('n4');
  net.raw('n4').campaign();
  net.stabilize();
  expect(net.raw('n4').status().role).toBe(Role.Follower);
});

test('a learner\'s copy does not count toward commitment', () => {
  const net = new Network(THREE, {}, ['n4', 'n5']);
  net.elect('n1');
  net.isolate('n2');
  net.isolate('n3');
  net.propose('n1', 'a');
  expect(net.raw('n1').status().commit).toBe(1);
  expect(net.raw('n4').status().lastIndex).toBe(2);
});

test('learners\' heartbeat answers do not confirm a read', () => {
  const net = new Network(THREE, {}, ['n4', 'n5']);
  net.elect('n1');
  net.isolate('n2');
  net.isolate('n3');
  net.raw('n1').readIndex(new Uint8Array([1]));
  net.stabilize();
  expect(net.node('n1').readStates).toEqual([]);
  expect(net.raw('n1').status().confState).toEqual({ voters: THREE, learners: ['n4', 'n5'] });
});
