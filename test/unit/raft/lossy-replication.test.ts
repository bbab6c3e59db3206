/** Replication recovers from lost, duplicated and reordered messages without any help from the driver. */
import { MessageType } from '../../../src/raft/types';
import { storedTerms } from './support/inspect';
import { Network } from './support/network';

const THREE = ['n1', 'n2', 'n3'];

test('a follower whose appends were all lost while the window was full catches up after heartbeats', () => {
  const net = new Network(THREE, { maxInflightMessages: 2, maxEntriesPerMessage: 1 });
  net.elect('n1');
  net.dropIf((m) => m.type === MessageType.App && m.to === 'n3');
  for (const x of ['a', 'b', 'c', 'd', 'e']) net.propose('n1', x);
  expect(net.raw('n3').status().lastIndex).toBe(1);
  net.recover();
  net.tickAll(10);
  expect(storedTerms(net.node('n3'))).toEqual([1, 1, 1, 1, 1, 1]);
  expect(net.appliedTexts('n3')).toEqual(['a', 'b', 'c', 'd', 'e']);
});

test('a single lost append with nothing proposed after it is repaired by the next heartbeat', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.dropIf((m) => m.type === MessageType.App && m.to === 'n3');
  net.propose('n1', 'a');
  net.recover();
  net.tickAll(2);
  expect(net.appliedTexts('n3')).toEqual(['a']);
});

test('duplicated and reordered appends and acknowledgements leave every log identical', () => {
  const net = new Network(THREE, { maxEntriesPerMessage: 2 });
  net.elect('n1');
  const replay: (typeof net.delivered)[number][] = [];
  for (let i = 0; i < 10; i++) {
    net.raw('n1').propose(new TextEncoder().encode(`v${i}`));
    net.stabilize();
    replay.push(...net.delivered.slice(-6));
  }
  net.send(...replay.reverse());
  net.stabilize();
  net.tickAll(3);
  const logs = THREE.map((id) => storedTerms(net.node(id)).length);
  expect(new Set(logs).size).toBe(1);
  for (const id of THREE) expect(net.appliedTexts(id)).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`));
});
