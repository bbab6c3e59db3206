import {
  describeHardState,
  MemoryStorage,
  NONE,
  RawNode,
  silentLogger,
  type ConfState,
  type Entry,
  type NodeId,
  type RaftLogger,
  type Ready,
  type Status,
} from '../../../src/raft';
import type { Disk } from './disk';
import { Prng } from './prng';
import type { Trace } from './trace';

/**
 * Deliberate bugs in the harness's handling of the Ready contract, so a test
 * can prove the checkers notice when a driver gets persistence wrong.
 */
export interface HarnessBugs {
  /** Restart a node with the vote it persisted forgotten. */
  readonly forgetVoteOnRestart?: boolean;
  /** Send vote responses before the vote they carry is durable. */
  readonly sendVoteResponsesBeforePersist?: boolean;
}

/** How to build a simulated cluster and each node's core. */
export interface ClusterOptions {
  readonly seed: number;
  readonly nodes: readonly NodeId[];
  readonly electionTick: number;
  readonly heartbeatTick: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly maxEntriesPerMessage: number;
  readonly maxInflightMessages: number;
  readonly bugs?: HarnessBugs;
  readonly trace: Trace;
}

/** Where a Ready's processing is cut short by a crash. */
export type CrashPoint = 'beforePersist' | 'afterPersist';

/** One simulated machine: a disk that survives crashes and a process that does not. */
export interface SimNode {
  readonly id: NodeId;
  readonly disk: Disk;
  /** The running core; undefined while the node is down. */
  raw: RawNode | undefined;
  /** The core's view of the disk: the harness appends to it only what it persisted. */
  storage: MemoryStorage | undefined;
  /** How many times the node has started; each start gets its own random stream. */
  incarnation: number;
  /** The state machine: applied[i] is the entry applied at index i (restored from the snapshot on start). */
  applied: (Entry | undefined)[];
  appliedIndex: number;
  /** The configuration as of appliedIndex, as applyConfChange (or the snapshot) gave it: what a snapshot records. */
  confState: ConfState;
  /** The status observed after the last step that touched the node. */
  status: Status | undefined;
  /** A Ready taken whose sync is still in progress (see beginReady). */
  syncing: Ready | undefined;
}

/** Starts (or restarts) a node's core from what its disk holds, with an empty state machine that replays. */
export function startNode(n: SimNode, options: ClusterOptions): void {
  if (options.bugs?.forgetVoteOnRestart === true && n.incarnation > 0) {
    n.disk.hardState = { ...n.disk.hardState, vote: NONE };
  }
  const random = Prng.derive(options.seed, `${n.id}#${n.incarnation}`);
  n.incarnation++;
  n.applied = [...n.disk.snapshotData];
  n.appliedIndex = n.disk.snapshot.index;
  n.confState = n.disk.snapshot.confState;
  n.storage = MemoryStorage.fromPersisted(n.disk.persisted());
  n.raw = new RawNode({
    id: n.id,
    storage: n.storage,
    electionTick: options.electionTick,
    heartbeatTick: options.heartbeatTick,
    random: () => random.next(),
    preVote: options.preVote,
    checkQuorum: options.checkQuorum,
    applied: n.appliedIndex,
    maxEntriesPerMessage: options.maxEntriesPerMessage,
    maxInflightMessages: options.maxInflightMessages,
    logger: options.trace.verbose ? traceLogger(options.trace, n.id) : silentLogger,
  });
}

/** A disk's hard state and last entry, rendered at once (trace lines render lazily, after the disk moved on). */
export function describeDisk(disk: Disk): string {
  return `${describeHardState(disk.hardState)} Last:${disk.lastTerm}/${disk.lastIndex}`;
}

function traceLogger(trace: Trace, id: NodeId): RaftLogger {
  const log = (obj: object, msg: string): void => trace.line(() => `${id} log: ${msg} ${JSON.stringify(obj)}`);
  return { debug: () => undefined, info: log, warn: log };
}
