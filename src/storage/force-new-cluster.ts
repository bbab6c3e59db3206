/**
 * `--force-new-cluster`: the way out of a lost quorum (etcd's flag of the same
 * name). With a majority of members gone for good, no write can commit and
 * no membership change either, since a change is itself a log write. This
 * rewrites the surviving member's data dir, before the node starts, into a
 * one-member cluster holding its data and revision: the others are dropped
 * from the configuration and the address book; they then join it afresh
 * (empty data dirs, --join), as any new member would.
 *
 * What the log holds past the applied index is applied first, committed or
 * not as far as this node knew: an entry this node acknowledged may have been
 * committed (and answered to a client) by the old leader without this node
 * learning it yet, so dropping it could lose an acknowledged write. Applying
 * an entry nobody acknowledged only settles a write whose outcome was
 * unknown. (etcd drops uncommitted entries; keeping them is the safer side
 * of the same choice.)
 *
 * The result is a snapshot at the last index with the new one-voter
 * configuration, an empty log after it and a hard state committed to it, the
 * shape RaftNode.start resumes from; the node elects itself at once.
 */
import type { MemberContext } from '../codec/member-codec';
import { StorageError } from '../errors';
import type { Logger } from '../logger';
import type { KvStateMachine } from '../kv/state-machine';
import type { NodeId } from '../raft/types';
import type { RaftStore } from './raft-store';

export interface ForceNewClusterResult {
  /** Where the new cluster's log begins. */
  readonly index: number;
  readonly revision: number;
  /** The members dropped. */
  readonly removed: readonly NodeId[];
}

export async function forceNewCluster(
  store: RaftStore,
  stateMachine: KvStateMachine,
  self: { readonly id: NodeId; readonly peerAddress: string },
  logger: Logger,
): Promise<ForceNewClusterResult> {
  if ((await store.identity()) === undefined) {
    throw new StorageError(`--force-new-cluster needs this member's data, but ${store.dataDir} holds none; start it on the surviving member's data dir`);
  }
  const persisted = await store.load();
  const membership = await store.loadMembership();
  const applied = await stateMachine.appliedIndex();
  const pending = persisted.entries.filter((e) => e.index > applied);
  // No ConfChange applier: membership is about to be replaced as a whole.
  if (pending.length > 0) await stateMachine.apply(pending);
  const last = persisted.entries.at(-1);
  const base = persisted.snapshot ?? { index: 0, term: 0, confState: { voters: [], learners: [] } };
  const index = last?.index ?? base.index;
  const term = last?.term ?? base.term;
  const confState = { voters: [self.id], learners: [] };
  const own = membership.members.get(self.id);
  const selfRecord: MemberContext = { peerAddress: own?.peerAddress ?? self.peerAddress, clientAddress: own?.clientAddress ?? '', autoPromote: false };
  const removed = [...new Set([...membership.members.keys(), ...base.confState.voters, ...base.confState.learners, ...(membership.confState?.voters ?? []), ...(membership.confState?.learners ?? [])])]
    .filter((id) => id !== self.id)
    .sort();
  const members = new Map<NodeId, MemberContext | null>([[self.id, selfRecord], ...removed.map((id) => [id, null] as const)]);

  // The log collapses into a snapshot at `index` with the new configuration.
  await store.save(
    {
      hardState: { term: Math.max(persisted.hardState.term, term), vote: persisted.hardState.vote, commit: index },
      entries: [],
      snapshot: { index, term, confState },
    },
    true,
  );
  // Configuration and address book as of `index`, with the applied index, as an applied ConfChange writes them.
  await store.kvData().commit(
    {
      records: new Map(),
      leases: new Map(),
      leaseKeys: [],
      revision: stateMachine.revision(),
      events: [],
      compactRevision: stateMachine.compactRevision(),
      previousCompactRevision: stateMachine.compactRevision(),
    },
    index,
    true,
    { confState, members },
  );
  logger.warn(
    { index, term, revision: stateMachine.revision(), removed, appliedFromLog: pending.length },
    '--force-new-cluster: this member now forms a one-member cluster with its data; add the others back with --join on empty data dirs, and remove the flag',
  );
  return { index, revision: stateMachine.revision(), removed };
}
