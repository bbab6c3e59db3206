/**
 * Tests of the tests only: makes every Raft core in this test file commit by
 * counting replicas of entries from earlier terms, which Raft forbids
 * (§5.4.2, Figure 8) — a committed entry can then be overwritten. The
 * simulation and paper tests turn it on to show their checkers catch it.
 * Production code has no such switch: this patches the core's prototype,
 * and the returned function restores it.
 */
import { Raft } from '../../src/raft/raft';

export function commitEntriesFromPreviousTerms(): () => void {
  const original = Object.getOwnPropertyDescriptor(Raft.prototype, 'maybeCommit');
  if (original === undefined) throw new Error('Raft.prototype.maybeCommit not found: update this test patch');
  Object.defineProperty(Raft.prototype, 'maybeCommit', {
    ...original,
    value: function unsafeMaybeCommit(this: Raft): boolean {
      // No check that the entry is of our term.
      const mci = this.trk.committed();
      if (mci > this.raftLog.committed && mci <= this.raftLog.lastIndex()) {
        this.raftLog.commitTo(mci);
        return true;
      }
      return false;
    },
  });
  return () => Object.defineProperty(Raft.prototype, 'maybeCommit', original);
}

/** Runs fn with the unsafe commit rule when `unsafe`, restoring the real one after. */
export function withUnsafeCommit<T>(unsafe: boolean, fn: () => T): T {
  if (!unsafe) return fn();
  const restore = commitEntriesFromPreviousTerms();
  try {
    return fn();
  } finally {
    restore();
  }
}
