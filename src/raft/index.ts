/**
 * The Raft core's public surface. Everything else in this folder is internal.
 * Read README.md for the Ready contract the driver must follow.
 */
export { RawNode } from './raw-node';
export { MemoryStorage } from './memory-storage';
export type { LogStorage } from './storage';
export { validateRaftConfig, type RaftByteLimits, type RaftConfig } from './config';
export { silentLogger, type RaftLogger } from './logger';
export { applyConfChangeTo, decodeConfChange, encodeConfChange } from './confchange';
export {
  CompactedError,
  ConfChangeError,
  CorruptLogError,
  MalformedMessageError,
  ProposalDroppedError,
  RaftConfigError,
  RaftInvariantError,
  SnapshotOutOfDateError,
  UncommittedLimitError,
  UnavailableError,
} from './errors';
export {
  describeEntries,
  describeEntry,
  describeHardState,
  describeMessage,
  describeReadState,
  describeReady,
  describeSnapshot,
  describeSoftState,
} from './describe';
export {
  EMPTY_BYTES,
  EMPTY_HARD_STATE,
  ConfChangeType,
  EntryType,
  MessageType,
  NONE,
  Role,
  mayPrecedeSync,
  message,
  type ConfChange,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type NodeId,
  type PeerProgress,
  type BoundHits,
  type ReadState,
  type Ready,
  type SnapshotMetadata,
  type SoftState,
  type Status,
} from './types';
