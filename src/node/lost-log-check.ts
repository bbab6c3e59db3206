import { LostLogError } from '../errors';
import type { Entry } from '../raft/types';

/**
 * Refuses to start a node whose stored commit index lies past its last stored
 * entry: the disk lost log entries this node had acknowledged (a LevelDB
 * write-ahead file cut while it was stopped, say). Such a node must not vote
 * (its log is shorter than what it promised a leader) nor serve reads; the
 * safe recovery is to treat it as a lost disk.
 */
export function assertLogHoldsCommit(dataDir: string, commit: number, snapshotIndex: number, entries: readonly Entry[]): void {
  const last = entries[entries.length - 1]?.index ?? snapshotIndex;
  if (commit <= last) return;
  throw new LostLogError(
    `refusing to start: the data dir ${dataDir} lost log entries this node acknowledged ` +
      `(commit ${commit}, log ends at ${last}). This node must not vote or serve with that log. ` +
      'Recover it as a lost disk: stop it, wipe the data dir, and start it again with the same id; ' +
      'it then asks the cluster to replace it and catches up from the leader (docs/membership.md, "Starting with an empty data dir"; docs/operations.md)',
  );
}
