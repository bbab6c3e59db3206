/**
 * The vocabulary of the Raft core: entries, messages, persistent state and
 * the Ready batch handed to the driver. Pure data, no behaviour.
 */

/** A node's identity, stable for its whole life (for example "n1" or "raftkv-0"). */
export type NodeId = string;

/** No node: used for "no vote" and "no known leader". */
export const NONE: NodeId = '';

export const EntryType = {
  Normal: 'Normal',
  ConfChange: 'ConfChange',
} as const;
export type EntryType = (typeof EntryType)[keyof typeof EntryType];

/** One log entry. Index and term start at 1; index 0 / term 0 mean "before the log". */
export interface Entry {
  readonly index: number;
  readonly term: number;
  readonly type: EntryType;
  /** Opaque to the core: an encoded command for Normal entries (empty for the leader's no-op). */
  readonly data: Uint8Array;
}

/** What must be durable before the node answers any message (Raft paper Figure 2). */
export interface HardState {
  readonly term: number;
  /** Candidate voted for in `term`, or NONE. */
  readonly vote: NodeId;
  readonly commit: number;
}

export const EMPTY_HARD_STATE: HardState = Object.freeze({ term: 0, vote: NONE, commit: 0 });

/** A membership configuration. Voters count toward quorums; learners only replicate. */
export interface ConfState {
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
}

/** What a configuration change does (Ongaro thesis §4.1: one server at a time). */
export const ConfChangeType = {
  /** Add a new member as a voter at once (prefer AddLearner, then PromoteLearner, thesis §4.2.1). */
  AddVoter: 'AddVoter',
  /** Add a new member that replicates the log but never votes or counts toward a quorum. */
  AddLearner: 'AddLearner',
  /** Remove a voter or a learner (the leader included: it hands over and steps down once committed). */
  RemoveNode: 'RemoveNode',
  /** Turn a learner into a voter. */
  PromoteLearner: 'PromoteLearner',
} as const;
export type ConfChangeType = (typeof ConfChangeType)[keyof typeof ConfChangeType];

/**
 * One membership change, carried in the log as an EntryType.ConfChange entry
 * (encoded by `encodeConfChange`, src/raft/confchange/codec.ts).
 */
export interface ConfChange {
  readonly type: ConfChangeType;
  readonly nodeId: NodeId;
  /** Opaque to the core: the driver carries the new member's addresses here. */
  readonly context?: Uint8Array;
}

/**
 * Where the log begins: the compacted prefix ends at `index` whose entry had
 * `term`. A fresh cluster starts from a bootstrap snapshot at index 0, term 0
 * carrying the initial configuration.
 */
export interface SnapshotMetadata {
  readonly index: number;
  readonly term: number;
  readonly confState: ConfState;
}

export const Role = {
  Follower: 'Follower',
  PreCandidate: 'PreCandidate',
  Candidate: 'Candidate',
  Leader: 'Leader',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Volatile state worth reporting when it changes; never persisted. */
export interface SoftState {
  readonly lead: NodeId;
  readonly role: Role;
}

/**
 * Message types. Those marked local never cross the network: the driver or the
 * core itself feeds them to `step`.
 */
export const MessageType = {
  /** local: start an election (campaign). */
  Hup: 'MsgHup',
  /** local: the leader sends heartbeats. */
  Beat: 'MsgBeat',
  /** local: propose entries. */
  Prop: 'MsgProp',
  /** local: ask the leader to hand leadership to `from`'s chosen transferee. */
  TransferLeader: 'MsgTransferLeader',
  /** local: the leader checks it still hears from a quorum. */
  CheckQuorum: 'MsgCheckQuorum',
  App: 'MsgApp',
  AppResp: 'MsgAppResp',
  Vote: 'MsgVote',
  VoteResp: 'MsgVoteResp',
  PreVote: 'MsgPreVote',
  PreVoteResp: 'MsgPreVoteResp',
  Heartbeat: 'MsgHeartbeat',
  HeartbeatResp: 'MsgHeartbeatResp',
  TimeoutNow: 'MsgTimeoutNow',
  ReadIndex: 'MsgReadIndex',
  ReadIndexResp: 'MsgReadIndexResp',
  Snap: 'MsgSnap',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** One Raft message. Fields a type does not use are 0, NONE, false or empty. */
export interface Message {
  readonly type: MessageType;
  readonly from: NodeId;
  readonly to: NodeId;
  /** Sender's term; 0 for local messages. */
  readonly term: number;
  /** MsgApp: term of the entry at `index`. Vote/PreVote: candidate's last log term. */
  readonly logTerm: number;
  /** MsgApp: index preceding `entries`. Vote/PreVote: candidate's last log index. AppResp: last matched (or rejected) index. ReadIndexResp: the read index. */
  readonly index: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
  readonly reject: boolean;
  /** AppResp rejection: the follower's hint for fast log back-off (its last index). */
  readonly rejectHint: number;
  /** AppResp rejection: the term of the follower's entry at rejectHint, for fast back-off. */
  readonly rejectHintTerm: number;
  /** Opaque: read-index request ids (Heartbeat, ReadIndex) or campaign-transfer marker (Vote). */
  readonly context: Uint8Array;
  /** MsgSnap: the snapshot being installed. */
  readonly snapshot?: SnapshotMetadata;
}

/** A read the driver may serve once its applied index reaches `index`. */
export interface ReadState {
  readonly index: number;
  /** The context passed to `readIndex()`. */
  readonly requestCtx: Uint8Array;
}

/**
 * Ready is everything the core needs done, in this order (see README.md in this
 * folder):
 *  1. persist `entries` and `hardState` (fsync when `mustSync`);
 *  2. send `messages` (responses only after step 1 is durable);
 *  3. apply `committedEntries` to the state machine;
 *  4. call `advance(ready)`.
 */
export interface Ready {
  /** Set when role or leader changed since the last Ready. */
  readonly softState?: SoftState;
  /** Set when term, vote or commit changed since the last Ready. */
  readonly hardState?: HardState;
  /** Entries to append to stable storage (may overwrite a suffix). */
  readonly entries: readonly Entry[];
  /**
   * A snapshot received from the leader, to install before `entries`: it
   * replaces the whole log up to its index (MemoryStorage.applySnapshot) and
   * the state machine must be restored to it before `advance`.
   */
  readonly snapshot?: SnapshotMetadata;
  /** Entries committed and not yet handed out for applying. */
  readonly committedEntries: readonly Entry[];
  readonly messages: readonly Message[];
  readonly readStates: readonly ReadState[];
  /** Whether step 1 must fsync: true when entries, snapshot, term or vote changed. */
  readonly mustSync: boolean;
}

/** A snapshot of the core's state for status reporting. */
export interface Status {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: number;
  readonly vote: NodeId;
  readonly lead: NodeId;
  readonly commit: number;
  readonly applied: number;
  readonly lastIndex: number;
  readonly confState: ConfState;
  /** Leader only: how each member (itself included) is replicated to. Empty on other roles. */
  readonly progress: ReadonlyMap<NodeId, PeerProgress>;
  /** Leader only: payload bytes appended in this term and not yet committed (RaftByteLimits.maxUncommittedBytes). */
  readonly uncommittedBytes: number;
  /** How many times each byte bound held something back since the core started (RaftByteLimits). */
  readonly boundHits: BoundHits;
}

/** Counters of the byte bounds at work (RaftByteLimits); each only grows. */
export interface BoundHits {
  /** MsgApps cut short by maxAppendBytes. */
  readonly appendBytes: number;
  /** Times a follower's inflight window filled by maxInflightBytes. */
  readonly inflightBytes: number;
  /** Proposals refused by maxUncommittedBytes. */
  readonly uncommittedBytes: number;
  /** Readies whose committed entries were cut by maxCommittedBytesPerReady. */
  readonly committedBytesPerReady: number;
}

/** The leader's view of one member, for status reporting (ListMembers shows caught-up-ness). */
export interface PeerProgress {
  /** Highest index known durable on the member. */
  readonly match: number;
  /** Next index the leader will send. */
  readonly next: number;
  /** Probe (finding where logs agree), Replicate (streaming) or Snapshot (waiting for a snapshot install). */
  readonly state: 'Probe' | 'Replicate' | 'Snapshot';
  /** Heard from within the current CheckQuorum window. */
  readonly recentActive: boolean;
  readonly isLearner: boolean;
  /** Payload bytes sent and not yet acknowledged (RaftByteLimits.maxInflightBytes). */
  readonly inflightBytes: number;
}

/** Builds a message with every unused field at its zero value. */
export function message(fields: Partial<Message> & Pick<Message, 'type' | 'from' | 'to'>): Message {
  return {
    term: 0,
    logTerm: 0,
    index: 0,
    entries: [],
    commit: 0,
    reject: false,
    rejectHint: 0,
    rejectHintTerm: 0,
    context: EMPTY_BYTES,
    ...fields,
  };
}

export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

/**
 * Whether a message may be sent before the Ready's persistence step is
 * durable. Only a leader's outbound replication qualifies (Raft thesis
 * §10.2.1): the leader counts its own copy toward commit only after `advance`.
 * Every response and every vote request waits for the sync.
 */
export function mayPrecedeSync(m: Message): boolean {
  return m.type === MessageType.App || m.type === MessageType.Heartbeat || m.type === MessageType.Snap;
}
