import type { MemberContext } from '../codec/member-codec';
import type { ConfState, NodeId } from '../raft/types';
/**
 * The state machine's narrow view of the database: KV data and the applied
 * index, nothing of the Raft log. RaftStore provides it; tests may fake it.
 */

/** One change to KV data. */
export type KvChange =
  | { readonly op: 'put'; readonly key: string; readonly value: Uint8Array }
  | { readonly op: 'delete'; readonly key: string };

/**
 * Membership as of the applied index: written in the same batch as the
 * applied index whenever the batch applied a ConfChange entry.
 */
export interface MembershipWrite {
  /** The configuration as of the batch's last ConfChange entry (RawNode.applyConfChange). */
  readonly confState: ConfState;
  /** Address records to write (a context) or delete (null), in apply order folded to the last. */
  readonly members: ReadonlyMap<NodeId, MemberContext | null>;
}

export interface KvData {
  get(key: string): Promise<Uint8Array | undefined>;
  /** For each key, whether it is stored, in one read. */
  hasMany(keys: readonly string[]): Promise<boolean[]>;
  /** The persisted applied index; 0 when nothing was ever applied. */
  appliedIndex(): Promise<number>;
  /** Writes `changes`, the new applied index and (if any) the membership change in one atomic batch. */
  commit(changes: readonly KvChange[], appliedIndex: number, sync: boolean, membership?: MembershipWrite): Promise<void>;
}
