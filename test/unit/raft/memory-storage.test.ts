import { CompactedError, RaftInvariantError, SnapshotOutOfDateError, UnavailableError } from '../../../src/raft/errors';
import { MemoryStorage } from '../../../src/raft/memory-storage';
import { ent, entsWithTerms } from './support/harness';

const conf = { voters: ['n1', 'n2', 'n3'], learners: [] };

function storageWith(terms: number[]): MemoryStorage {
  const s = new MemoryStorage({ index: 0, term: 0, confState: conf });
  s.append(entsWithTerms(...terms));
  return s;
}

test('a fresh storage starts from its bootstrap snapshot at index 0 with the initial configuration', () => {
  const s = new MemoryStorage({ index: 0, term: 0, confState: conf });
  expect(s.firstIndex()).toBe(1);
  expect(s.lastIndex()).toBe(0);
  expect(s.term(0)).toBe(0);
  expect(s.initialState()).toEqual({ hardState: { term: 0, vote: '', commit: 0 }, confState: conf });
  expect(new MemoryStorage().initialState().confState).toEqual({ voters: [], learners: [] });
});

test('entries returns [lo, hi) limited to maxCount but never fewer than one', () => {
  const s = storageWith([1, 1, 2, 3]);
  expect(s.entries(2, 5).map((e) => e.index)).toEqual([2, 3, 4]);
  expect(s.entries(1, 5, 2).map((e) => e.index)).toEqual([1, 2]);
  expect(s.entries(1, 5, 0).map((e) => e.index)).toEqual([1]);
  expect(s.entries(3, 3)).toEqual([]);
  expect(() => s.entries(1, 6)).toThrow(UnavailableError);
});

test('append replaces a conflicting suffix and rejects a gap', () => {
  const s = storageWith([1, 1, 1]);
  s.append([ent(2, 2), ent(2, 3), ent(2, 4)]);
  expect(s.entries(1, 5).map((e) => e.term)).toEqual([1, 2, 2, 2]);
  s.append([]);
  expect(() => s.append([ent(2, 9)])).toThrow(RaftInvariantError);
});

test('compact drops the prefix, remembering the term at the compaction point', () => {
  const s = storageWith([1, 1, 2, 3]);
  s.compact(2);
  expect(s.firstIndex()).toBe(3);
  expect(s.snapshotMetadata()).toEqual({ index: 2, term: 1, confState: conf });
  expect(s.term(2)).toBe(1);
  expect(() => s.term(1)).toThrow(CompactedError);
  expect(() => s.term(5)).toThrow(UnavailableError);
  expect(() => s.entries(2, 4)).toThrow(CompactedError);
  expect(() => s.compact(2)).toThrow(CompactedError);
  expect(() => s.compact(9)).toThrow(UnavailableError);
  // Appending entries that are partly compacted keeps only the new part.
  s.append([ent(1, 2), ent(2, 3), ent(4, 4)]);
  expect(s.entries(3, 5).map((e) => e.term)).toEqual([2, 4]);
  s.append([ent(1, 1)]);
  expect(s.lastIndex()).toBe(4);
  s.compact(4, { voters: ['n1'], learners: [] });
  expect(s.snapshotMetadata().confState.voters).toEqual(['n1']);
});

test('applySnapshot replaces the log and refuses an older snapshot', () => {
  const s = storageWith([1, 1, 2]);
  s.applySnapshot({ index: 10, term: 4, confState: conf });
  expect([s.firstIndex(), s.lastIndex(), s.term(10)]).toEqual([11, 10, 4]);
  expect(() => s.applySnapshot({ index: 5, term: 3, confState: conf })).toThrow(SnapshotOutOfDateError);
});

test('fromPersisted rebuilds snapshot, hard state and entries', () => {
  const s = MemoryStorage.fromPersisted({
    snapshot: { index: 5, term: 2, confState: conf },
    hardState: { term: 3, vote: 'n2', commit: 6 },
    entries: [ent(2, 6), ent(3, 7)],
  });
  expect(s.initialState().hardState).toEqual({ term: 3, vote: 'n2', commit: 6 });
  expect(s.hardState()).toEqual({ term: 3, vote: 'n2', commit: 6 });
  expect([s.firstIndex(), s.lastIndex(), s.term(7)]).toEqual([6, 7, 3]);
});

test('errors carry stable codes and the index', () => {
  const e = new CompactedError(3);
  expect([e.name, e.code, e.index]).toEqual(['CompactedError', 'RAFTKV_ERR_COMPACTED', 3]);
  expect(new UnavailableError(4).code).toBe('RAFTKV_ERR_UNAVAILABLE');
  expect(new SnapshotOutOfDateError(1, 2).message).toContain('older');
});
