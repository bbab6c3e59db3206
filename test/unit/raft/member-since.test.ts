import { ConfChangeType } from '../../../src/raft/types';
import { Network } from './support/network';

test('memberSince names the entry that last added a member, the log base for the initial ones, and nothing for non-members', () => {
  const net = new Network(['n1', 'n2', 'n3']);
  net.elect('n1');
  const added = net.changeConf('n1', { type: ConfChangeType.AddLearner, nodeId: 'n4' });
  for (const id of ['n1', 'n2', 'n3']) expect(net.raw(id).memberSince('n4')).toBe(added.index);
  expect(net.raw('n2').memberSince('n1')).toBe(0);
  expect(net.raw('n2').memberSince('n9')).toBeUndefined();
  // A promotion keeps it a member: still the same addition.
  net.changeConf('n1', { type: ConfChangeType.PromoteLearner, nodeId: 'n4' });
  expect(net.raw('n1').memberSince('n4')).toBe(added.index);
  net.changeConf('n1', { type: ConfChangeType.RemoveNode, nodeId: 'n4' });
  expect(net.raw('n1').memberSince('n4')).toBeUndefined();
  const again = net.changeConf('n1', { type: ConfChangeType.AddLearner, nodeId: 'n4' });
  expect(again.index).toBeGreaterThan(added.index);
  expect(net.raw('n1').memberSince('n4')).toBe(again.index);
});
