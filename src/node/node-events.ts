import type { NodeId, Role } from '../raft/types';

/**
 * Hooks the driver calls as things happen, so metrics and logs observe the
 * node without the driver knowing about either. All optional, all synchronous.
 */
export interface NodeEvents {
  onLeaderChange?(leader: NodeId, term: number): void;
  /**
   * The role reported in a Ready's soft state changed. The driver sees soft
   * state only: a campaign repeated in the same role (a pre-candidate that
   * times out and tries again) does not call this.
   */
  onRoleChange?(role: Role, term: number): void;
  /** One durable write of a Ready: entries written, how long it took, whether it was synced, entry payload bytes. */
  onPersisted?(entries: number, durationMs: number, synced: boolean, bytes: number): void;
  onApplied?(appliedIndex: number): void;
  /** A proposal this node made as leader was settled: committed (err undefined) or failed with err. */
  onProposalSettled?(err: Error | undefined): void;
  /** A linearizable read barrier finished (ok) or failed, after durationMs. */
  onReadIndex?(durationMs: number, ok: boolean): void;
  /** A snapshot was taken here (log compacted through `index`) or installed from the leader, in durationMs. */
  onSnapshot?(kind: 'taken' | 'installed', index: number, durationMs: number): void;
  /** Storage failed: the node no longer takes part in consensus and should exit. */
  onFatal?(err: Error): void;
}
