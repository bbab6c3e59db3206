import { judgeHashes } from '../../../src/server/corruption-verdict';

const members = (voters: string[], learners: string[] = []) => ({ voters, learners });
const reports = (o: Record<string, string>) => new Map(Object.entries(o));

describe('judging the members\' digests of one check point', () => {
  test('every member agreeing: the cluster\'s state, nobody divergent', () => {
    expect(judgeHashes(members(['n1', 'n2', 'n3']), reports({ n1: 'a', n2: 'a', n3: 'a' }))).toEqual({ kind: 'decided', hash: 'a', divergent: [] });
  });

  test('one member of three differing is divergent, once the other two agree (even before its own report is needed)', () => {
    expect(judgeHashes(members(['n1', 'n2', 'n3']), reports({ n1: 'a', n3: 'b' }))).toEqual({ kind: 'undecided', split: false });
    expect(judgeHashes(members(['n1', 'n2', 'n3']), reports({ n1: 'a', n3: 'b', n2: 'a' }))).toEqual({ kind: 'decided', hash: 'a', divergent: ['n3'] });
    // The majority is known before the odd one reports; it is judged when it does.
    expect(judgeHashes(members(['n1', 'n2', 'n3']), reports({ n1: 'a', n2: 'a' }))).toEqual({ kind: 'decided', hash: 'a', divergent: [] });
  });

  test('the leader is no authority: a divergent leader is judged like any member', () => {
    expect(judgeHashes(members(['n1', 'n2', 'n3', 'n4', 'n5']), reports({ n1: 'x', n2: 'a', n3: 'a', n4: 'a' }))).toEqual({ kind: 'decided', hash: 'a', divergent: ['n1'] });
  });

  test('no digest held by a majority of voters: undecided, and a split when the missing reports cannot make one', () => {
    expect(judgeHashes(members(['n1', 'n2', 'n3']), reports({ n1: 'a', n2: 'b', n3: 'c' }))).toEqual({ kind: 'undecided', split: true });
    expect(judgeHashes(members(['n1', 'n2', 'n3', 'n4']), reports({ n1: 'a', n2: 'a', n3: 'b' }))).toEqual({ kind: 'undecided', split: false });
    expect(judgeHashes(members(['n1', 'n2', 'n3', 'n4']), reports({ n1: 'a', n2: 'a', n3: 'b', n4: 'b' }))).toEqual({ kind: 'undecided', split: true });
  });

  test('learners are judged against the voters\' majority but do not make it', () => {
    expect(judgeHashes(members(['n1', 'n2', 'n3'], ['n4']), reports({ n1: 'a', n2: 'a', n4: 'b' }))).toEqual({ kind: 'decided', hash: 'a', divergent: ['n4'] });
    expect(judgeHashes(members(['n1'], ['n2', 'n3']), reports({ n1: 'a', n2: 'b', n3: 'b' }))).toEqual({ kind: 'decided', hash: 'a', divergent: ['n2', 'n3'] });
    // A report from a member no longer in the configuration counts for nothing.
    expect(judgeHashes(members(['n1', 'n2', 'n3']), reports({ n1: 'a', n2: 'a', gone: 'z' }))).toEqual({ kind: 'decided', hash: 'a', divergent: [] });
  });
});
