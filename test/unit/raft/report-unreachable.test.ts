import { MessageType } from '../../../src/raft/types';
import { Network } from './support/network';

/** Appends carrying entries n1 tries to send n3 while every message to or from n3 is lost. */
function appendsTriedWhileLost(reportUnreachable: boolean): { tried: number; net: Network } {
  const net = new Network(['n1', 'n2', 'n3'], { maxEntriesPerMessage: 1 });
  net.elect('n1');
  expect(net.raw('n1').status().progress.get('n3')?.state).toBe('Replicate');
  let tried = 0;
  net.dropIf((m) => {
    if (m.type === MessageType.App && m.to === 'n3' && m.entries.length > 0) tried++;
    return m.to === 'n3' || m.from === 'n3';
  });
  if (reportUnreachable) net.raw('n1').reportUnreachable('n3');
  for (let i = 0; i < 5; i++) net.propose('n1', `v${i}`);
  return { tried, net };
}

test('a leader told a follower is unreachable stops streaming to it and probes it instead, then streams again once it answers', () => {
  // Streaming: one append per proposal goes into the void.
  expect(appendsTriedWhileLost(false).tried).toBe(5);
  const { tried, net } = appendsTriedWhileLost(true);
  expect(net.raw('n1').status().progress.get('n3')?.state).toBe('Probe');
  // Probing: one append, then wait for an answer.
  expect(tried).toBe(1);
  net.recover();
  net.tickAll(3);
  expect(net.appliedTexts('n3')).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
  expect(net.raw('n1').status().progress.get('n3')?.state).toBe('Replicate');
});

test('reportUnreachable is ignored by a follower and for a peer already probing', () => {
  const net = new Network(['n1', 'n2', 'n3']);
  net.elect('n1');
  net.raw('n2').reportUnreachable('n3');
  expect(net.raw('n2').status().progress.size).toBe(0);
  net.raw('n1').reportUnreachable('n3');
  net.raw('n1').reportUnreachable('n3');
  expect(net.raw('n1').status().progress.get('n3')?.state).toBe('Probe');
});
