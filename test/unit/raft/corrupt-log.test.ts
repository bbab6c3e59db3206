/**
 * Where etcd panics, the core throws a typed error rather than go on with a
 * log that lost what it acknowledged: the driver stops the node on it. A
 * malformed message from a peer is a different error, which the driver drops.
 */
import { CorruptLogError, MalformedMessageError } from '../../../src/raft/errors';
import { MemoryStorage } from '../../../src/raft/memory-storage';
import { RawNode } from '../../../src/raft/raw-node';
import { UnavailableError } from '../../../src/raft/errors';
import { MessageType, type Entry } from '../../../src/raft/types';
import { drain, ent, entsWithTerms, msg, newTestNode } from './support/harness';
import { makeConfig } from './support/network';
import type { LogStorage } from '../../../src/raft/storage';

const THREE = ['n1', 'n2', 'n3'];

test('a follower told to commit past its log throws CorruptLogError: it lost entries it acknowledged', () => {
  // The leader never sends a commit index above what the follower acknowledged (sendHeartbeat).
  const n = newTestNode('n2', { voters: THREE, entries: entsWithTerms(1, 1), hardState: { term: 1, vote: '', commit: 0 } });
  const heartbeat = msg({ type: MessageType.Heartbeat, from: 'n1', to: 'n2', term: 1, commit: 7 });
  expect(() => n.node.step(heartbeat)).toThrow(CorruptLogError);
  expect(() => n.node.step(heartbeat)).toThrow('heartbeat from n1 commits 7, past last index 2');
  expect(n.node.status().commit).toBe(0);
});

test('a committed entry missing from the log throws CorruptLogError instead of being skipped', () => {
  const disk = MemoryStorage.fromPersisted({ snapshot: { index: 0, term: 0, confState: { voters: THREE, learners: [] } }, hardState: { term: 1, vote: '', commit: 3 }, entries: entsWithTerms(1, 1, 1) });
  // A disk that, once the node is up, still reports entry 2 but cannot produce it.
  let lost = false;
  const lossy: LogStorage = {
    initialState: () => disk.initialState(),
    entries(lo: number, hi: number, maxCount?: number): Entry[] {
      if (lost && lo <= 2 && hi > 2) throw new UnavailableError(2);
      return disk.entries(lo, hi, maxCount);
    },
    term: (i) => disk.term(i),
    firstIndex: () => disk.firstIndex(),
    lastIndex: () => disk.lastIndex(),
    snapshotMetadata: () => disk.snapshotMetadata(),
  };
  const node = new RawNode({ ...makeConfig('n1', disk), storage: lossy });
  lost = true;
  expect(() => node.ready()).toThrow(CorruptLogError);
  expect(() => node.ready()).toThrow(/committed entries \[1, 4\) are missing/);
});

test('a malformed peer message is a MalformedMessageError and changes nothing', () => {
  const n = newTestNode('n2', { voters: THREE, entries: entsWithTerms(1), hardState: { term: 1, vote: '', commit: 1 } });
  drain(n);
  const before = n.node.status();
  const cases = [
    msg({ type: MessageType.Prop, from: 'n1', to: 'n2', term: 1 }),
    msg({ type: MessageType.App, from: 'n1', to: 'n2', term: 0 }),
    msg({ type: MessageType.App, from: 'n1', to: 'n3', term: 1 }),
    msg({ type: MessageType.App, from: 'n1', to: 'n2', term: 1, index: 1, logTerm: 1, entries: [ent(1, 3)] }),
    msg({ type: MessageType.App, from: 'n1', to: 'n2', term: 1, index: 1, logTerm: 1, entries: [ent(2, 2)] }),
  ];
  for (const m of cases) expect(() => n.node.step(m)).toThrow(MalformedMessageError);
  expect(n.node.status()).toEqual(before);
  expect(n.node.hasReady()).toBe(false);
});
