export { RaftStore, type PersistedState, type StoreUpdate } from './raft-store';
export { checkIdentity, type NodeIdentity } from './identity';
export type { KvData, KvWrite, KvReader, KvSnapshotView, KvMeta } from './kv-data';
