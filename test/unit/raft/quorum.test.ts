import fc from 'fast-check';
import { committedIndex, quorumSize, voteResult, VoteResult } from '../../../src/raft/quorum';

/** The dumb reference: the largest index that at least a majority has reached, by counting. */
function referenceCommittedIndex(acked: number[]): number {
  const q = Math.floor(acked.length / 2) + 1;
  let best = 0;
  for (const candidate of acked) {
    const holders = acked.filter((a) => a >= candidate).length;
    if (holders >= q && candidate > best) best = candidate;
  }
  return best;
}

test('committedIndex agrees with a counting reference on random configurations', () => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 9 }), (acked) => {
      const ids = acked.map((_, i) => `n${i}`);
      const byId = new Map(ids.map((id, i) => [id, acked[i] ?? 0]));
      expect(committedIndex(ids, (id) => byId.get(id))).toBe(referenceCommittedIndex(acked));
    }),
    { numRuns: 500 },
  );
});

test('committedIndex counts a voter with no acknowledgement as 0', () => {
  expect(committedIndex(['a', 'b', 'c'], (id) => (id === 'a' ? 5 : undefined))).toBe(0);
  expect(committedIndex(['a', 'b', 'c'], (id) => (id === 'c' ? undefined : 5))).toBe(5);
});

test('an empty configuration never limits commitment (for joint configurations)', () => {
  expect(committedIndex([], () => 0)).toBe(Number.POSITIVE_INFINITY);
  expect(voteResult([], new Map())).toBe(VoteResult.Won);
});

test('voteResult is Won at a majority of grants, Lost once a majority is out of reach, Pending otherwise', () => {
  const five = ['a', 'b', 'c', 'd', 'e'];
  const votes = (entries: [string, boolean][]) => new Map(entries);
  expect(voteResult(five, votes([['a', true], ['b', true]]))).toBe(VoteResult.Pending);
  expect(voteResult(five, votes([['a', true], ['b', true], ['c', true]]))).toBe(VoteResult.Won);
  expect(voteResult(five, votes([['a', false], ['b', false], ['c', false]]))).toBe(VoteResult.Lost);
  expect(voteResult(five, votes([['a', true], ['b', false], ['c', false], ['d', true]]))).toBe(VoteResult.Pending);
  // Votes from outside the configuration do not count.
  expect(voteResult(['a'], votes([['z', true]]))).toBe(VoteResult.Pending);
});

test('voteResult agrees with counting on random votes', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom<boolean | undefined>(true, false, undefined), { minLength: 1, maxLength: 9 }), (vs) => {
      const ids = vs.map((_, i) => `n${i}`);
      const m = new Map<string, boolean>();
      vs.forEach((v, i) => {
        if (v !== undefined) m.set(ids[i] ?? '', v);
      });
      const q = quorumSize(vs.length);
      const yes = vs.filter((v) => v === true).length;
      const missing = vs.filter((v) => v === undefined).length;
      const expected = yes >= q ? VoteResult.Won : yes + missing >= q ? VoteResult.Pending : VoteResult.Lost;
      expect(voteResult(ids, m)).toBe(expected);
    }),
  );
});
