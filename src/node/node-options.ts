/** How a RaftNode is built: identity, timing, and the edges it drives (DESIGN.md §2). */
import type { Logger } from '../logger';
import type { KvStateMachine } from '../kv/state-machine';
import type { RaftByteLimits } from '../raft/config';
import type { NodeId } from '../raft/types';
import type { RaftStore } from '../storage/raft-store';
import type { Transport } from '../transport/transport';
import type { NodeEvents } from './node-events';
import type { StageObserver } from './stage-trace';

export interface RaftNodeOptions {
  readonly id: NodeId;
  readonly clusterId: string;
  /** Initial voters (id → peer address), used only to bootstrap an empty data dir. */
  readonly initialPeers: ReadonlyMap<NodeId, string>;
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly store: RaftStore;
  readonly stateMachine: KvStateMachine;
  readonly transport: Transport;
  readonly logger: Logger;
  readonly events?: NodeEvents;
  /** Randomness for election timeouts; Math.random unless a test seeds it. */
  readonly random?: () => number;
  /**
   * Join an existing cluster: with no stored log, start empty (no bootstrap)
   * and wait for the leader's snapshot (docs/membership.md). Also implied by
   * an empty initialPeers.
   */
  readonly join?: boolean;
  /**
   * A node that joined under an id removed earlier: removals of its id at log
   * indexes below this belong to that earlier member and are ignored.
   */
  readonly ignoreOwnRemovalBelow?: number;
  /** This node's advertised client address, recorded in the replicated address book once a leader is known (client-address-recorder.ts). */
  readonly clientAddress?: string;
  /** Compact the log once this many entries were applied past the last snapshot. Default 10000. */
  readonly snapshotEntries?: number;
  /** Byte bounds on the core's queues (--max-append-bytes and friends); unbounded when unset. */
  readonly limits?: RaftByteLimits;
  /** Receives the latency of each stage of the write and read paths (--trace-stages, stage-trace.ts); unset, nothing is stamped. */
  readonly traceStages?: StageObserver;
}
