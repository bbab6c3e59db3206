/**
 * Helpers for white-box tests of a single node: build one from a given disk
 * state, feed it messages, and collect what it sends.
 */
import { MemoryStorage } from '../../../../src/raft/memory-storage';
import { EntryType, message, type Entry, type HardState, type Message, type NodeId } from '../../../../src/raft/types';
import { TestNode, type NodeOptions } from './network';

export interface DiskState {
  voters: NodeId[];
  learners?: NodeId[];
  entries?: Entry[];
  hardState?: HardState;
  snapshotIndex?: number;
  snapshotTerm?: number;
}

export function ent(term: number, index: number, text = ''): Entry {
  return { term, index, type: EntryType.Normal, data: new TextEncoder().encode(text) };
}

/** Entries with the given terms at indexes 1, 2, 3, ... */
export function entsWithTerms(...terms: number[]): Entry[] {
  return terms.map((t, i) => ent(t, i + 1));
}

export function newTestNode(id: NodeId, disk: DiskState, opts: NodeOptions = {}): TestNode {
  const storage = MemoryStorage.fromPersisted({
    snapshot: {
      index: disk.snapshotIndex ?? 0,
      term: disk.snapshotTerm ?? 0,
      confState: { voters: disk.voters, learners: disk.learners ?? [] },
    },
    hardState: disk.hardState ?? { term: 0, vote: '', commit: 0 },
    entries: disk.entries ?? [],
  });
  return new TestNode(id, storage, opts);
}

/** Carries out every pending Ready and returns all messages the node sent. */
export function drain(n: TestNode): Message[] {
  const out: Message[] = [];
  while (n.node.hasReady()) out.push(...n.handleReady());
  return out;
}

export const msg = message;

/** Ticks until the node campaigns or the limit is reached; returns ticks taken. */
export function ticksUntil(n: TestNode, cond: () => boolean, limit = 1000): number {
  for (let i = 1; i <= limit; i++) {
    n.node.tick();
    if (cond()) return i;
  }
  throw new Error('condition never held');
}
