import { RaftInvariantError } from '../../../src/raft/errors';
import { LogUnstable } from '../../../src/raft/log-unstable';
import { ent } from './support/harness';

const snap = (index: number, term: number) => ({ index, term, confState: { voters: ['n1'], learners: [] } });

test('an empty unstable log knows nothing', () => {
  const u = new LogUnstable(5);
  expect([u.maybeFirstIndex(), u.maybeLastIndex(), u.maybeTerm(4), u.maybeTerm(5)]).toEqual([undefined, undefined, undefined, undefined]);
});

test('entries hand out once, and stableTo forgets them only if the term still matches', () => {
  const u = new LogUnstable(1);
  u.truncateAndAppend([ent(1, 1), ent(1, 2)]);
  expect(u.nextEntries().map((e) => e.index)).toEqual([1, 2]);
  u.acceptInProgress();
  expect(u.nextEntries()).toEqual([]);
  u.truncateAndAppend([ent(1, 3)]);
  expect(u.nextEntries().map((e) => e.index)).toEqual([3]);
  u.stableTo(2, 9); // wrong term: ignored
  u.stableTo(0, 0); // below offset: ignored
  expect(u.offset).toBe(1);
  u.stableTo(2, 1);
  expect([u.offset, u.offsetInProgress, u.entries.length]).toEqual([3, 3, 1]);
  expect(u.maybeLastIndex()).toBe(3);
});

test('truncateAndAppend replaces a suffix, or everything from before the offset', () => {
  const u = new LogUnstable(5);
  u.truncateAndAppend([ent(1, 5), ent(1, 6), ent(1, 7)]);
  u.acceptInProgress();
  u.truncateAndAppend([ent(2, 6)]);
  expect(u.entries.map((e) => `${e.term}/${e.index}`)).toEqual(['1/5', '2/6']);
  expect(u.offsetInProgress).toBe(6);
  u.truncateAndAppend([ent(3, 4)]);
  expect([u.offset, u.offsetInProgress, u.entries.length]).toEqual([4, 4, 1]);
  u.truncateAndAppend([]);
  expect(u.entries.length).toBe(1);
});

test('a snapshot sets where the log restarts and is handed out once', () => {
  const u = new LogUnstable(3);
  u.truncateAndAppend([ent(1, 3)]);
  u.restore(snap(10, 4));
  expect([u.maybeFirstIndex(), u.maybeLastIndex(), u.maybeTerm(10), u.maybeTerm(9)]).toEqual([11, 10, 4, undefined]);
  expect(u.nextSnapshot()).toEqual(snap(10, 4));
  u.acceptInProgress();
  expect(u.nextSnapshot()).toBeUndefined();
  u.stableSnapTo(9);
  expect(u.snapshot).toBeDefined();
  u.stableSnapTo(10);
  expect(u.snapshot).toBeUndefined();
});

test('slice outside the unstable range is a bug', () => {
  const u = new LogUnstable(3);
  u.truncateAndAppend([ent(1, 3), ent(1, 4)]);
  expect(u.slice(3, 5).map((e) => e.index)).toEqual([3, 4]);
  expect(() => u.slice(2, 4)).toThrow(RaftInvariantError);
  expect(() => u.slice(3, 6)).toThrow(RaftInvariantError);
  expect(() => u.slice(4, 3)).toThrow(RaftInvariantError);
});
