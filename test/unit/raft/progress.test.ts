import { RaftInvariantError } from '../../../src/raft/errors';
import { Inflights } from '../../../src/raft/tracker/inflights';
import { Progress, ProgressState } from '../../../src/raft/tracker/progress';
import { ProgressTracker } from '../../../src/raft/tracker/progress-tracker';

const progress = (match: number, next: number, maxInflight = 4) => new Progress({ match, next, maxInflight, isLearner: false });

describe('Inflights', () => {
  test('holds at most size increasing indexes and frees acknowledged ones', () => {
    const f = new Inflights(3);
    f.add(1);
    f.add(3);
    f.add(5);
    expect(f.full()).toBe(true);
    expect(() => f.add(7)).toThrow(RaftInvariantError);
    f.freeLE(3);
    expect(f.count()).toBe(1);
    expect(() => f.add(4)).toThrow(RaftInvariantError);
    f.freeLE(0);
    expect(f.count()).toBe(1);
    f.reset();
    expect(f.count()).toBe(0);
  });
});

describe('Progress', () => {
  test('a probe sends one append, then waits for its answer or a heartbeat answer', () => {
    const p = progress(0, 5);
    expect(p.state).toBe(ProgressState.Probe);
    expect(p.isPaused()).toBe(false);
    p.onAppendSent(3);
    expect([p.isPaused(), p.probeSent, p.next]).toEqual([true, true, 5]);
    p.onHeartbeatResponse();
    expect(p.isPaused()).toBe(false);
  });

  test('an accepted probe moves to Replicate, which streams optimistically within the window', () => {
    const p = progress(0, 5, 2);
    expect(p.onAppendAccepted(4, 1)).toBe(true);
    expect([p.state, p.match, p.next]).toEqual([ProgressState.Replicate, 4, 5]);
    p.onAppendSent(2);
    p.onAppendSent(0);
    p.onAppendSent(3);
    expect([p.next, p.isPaused()]).toEqual([10, true]);
    expect(p.onAppendAccepted(6, 1)).toBe(true);
    expect([p.inflights.count(), p.isPaused()]).toEqual([1, false]);
    expect(p.onAppendAccepted(5, 1)).toBe(false); // stale
  });

  test('in Replicate a rejection above match falls back to Probe from match + 1; a stale one is ignored', () => {
    const p = progress(0, 1);
    p.onAppendAccepted(4, 1);
    p.onAppendSent(3);
    expect(p.onAppendRejected(3, 0)).toBe(false);
    expect(p.onAppendRejected(6, 2)).toBe(true);
    expect([p.state, p.next]).toEqual([ProgressState.Probe, 5]);
  });

  test('in Probe only the answer to the latest probe moves next, never below match + 1', () => {
    const p = progress(2, 10);
    expect(p.onAppendRejected(5, 1)).toBe(false);
    expect(p.onAppendRejected(9, 6)).toBe(true);
    expect(p.next).toBe(7);
    expect(p.onAppendRejected(6, 0)).toBe(true);
    expect(p.next).toBe(3);
  });

  test('Snapshot pauses until the follower acknowledges the snapshot, then replicates after it', () => {
    const p = progress(0, 1);
    p.becomeSnapshot(10);
    expect([p.state, p.pendingSnapshot, p.isPaused()]).toEqual([ProgressState.Snapshot, 10, true]);
    expect(p.onAppendAccepted(3, 11)).toBe(true);
    expect(p.state).toBe(ProgressState.Snapshot);
    expect(p.onAppendAccepted(10, 11)).toBe(true);
    expect([p.state, p.next]).toEqual([ProgressState.Replicate, 11]);
  });

  test('a heartbeat answer while snapshotting probes again after the snapshot, in case it was lost', () => {
    const p = progress(0, 1);
    p.becomeSnapshot(10);
    p.onHeartbeatResponse();
    expect([p.state, p.next]).toEqual([ProgressState.Probe, 11]);
    p.becomeProbe();
    expect(p.next).toBe(1);
  });
});

describe('ProgressTracker', () => {
  test('keeps progress for voters and learners, counts only voters, and keeps members across reconfiguration', () => {
    const t = new ProgressTracker(4);
    t.applyConfState({ voters: ['a', 'b', 'c'], learners: ['d', 'a'] }, 5);
    expect(t.confState()).toEqual({ voters: ['a', 'b', 'c'], learners: ['d'] });
    expect(t.ids()).toEqual(['a', 'b', 'c', 'd']);
    t.progress.get('d')?.onAppendAccepted(4, 1);
    t.progress.get('a')?.onAppendAccepted(4, 1);
    expect(t.committed()).toBe(0);
    t.progress.get('b')?.onAppendAccepted(3, 1);
    expect(t.committed()).toBe(3);
    const b = t.progress.get('b');
    t.applyConfState({ voters: ['a', 'b'], learners: ['c'] }, 9);
    expect(t.progress.get('b')).toBe(b);
    expect(t.progress.get('c')?.isLearner).toBe(true);
    expect(t.progress.has('d')).toBe(false);
    expect(t.isSingleton()).toBe(false);
    t.resetProgress(7, 'a', 6);
    expect([t.progress.get('a')?.match, t.progress.get('b')?.match, t.progress.get('c')?.isLearner]).toEqual([6, 0, true]);
  });

  test('records only the first vote of each member and tallies voters only', () => {
    const t = new ProgressTracker(4);
    t.applyConfState({ voters: ['a', 'b', 'c'], learners: ['d'] }, 1);
    t.recordVote('a', true);
    t.recordVote('a', false);
    t.recordVote('d', true);
    t.recordVote('b', false);
    expect(t.tallyVotes()).toEqual({ granted: 1, rejected: 1, result: 'Pending' });
    t.resetVotes();
    expect(t.tallyVotes().granted).toBe(0);
  });

  test('quorumActive counts the leader itself plus recently active voters', () => {
    const t = new ProgressTracker(4);
    t.applyConfState({ voters: ['a', 'b', 'c'], learners: ['d'] }, 1);
    const d = t.progress.get('d');
    if (d !== undefined) d.recentActive = true;
    expect(t.quorumActive('a')).toBe(false);
    const b = t.progress.get('b');
    if (b !== undefined) b.recentActive = true;
    expect(t.quorumActive('a')).toBe(true);
  });
});

describe('Progress: an index-0 base snapshot reported before its acknowledgement', () => {
  it('counts the late acknowledgement as the peer holding our base, and unpauses the probe', () => {
    const pr = new Progress({ match: 0, next: 1, maxInflight: 8, isLearner: true });
    pr.becomeSnapshot(0);
    // The driver reports a data-less base snapshot as sent at once...
    pr.onSnapshotReported(true);
    expect(pr.holdsBase).toBe(false);
    expect(pr.isPaused()).toBe(true);
    // ...and the peer's acknowledgement of installing it arrives afterwards.
    expect(pr.onAppendAccepted(0, 1)).toBe(false);
    expect(pr.holdsBase).toBe(true);
    expect(pr.isPaused()).toBe(false);
  });

  it('does not count an acknowledgement when the snapshot was reported failed', () => {
    const pr = new Progress({ match: 0, next: 1, maxInflight: 8, isLearner: true });
    pr.becomeSnapshot(0);
    pr.onSnapshotReported(false);
    pr.onAppendAccepted(0, 1);
    expect(pr.holdsBase).toBe(false);
  });
});
