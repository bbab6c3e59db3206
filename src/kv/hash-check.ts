/**
 * How the state machine takes part in the consistency check
 * (src/server/corruption-check.ts): it ends a batch at every hash-check
 * entry, so the state a member hashes is exactly the state as of that entry
 * on every member, however each member's batches were cut; and it tells its
 * listeners of each check point and of each member's report, in apply order.
 */
import { EntryType, type Entry } from '../raft/types';
import type { KvSnapshotView } from '../storage/kv-data';
import { decodeCommand } from './command';
import type { LeaseRecord } from './records';

/** A hash-check entry was applied (a view of the state as of it, which the listener must close), or a member's report arrived. */
export type HashEvent =
  | { readonly kind: 'point'; readonly index: number; readonly view: KvSnapshotView; readonly leases: readonly LeaseRecord[] }
  | { readonly kind: 'report'; readonly index: number; readonly memberId: string; readonly hash: string; readonly format: number };

/** An encoded HashCheckCommand is 3 bytes (tag, empty message); anything longer is another command, not decoded here. */
const MAX_HASH_CHECK_BYTES = 8;

/** Whether an entry holds a hash-check command; cheap: only entries small enough to be one are decoded. */
export function isHashCheck(entry: Entry): boolean {
  if (entry.type !== EntryType.Normal || entry.data.byteLength === 0 || entry.data.byteLength > MAX_HASH_CHECK_BYTES) return false;
  try {
    return decodeCommand(entry.data).op === 'hash-check';
  } catch {
    return false;
  }
}

/** The entries cut after each hash-check entry: every segment but the last ends with one. */
export function segmentsAtHashChecks(entries: readonly Entry[]): Entry[][] {
  const segments: Entry[][] = [];
  let current: Entry[] = [];
  for (const entry of entries) {
    current.push(entry);
    if (isHashCheck(entry)) {
      segments.push(current);
      current = [];
    }
  }
  if (current.length > 0) segments.push(current);
  return segments;
}
