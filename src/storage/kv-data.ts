/**
 * The state machine's narrow view of the database: KV data and the applied
 * index, nothing of the Raft log. RaftStore provides it; tests may fake it.
 */

/** One change to KV data. */
export type KvChange =
  | { readonly op: 'put'; readonly key: string; readonly value: Uint8Array }
  | { readonly op: 'delete'; readonly key: string };

export interface KvData {
  get(key: string): Promise<Uint8Array | undefined>;
  /** For each key, whether it is stored, in one read. */
  hasMany(keys: readonly string[]): Promise<boolean[]>;
  /** The persisted applied index; 0 when nothing was ever applied. */
  appliedIndex(): Promise<number>;
  /** Writes `changes` and the new applied index in one atomic batch. */
  commit(changes: readonly KvChange[], appliedIndex: number, sync: boolean): Promise<void>;
}
