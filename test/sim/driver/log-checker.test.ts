/**
 * The incremental log checks still bite: a leader lacking an entry
 * committed in an earlier term (dated by a commit watermark), a stored
 * entry differing from the committed one (caught at the save, when the
 * index is later known committed, and when a node restarts with it), and a
 * leader's log losing a committed entry in the middle of its term.
 */
import type { RaftNode } from '../../../src/node/raft-node';
import { EntryType, Role, type Entry, type NodeId } from '../../../src/raft/types';
import { ViolationKind } from '../support/violation';
import { LogChecker, type LiveNode } from './log-checker';

const content = (e: Entry): string => `${e.type}:${Buffer.from(e.data).toString()}`;
const entry = (index: number, term: number, text: string): Entry => ({ index, term, type: EntryType.Normal, data: Buffer.from(text) });

/** A node as the checker sees it: a stored log, a term, a commit index and a role. */
class FakeNode {
  log: Entry[] = [];
  term = 1;
  commit = 0;
  role: Role = Role.Follower;
  readonly logBase = { index: 0, term: 0 };
  status(): ReturnType<RaftNode['status']> {
    return { term: this.term, commit: this.commit, lastIndex: this.log.length } as ReturnType<RaftNode['status']>;
  }
  storedEntry(index: number): Entry | undefined {
    return this.log[index - 1];
  }
  live(id: NodeId, incarnation = 1): LiveNode {
    return { id, incarnation: `${id}#${incarnation}`, node: this as unknown as RaftNode };
  }
}

function checker(): { logs: LogChecker; failures: { kind: ViolationKind; detail: string }[] } {
  const failures: { kind: ViolationKind; detail: string }[] = [];
  return { logs: new LogChecker((kind, detail) => failures.push({ kind, detail })), failures };
}

describe('LogChecker (incremental log matching and leader completeness)', () => {
  it('passes agreeing logs, a leader holding every entry committed before its term', () => {
    const { logs, failures } = checker();
    const [a, b] = [new FakeNode(), new FakeNode()];
    a.log = b.log = [entry(1, 1, 'x'), entry(2, 1, 'y')];
    a.commit = 2;
    logs.applied('n1', entry(1, 1, 'x'), content(entry(1, 1, 'x')));
    logs.applied('n1', entry(2, 1, 'y'), content(entry(2, 1, 'y')));
    logs.check([a.live('n1'), b.live('n2')], content);
    b.term = 2;
    b.role = Role.Leader;
    b.log = [...b.log, entry(3, 2, '')];
    logs.check([a.live('n1'), b.live('n2')], content);
    expect(failures).toEqual([]);
  });

  it('catches a new leader lacking an entry some node was seen committing in an earlier term', () => {
    const { logs, failures } = checker();
    const [a, b] = [new FakeNode(), new FakeNode()];
    a.log = [entry(1, 1, 'x'), entry(2, 1, 'y')];
    a.commit = 2;
    b.log = [entry(1, 1, 'x')];
    logs.applied('n1', entry(2, 1, 'y'), content(entry(2, 1, 'y')));
    logs.check([a.live('n1'), b.live('n2')], content);
    b.term = 2;
    b.role = Role.Leader;
    logs.check([a.live('n1'), b.live('n2')], content);
    expect(failures.map((f) => f.kind)).toEqual([ViolationKind.LeaderCompleteness]);
    expect(failures[0]?.detail).toMatch(/leader n2 of term 2 lacks entry 2\/1, committed by term 1/);
  });

  it('does not blame a leader of the term in which the entry committed', () => {
    const { logs, failures } = checker();
    const a = new FakeNode();
    a.term = 3;
    a.role = Role.Leader;
    a.log = [entry(1, 3, 'x')];
    a.commit = 1;
    logs.applied('n1', entry(1, 3, 'x'), content(entry(1, 3, 'x')));
    logs.check([a.live('n1')], content);
    expect(failures).toEqual([]);
  });

  it('catches a leader that loses a committed entry in the middle of its term', () => {
    const { logs, failures } = checker();
    const [a, b] = [new FakeNode(), new FakeNode()];
    a.log = b.log = [entry(1, 1, 'x'), entry(2, 1, 'y')];
    a.commit = 2;
    logs.applied('n1', entry(1, 1, 'x'), content(entry(1, 1, 'x')));
    logs.applied('n1', entry(2, 1, 'y'), content(entry(2, 1, 'y')));
    b.term = 2;
    b.role = Role.Leader;
    logs.check([a.live('n1'), b.live('n2')], content);
    expect(failures).toEqual([]);
    b.log = [entry(1, 1, 'x')];
    logs.check([a.live('n1'), b.live('n2')], content);
    expect(failures.map((f) => f.kind)).toEqual([ViolationKind.LeaderCompleteness]);
  });

  it('catches a different entry of the same term: as it is saved, once its index commits, and in a restarted log', () => {
    const saved = checker();
    saved.logs.applied('n1', entry(1, 1, 'x'), content(entry(1, 1, 'x')));
    saved.logs.stored('n2', [entry(1, 1, 'other')], content);
    expect(saved.failures.map((f) => f.kind)).toEqual([ViolationKind.LogMatching]);

    const later = checker();
    const b = new FakeNode();
    b.log = [entry(1, 1, 'other')];
    later.logs.check([b.live('n2')], content);
    later.logs.applied('n1', entry(1, 1, 'x'), content(entry(1, 1, 'x')));
    later.logs.check([b.live('n2')], content);
    expect(later.failures.map((f) => f.kind)).toEqual([ViolationKind.LogMatching]);

    const restarted = checker();
    restarted.logs.applied('n1', entry(1, 1, 'x'), content(entry(1, 1, 'x')));
    restarted.logs.check([], content);
    restarted.logs.started('n2#2');
    restarted.logs.check([b.live('n2', 2)], content);
    expect(restarted.failures.map((f) => f.kind)).toEqual([ViolationKind.LogMatching]);
  });

  it('catches two applies disagreeing at an index (state machine safety)', () => {
    const { logs, failures } = checker();
    expect(logs.applied('n1', entry(1, 1, 'x'), content(entry(1, 1, 'x')))).toBe(true);
    expect(logs.applied('n2', entry(1, 2, 'z'), content(entry(1, 2, 'z')))).toBe(false);
    expect(failures.map((f) => f.kind)).toEqual([ViolationKind.StateMachineSafety]);
  });
});
