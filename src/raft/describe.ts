/**
 * One-line, human-readable renderings of the core's values, in etcd's
 * shapes, for logs, test expectations and failure traces.
 */
import type { Entry, HardState, Message, ReadState, Ready, SnapshotMetadata, SoftState } from './types';

/** `1/3 Normal` (term/index type), with the data when there is any. */
export function describeEntry(e: Entry): string {
  const data = e.data.length > 0 ? ` ${describeBytes(e.data)}` : '';
  return `${e.term}/${e.index} ${e.type}${data}`;
}

export function describeEntries(es: readonly Entry[]): string {
  return `[${es.map(describeEntry).join(', ')}]`;
}

export function describeSnapshot(s: SnapshotMetadata): string {
  return `Index:${s.index} Term:${s.term} Voters:[${s.confState.voters.join(' ')}] Learners:[${s.confState.learners.join(' ')}]`;
}

/** `1->2 MsgApp Term:1 Log:1/2 Commit:2 Entries:[1/3 Normal]` */
export function describeMessage(m: Message): string {
  let s = `${m.from}->${m.to} ${m.type} Term:${m.term} Log:${m.logTerm}/${m.index}`;
  if (m.reject) s += ` Rejected (Hint: ${m.rejectHint}/${m.rejectHintTerm})`;
  if (m.commit !== 0) s += ` Commit:${m.commit}`;
  if (m.entries.length > 0) s += ` Entries:${describeEntries(m.entries)}`;
  if (m.context.length > 0) s += ` Context:${describeBytes(m.context)}`;
  if (m.snapshot !== undefined) s += ` Snapshot:{${describeSnapshot(m.snapshot)}}`;
  return s;
}

export function describeHardState(hs: HardState): string {
  return `Term:${hs.term} Vote:${hs.vote === '' ? '-' : hs.vote} Commit:${hs.commit}`;
}

export function describeSoftState(ss: SoftState): string {
  return `Lead:${ss.lead === '' ? '-' : ss.lead} State:${ss.role}`;
}

export function describeReadState(rs: ReadState): string {
  return `Index:${rs.index} Context:${describeBytes(rs.requestCtx)}`;
}

/** A multi-line rendering of a Ready, one item per line; empty parts are left out. */
export function describeReady(rd: Ready): string {
  const lines: string[] = [];
  if (rd.softState !== undefined) lines.push(describeSoftState(rd.softState));
  if (rd.hardState !== undefined) lines.push(`HardState ${describeHardState(rd.hardState)}`);
  if (rd.snapshot !== undefined) lines.push(`Snapshot ${describeSnapshot(rd.snapshot)}`);
  if (rd.entries.length > 0) lines.push(`Entries: ${describeEntries(rd.entries)}`);
  if (rd.committedEntries.length > 0) lines.push(`CommittedEntries: ${describeEntries(rd.committedEntries)}`);
  for (const m of rd.messages) lines.push(`Message: ${describeMessage(m)}`);
  for (const rs of rd.readStates) lines.push(`ReadState: ${describeReadState(rs)}`);
  if (rd.mustSync) lines.push('MustSync');
  return lines.join('\n');
}

/** Printable ASCII as a quoted string, anything else as hex. */
function describeBytes(b: Uint8Array): string {
  let printable = true;
  for (const c of b) if (c < 0x20 || c > 0x7e) printable = false;
  if (printable) return JSON.stringify(String.fromCharCode(...b));
  return `0x${Array.from(b, (c) => c.toString(16).padStart(2, '0')).join('')}`;
}
