/**
 * `raftkv restore`: turns a backup into the data dir of one member of a NEW
 * cluster, as etcdutl snapshot restore does. Every member of the new cluster
 * is restored from the same file with its own --id and the same --peers;
 * started, they form the cluster with the backup's keys, leases and revision.
 *
 * The data dir is written as if the new cluster had applied one entry: a
 * snapshot at index 1, term 1, whose configuration is --peers (all voters),
 * with commit 1 in the hard state. Every member therefore starts with the
 * same state at the same index, elects a leader and goes on from index 2;
 * none needs a snapshot from another. The watch history starts at the
 * backup's revision (older revisions are compacted), as after InstallSnapshot.
 *
 * The fresh cluster id is the point: the old cluster's members refuse its
 * messages and it refuses theirs, so a restored cluster cannot merge with
 * the one it was copied from. Hence the refusal to reuse the backup's id.
 *
 * Written in a sibling directory and renamed into place only once the whole
 * file was read and its checksum matched: a damaged backup leaves nothing.
 */
import { rename, readdir, rm } from 'node:fs/promises';
import { readBackup, type BackupHeader, type BackupSummary } from '../codec/backup-format';
import type { MemberContext } from '../codec/member-codec';
import { InvalidArgumentError } from '../errors';
import type { KeyValueRecord, LeaseRecord } from '../kv/records';
import type { LeaseKeyChange } from './kv-data';
import { RaftStore } from './raft-store';
import type { AuthState } from '../auth/auth-state';

export interface RestoreOptions {
  readonly dataDir: string;
  readonly nodeId: string;
  /** The new cluster's id; must differ from the backup's. */
  readonly clusterId: string;
  /** The new cluster's voters and their peer addresses, this node included. */
  readonly peers: ReadonlyMap<string, string>;
}

export interface RestoreResult {
  readonly header: BackupHeader;
  readonly summary: BackupSummary;
}

/** The index and term the restored state is at in the new cluster's log. */
export const RESTORED_INDEX = 1;
export const RESTORED_TERM = 1;

export async function restoreBackup(source: AsyncIterable<Uint8Array>, opts: RestoreOptions): Promise<RestoreResult> {
  if (!opts.peers.has(opts.nodeId)) throw new InvalidArgumentError('peers', `must include this node's id "${opts.nodeId}"`);
  if (!(await isMissingOrEmpty(opts.dataDir))) {
    throw new InvalidArgumentError('data-dir', `${opts.dataDir} is not empty: restore writes a new member's data dir, never over existing data`);
  }
  const staging = `${opts.dataDir}.restoring`;
  await rm(staging, { recursive: true, force: true });
  const store = await RaftStore.open(staging);
  let result: RestoreResult;
  try {
    result = await writeBackup(store, source, opts);
  } catch (err) {
    await store.close();
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  await store.close();
  await rm(opts.dataDir, { recursive: true, force: true });
  await rename(staging, opts.dataDir);
  return result;
}

async function writeBackup(store: RaftStore, source: AsyncIterable<Uint8Array>, opts: RestoreOptions): Promise<RestoreResult> {
  const data = store.kvData();
  let header: BackupHeader | undefined;
  const batch = (revision: number, records: Map<string, KeyValueRecord>, leases: Map<string, LeaseRecord>, leaseKeys: LeaseKeyChange[]) => ({
    records,
    leases,
    leaseKeys,
    revision,
    events: [],
    // The history starts at the backup's revision: nothing older is replayable.
    compactRevision: revision,
    previousCompactRevision: revision,
  });
  let auth: AuthState | undefined;
  for await (const part of readBackup(source)) {
    if ('header' in part) {
      header = part.header;
      if (header.clusterId === opts.clusterId) {
        throw new InvalidArgumentError(
          'cluster-id',
          `"${opts.clusterId}" is the id of the cluster the backup was taken from; a restored cluster needs a new id (a new --initial-cluster-token, or --cluster-id) so it can never exchange messages with the old one`,
        );
      }
    } else if ('items' in part && header !== undefined) {
      const records = new Map<string, KeyValueRecord>();
      const leases = new Map<string, LeaseRecord>();
      const leaseKeys: LeaseKeyChange[] = [];
      for (const item of part.items) {
        if ('record' in item) {
          records.set(item.record.key, item.record);
          if (item.record.lease !== '0') leaseKeys.push({ leaseId: item.record.lease, key: item.record.key, attached: true });
        } else if ('lease' in item) {
          leases.set(item.lease.id, item.lease);
        } else if ('auth' in item) {
          // Users, roles and the enabled flag come back with the data, as etcd's restore keeps them.
          auth = item.auth;
        }
        // Alarms do not: they name the old cluster's members, and the new
        // members measure their own space (NOSPACE) and state (CORRUPT) again.
      }
      // Not synced one by one, and not yet applied-at-1 in any way that counts: the identity, written last, makes the dir a member's.
      await data.commit({ ...batch(header.revision, records, leases, leaseKeys), ...(auth !== undefined && { auth }) }, 0, false);
    } else if ('summary' in part && header !== undefined) {
      const voters = [...opts.peers.keys()].sort();
      const members = new Map<string, MemberContext>([...opts.peers].map(([id, peerAddress]) => [id, { peerAddress, clientAddress: '', autoPromote: false }]));
      const snapshot = { index: RESTORED_INDEX, term: RESTORED_TERM, confState: { voters, learners: [] } };
      await store.save({ hardState: { term: RESTORED_TERM, vote: '', commit: RESTORED_INDEX }, entries: [], snapshot, members }, true);
      await data.commit(batch(header.revision, new Map(), new Map(), []), RESTORED_INDEX, true, { confState: snapshot.confState, members });
      await store.saveIdentity({ clusterId: opts.clusterId, nodeId: opts.nodeId });
      return { header, summary: part.summary };
    }
  }
  // readBackup throws before this on a truncated file.
  throw new InvalidArgumentError('file', 'the backup ended without a summary');
}

async function isMissingOrEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}
