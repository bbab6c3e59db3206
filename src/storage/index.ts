export { RaftStore, type PersistedState, type StoreUpdate } from './raft-store';
export { checkIdentity, type NodeIdentity } from './identity';
export type { KvChange, KvData } from './kv-data';
