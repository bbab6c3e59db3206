/**
 * What the leader's lease keeper needs from the state machine (KvStateMachine
 * implements it): the leases that exist, and a notification whenever an
 * applied entry granted or revoked one.
 */
import type { LeaseRecord } from '../kv/records';

export type LeaseChange =
  | { readonly type: 'granted'; readonly lease: LeaseRecord }
  | { readonly type: 'revoked'; readonly id: string }
  /** A snapshot replaced every lease: re-read them with leases(). */
  | { readonly type: 'reset' };

export interface LeaseSource {
  /** Every lease, in id order. */
  leases(): Promise<LeaseRecord[]>;
  lease(id: string): Promise<LeaseRecord | undefined>;
  /** Keys attached to the lease, in key order. */
  leaseKeys(id: string): Promise<string[]>;
  /** Called after each applied batch that granted or revoked leases, in apply order. */
  onLeaseChange(listener: (changes: readonly LeaseChange[]) => void): () => void;
}
