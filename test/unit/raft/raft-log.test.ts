import { CompactedError, CorruptLogError, RaftInvariantError, UnavailableError } from '../../../src/raft/errors';
import { MemoryStorage } from '../../../src/raft/memory-storage';
import { RaftLog } from '../../../src/raft/raft-log';
import type { LogStorage } from '../../../src/raft/storage';
import { ent, entsWithTerms } from './support/harness';

const conf = { voters: ['n1'], learners: [] };

function logWith(stored: number[], unstable: number[] = []): RaftLog {
  const s = new MemoryStorage({ index: 0, term: 0, confState: conf });
  s.append(entsWithTerms(...stored));
  const l = new RaftLog(s);
  l.append(unstable.map((t, i) => ent(t, stored.length + 1 + i)));
  return l;
}

test('the log spans storage and the unstable tail', () => {
  const l = logWith([1, 1], [2, 3]);
  expect([l.firstIndex(), l.lastIndex(), l.lastTerm(), l.stableLastIndex()]).toEqual([1, 4, 3, 2]);
  expect(l.slice(1, 5).map((e) => e.term)).toEqual([1, 1, 2, 3]);
  expect(l.slice(2, 4).map((e) => e.term)).toEqual([1, 2]);
  expect(l.slice(3, 5).map((e) => e.term)).toEqual([2, 3]);
  expect(l.slice(1, 5, 3).map((e) => e.index)).toEqual([1, 2, 3]);
  expect(l.slice(1, 5, 1).map((e) => e.index)).toEqual([1]);
  expect(l.slice(3, 3)).toEqual([]);
  expect(l.entries(5)).toEqual([]);
  expect(() => l.slice(0, 2)).toThrow(CompactedError);
  expect(() => l.slice(1, 6)).toThrow(UnavailableError);
  expect(() => l.term(5)).toThrow(UnavailableError);
  expect(l.zeroTermOnOutOfBounds(5)).toBe(0);
});

test('a compacted prefix reads as compacted', () => {
  const s = new MemoryStorage({ index: 0, term: 0, confState: conf });
  s.append(entsWithTerms(1, 1, 2, 2));
  s.compact(2);
  const l = new RaftLog(s);
  expect([l.firstIndex(), l.committed, l.applied, l.term(2)]).toEqual([3, 2, 2, 1]);
  expect(() => l.term(1)).toThrow(CompactedError);
  expect(l.zeroTermOnOutOfBounds(1)).toBe(0);
  expect(l.matchTerm(1, 1)).toBe(false);
  expect(l.findConflictByTerm(4, 1)).toEqual({ index: 2, term: 1 });
  expect(l.findConflictByTerm(2, 0)).toEqual({ index: 1, term: 0 });
});

test('findConflictByTerm finds the last index at or below with a term no greater', () => {
  const l = logWith([1, 1, 2, 2, 5, 5]);
  expect(l.findConflictByTerm(6, 5)).toEqual({ index: 6, term: 5 });
  expect(l.findConflictByTerm(6, 4)).toEqual({ index: 4, term: 2 });
  expect(l.findConflictByTerm(6, 1)).toEqual({ index: 2, term: 1 });
  expect(l.findConflictByTerm(6, 0)).toEqual({ index: 0, term: 0 });
  expect(l.findConflictByTerm(9, 9)).toEqual({ index: 9, term: 0 });
});

test('isUpToDate compares last term first, then length', () => {
  const l = logWith([1, 2, 2]);
  expect(l.isUpToDate(1, 3)).toBe(true);
  expect(l.isUpToDate(3, 2)).toBe(true);
  expect(l.isUpToDate(2, 2)).toBe(false);
  expect(l.isUpToDate(9, 1)).toBe(false);
});

test('maybeAppend refuses on mismatch, skips duplicates, truncates conflicts and never commits past what it was sent', () => {
  const l = logWith([1, 1, 1]);
  expect(l.maybeAppend(3, 2, 3, [ent(2, 4)])).toBeUndefined();
  expect(l.maybeAppend(1, 1, 5, [ent(1, 2)])).toBe(2);
  expect(l.committed).toBe(2);
  expect(l.lastIndex()).toBe(3);
  expect(l.maybeAppend(2, 1, 2, [ent(3, 3), ent(3, 4)])).toBe(4);
  expect(l.slice(1, 5).map((e) => e.term)).toEqual([1, 1, 3, 3]);
  expect(() => l.maybeAppend(1, 1, 2, [ent(4, 2)])).toThrow(RaftInvariantError);
  expect(() => l.append([ent(9, 1)])).toThrow(RaftInvariantError);
  expect(l.append([])).toBe(4);
});

test('commit, applying and applied move forward only within bounds', () => {
  const l = logWith([1, 1, 1]);
  expect(() => l.commitTo(4)).toThrow(CorruptLogError);
  l.commitTo(2);
  l.commitTo(1);
  expect(l.committed).toBe(2);
  expect(l.maybeCommit(3, 2)).toBe(false);
  expect(l.maybeCommit(3, 1)).toBe(true);
  expect(l.nextCommittedEnts().map((e) => e.index)).toEqual([1, 2, 3]);
  l.acceptApplying(2);
  expect(l.nextCommittedEnts().map((e) => e.index)).toEqual([3]);
  expect(() => l.acceptApplying(4)).toThrow(RaftInvariantError);
  l.appliedTo(2);
  expect(() => l.appliedTo(1)).toThrow(RaftInvariantError);
  expect(() => l.appliedTo(4)).toThrow(RaftInvariantError);
});

test('committed entries still unstable are held back until they are durable', () => {
  const s = new MemoryStorage({ index: 0, term: 0, confState: conf });
  s.append(entsWithTerms(1));
  const l = new RaftLog(s);
  l.append([ent(1, 2), ent(1, 3)]);
  l.commitTo(3);
  expect(l.nextCommittedEnts().map((e) => e.index)).toEqual([1]);
  s.append(l.unstable.nextEntries());
  l.unstable.stableTo(3, 1);
  expect(l.nextCommittedEnts().map((e) => e.index)).toEqual([1, 2, 3]);
});

test('a pending snapshot holds back committed entries and becomes the log\'s start', () => {
  const l = logWith([1, 1]);
  l.restore({ index: 10, term: 3, confState: conf });
  expect([l.committed, l.firstIndex(), l.lastIndex(), l.hasNextCommittedEnts()]).toEqual([10, 11, 10, false]);
  expect(l.nextCommittedEnts()).toEqual([]);
  expect(l.snapshotMetadata().index).toBe(10);
});

test('unexpected storage errors propagate', () => {
  const broken: LogStorage = {
    ...new MemoryStorage(),
    initialState: () => ({ hardState: { term: 0, vote: '', commit: 0 }, confState: conf }),
    firstIndex: () => 1,
    lastIndex: () => 3,
    snapshotMetadata: () => ({ index: 0, term: 0, confState: conf }),
    entries: () => [],
    term: () => {
      throw new Error('disk on fire');
    },
  };
  const l = new RaftLog(broken);
  expect(() => l.zeroTermOnOutOfBounds(2)).toThrow('disk on fire');
  expect(() => l.matchTerm(2, 1)).toThrow('disk on fire');
  expect(() => l.findConflictByTerm(2, 1)).toThrow('disk on fire');
});
