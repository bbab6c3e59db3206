import type { Entry, Message } from '../../../../src/raft/types';
import type { TestNode } from './network';

/** The node's durable log (what its storage holds). */
export function storedLog(n: TestNode): Entry[] {
  const s = n.storage;
  return s.lastIndex() < s.firstIndex() ? [] : s.entries(s.firstIndex(), s.lastIndex() + 1);
}

export function storedTerms(n: TestNode): number[] {
  return storedLog(n).map((e) => e.term);
}

export function ofType(msgs: readonly Message[], type: Message['type']): Message[] {
  return msgs.filter((m) => m.type === type);
}
