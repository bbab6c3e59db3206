/**
 * Every queue the core fills is bounded in bytes, after etcd's
 * MaxSizePerMsg, MaxInflightBytes, MaxUncommittedEntriesSize and
 * MaxCommittedSizePerReady; an entry larger than a bound still goes, alone.
 * Each test hits one bound, then shows the cluster recovers.
 */
import { UncommittedLimitError } from '../../../src/raft/errors';
import { entriesBytes } from '../../../src/raft/entry-size';
import { MessageType, type Message } from '../../../src/raft/types';
import { Network } from './support/network';
import type { RaftByteLimits } from '../../../src/raft/config';
import { parseConfig } from '../../../src/config';
import { raftLimits } from '../../../src/server/raft-limits';

const THREE = ['n1', 'n2', 'n3'];
const bytes = (n: number, fill = 1): Uint8Array => new Uint8Array(n).fill(fill);
/** MsgApps delivered to `to` that carry payload (the leader's empty no-op aside). */
const appsTo = (net: Network, to: string): Message[] => net.delivered.filter((m) => m.type === MessageType.App && m.to === to && entriesBytes(m.entries) > 0);

test('an AppendEntries carries at most maxAppendBytes, a larger entry goes alone, and a lagging follower catches up', () => {
  const net = new Network(THREE, { limits: { maxAppendBytes: 1000 } });
  net.elect('n1');
  net.isolate('n3');
  for (let i = 0; i < 10; i++) net.raw('n1').propose(bytes(400));
  net.raw('n1').propose(bytes(2500));
  net.stabilize();
  net.recover();
  net.tickAll(3);
  const catchUp = appsTo(net, 'n3');
  expect(catchUp.length).toBeGreaterThan(1);
  for (const m of catchUp) {
    if (m.entries.length > 1) expect(entriesBytes(m.entries)).toBeLessThanOrEqual(1000);
  }
  expect(catchUp.some((m) => m.entries.length === 1 && entriesBytes(m.entries) === 2500)).toBe(true);
  expect(net.node('n3').storage.lastIndex()).toBe(net.node('n1').storage.lastIndex());
  expect(net.raw('n3').status().commit).toBe(net.raw('n1').status().commit);
  expect(net.raw('n1').status().boundHits.appendBytes).toBeGreaterThan(0);
});

test('a follower has at most maxInflightBytes unacknowledged (one message may pass it), and resumes once it acknowledges', () => {
  const net = new Network(THREE, { maxEntriesPerMessage: 1, limits: { maxInflightBytes: 1000 } });
  net.elect('n1');
  net.dropIf((m) => m.type === MessageType.AppResp && m.from === 'n3');
  for (let i = 0; i < 10; i++) net.propose('n1', 'x'.repeat(400));
  // 400 + 400 + 400 crosses 1000 with the third message: the window shuts.
  expect(appsTo(net, 'n3')).toHaveLength(3);
  const leader = net.raw('n1').status();
  expect(leader.progress.get('n3')?.inflightBytes).toBe(1200);
  expect(leader.boundHits.inflightBytes).toBeGreaterThan(0);
  // n2 is not held back by n3's window.
  expect(net.appliedTexts('n2')).toHaveLength(10);
  net.recover();
  net.tickAll(5);
  expect(net.appliedTexts('n3')).toHaveLength(10);
  expect(net.raw('n1').status().progress.get('n3')?.inflightBytes).toBe(0);
});

test('a leader refuses a proposal past maxUncommittedBytes, appending nothing, and takes proposals again once entries commit', () => {
  const net = new Network(THREE, { limits: { maxUncommittedBytes: 1000 } });
  net.elect('n1');
  net.isolate('n1');
  const n1 = net.raw('n1');
  n1.propose(bytes(400));
  n1.propose(bytes(400));
  const lastIndex = n1.status().lastIndex;
  expect(() => n1.propose(bytes(400))).toThrow(UncommittedLimitError);
  expect(() => n1.propose(bytes(400))).toThrow('the leader holds 800 uncommitted bytes, limit 1000');
  expect(n1.status()).toMatchObject({ lastIndex, uncommittedBytes: 800 });
  expect(n1.status().boundHits.uncommittedBytes).toBe(2);
  // Empty entries cost nothing, so they are never refused.
  n1.propose(new Uint8Array(0));
  net.stabilize();
  net.recover();
  net.tickAll(3);
  expect(n1.status().uncommittedBytes).toBe(0);
  n1.propose(bytes(400));
  net.stabilize();
  expect(net.appliedTexts('n2')).toHaveLength(3);
});

test('a proposal larger than maxUncommittedBytes goes when nothing else is uncommitted', () => {
  const net = new Network(THREE, { limits: { maxUncommittedBytes: 1000 } });
  net.elect('n1');
  net.propose('n1', 'x'.repeat(5000));
  expect(net.appliedTexts('n3')).toEqual(['x'.repeat(5000)]);
  expect(net.raw('n1').status().uncommittedBytes).toBe(0);
});

test('a Ready hands out at most maxCommittedBytesPerReady of committed entries, and the rest in the following Readies', () => {
  const net = new Network(THREE, { limits: { maxCommittedBytesPerReady: 1000 } });
  net.elect('n1');
  net.isolate('n3');
  for (let i = 0; i < 6; i++) net.raw('n1').propose(bytes(400, i + 1));
  net.stabilize();
  net.recover();
  const before = net.node('n3').readies.length;
  net.tickAll(3);
  const readies = net.node('n3').readies.slice(before).filter((rd) => rd.committedEntries.length > 0);
  for (const rd of readies) {
    if (rd.committedEntries.length > 1) expect(entriesBytes(rd.committedEntries)).toBeLessThanOrEqual(1000);
  }
  expect(readies.length).toBeGreaterThanOrEqual(3);
  expect(net.node('n3').applied.filter((e) => e.data.length > 0)).toHaveLength(6);
  expect(net.raw('n3').status().boundHits.committedBytesPerReady).toBeGreaterThan(0);
});

/**
 * Issue #10's failure: 64 entries of up to 1.5 MiB made a catch-up message of
 * ~96 MiB, which the peer client's 64 MiB send queue drops every time. The
 * link here drops any message above 64 MiB the same way.
 */
function lagBehindA64MiBQueue(limits: RaftByteLimits | undefined): Network {
  const QUEUE_CAP = 64 * 1024 * 1024;
  const net = new Network(THREE, { maxEntriesPerMessage: 64, ...(limits === undefined ? {} : { limits }) });
  net.elect('n1');
  net.isolate('n3');
  // One shared 1.5 MiB buffer: the entries cost no extra memory here.
  const big = bytes(1_572_864);
  // n1 and n2 commit each write before the next, as a steady writer would.
  for (let i = 0; i < 80; i++) {
    net.raw('n1').propose(big);
    net.stabilize();
  }
  net.recover();
  net.dropIf((m) => entriesBytes(m.entries) > QUEUE_CAP);
  net.tickAll(10);
  return net;
}

test('a follower lagging by 80 writes of 1.5 MiB never catches up through a 64 MiB queue without byte bounds, and does with the default ones', () => {
  expect(lagBehindA64MiBQueue(undefined).node('n3').storage.lastIndex()).toBe(1);
  const config = parseConfig(['--id', 'n1', '--peers', 'n1=h:1']);
  const net = lagBehindA64MiBQueue(raftLimits(config));
  expect(net.node('n3').storage.lastIndex()).toBe(net.node('n1').storage.lastIndex());
  expect(net.raw('n3').status().commit).toBe(81);
});
