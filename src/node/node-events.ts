import type { NodeId } from '../raft/types';

/**
 * Hooks the driver calls as things happen, so metrics and logs observe the
 * node without the driver knowing about either. All optional, all synchronous.
 */
export interface NodeEvents {
  onLeaderChange?(leader: NodeId, term: number): void;
  /** One durable write of a Ready: entries written, how long it took, whether it was synced. */
  onPersisted?(entries: number, durationMs: number, synced: boolean): void;
  onApplied?(appliedIndex: number): void;
  /** Storage failed: the node no longer takes part in consensus and should exit. */
  onFatal?(err: Error): void;
}
