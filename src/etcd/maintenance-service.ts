/**
 * etcd's Maintenance service, the parts that map onto raftkv: Status (what
 * `etcdctl endpoint status` prints), Alarm (raftkv's NOSPACE and CORRUPT
 * alarms, maintenance-ops.ts), Defragment (LevelDB compaction of the
 * answering member), MoveLeader (raftkv's leadership transfer), Hash and
 * HashKV (etcd-hash.ts), and Snapshot (raftkv's backup stream, the same
 * bytes as raftkv.cluster.v1.MaintenanceService: a raftkv backup, not a
 * bbolt file).
 */
import type * as grpc from '@grpc/grpc-js';
import type { MaintenanceHandlers } from '../generated/etcdserverpb/Maintenance';
import type { RaftNode } from '../node/raft-node';
import { requestDeadline } from '../server/request-context';
import { unary, type HandlerLogger } from '../server/unary';
import { serverStream } from '../server/server-stream';
import type { SnapshotResponse } from '../generated/etcdserverpb/SnapshotResponse';
import { etcdId, type EtcdHeader } from './etcd-header';
import { EtcdError, etcdStatus } from './etcd-status';
import { memberIdOf } from './cluster-service';
import { hashKeys } from './etcd-hash';
import type { EtcdRangeReader } from './etcd-range';
import { parseRevision } from '../server/kv-request-validation';
import type { MaintenanceOps } from '../server/maintenance-ops';
import type { AlarmType } from '../kv/alarms';

/**
 * The etcd API level raftkv speaks, reported as StatusResponse.version:
 * clients read it as the server's etcd version to decide what they may ask.
 */
export const ETCD_API_VERSION = '3.4.0';

/** What Status reports of the node's database files. */
export interface DatabaseSize {
  /** Bytes of its files on disk (etcd's dbSize). */
  readonly size: number;
  /** LevelDB's estimate of the bytes its keys take in the sorted tables (etcd's dbSizeInUse). */
  readonly inUse: number;
}

export interface EtcdMaintenanceDeps {
  readonly node: Pick<RaftNode, 'id' | 'status' | 'transferLeadership'>;
  readonly reader: EtcdRangeReader;
  readonly databaseSize: () => Promise<DatabaseSize>;
  readonly header: EtcdHeader;
  readonly revision: () => number;
  readonly requestTimeoutMs: number;
  readonly logger: HandlerLogger;
  /** A fresh backup stream per call (src/storage/backup-source.ts). */
  readonly backup: () => AsyncGenerator<Buffer>;
  /** Alarms and defragmentation, as raftkv's MaintenanceService serves them. */
  readonly ops: MaintenanceOps;
}

/** etcd's AlarmType enum (NONE = 0 means every type). */
function etcdAlarmType(value: string | number): AlarmType | undefined {
  const name = typeof value === 'number' ? ['NONE', 'NOSPACE', 'CORRUPT'][value] : value;
  return name === 'NOSPACE' || name === 'CORRUPT' ? name : undefined;
}

export function etcdMaintenanceHandlers(deps: EtcdMaintenanceDeps): MaintenanceHandlers {
  const { node, header, logger } = deps;
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);
  return {
    Status: unary(
      'etcd.Status',
      logger,
      async () => {
        const db = await deps.databaseSize();
        const s = node.status();
        return {
          header: header(deps.revision()),
          version: ETCD_API_VERSION,
          dbSize: String(db.size),
          // Never more than the files: LevelDB's estimate counts tables only, not the log not yet flushed.
          dbSizeInUse: String(Math.min(db.inUse, db.size)),
          leader: etcdId(s.lead),
          raftIndex: String(s.commit),
          raftTerm: String(s.term),
          raftAppliedIndex: String(s.applied),
          errors: [],
          isLearner: s.confState.learners.includes(node.id),
        };
      },
      etcdStatus,
    ),
    Hash: unary(
      'etcd.Hash',
      logger,
      async () => {
        const h = await hashKeys(deps.reader, 0);
        return { header: header(h.revision), hash: h.hash };
      },
      etcdStatus,
    ),
    HashKV: unary(
      'etcd.HashKV',
      logger,
      async (req) => {
        const h = await hashKeys(deps.reader, Number(parseRevision('revision', req.revision)));
        return { header: header(h.revision), hash: h.hash, compact_revision: String(h.compactRevision) };
      },
      etcdStatus,
    ),
    // etcdctl 3.4's `snapshot save` copies the blobs to a file as they come
    // and checks nothing else, so it saves a raftkv backup; its `snapshot
    // status` and `restore` expect bbolt and refuse it (docs/backup-restore.md).
    Snapshot: serverStream(
      'etcd.Snapshot',
      logger,
      async function* (): AsyncGenerator<SnapshotResponse> {
        let first = true;
        for await (const blob of deps.backup()) {
          // The header once, with the revision of the moment the stream began, as etcd sends it.
          yield first ? { header: header(deps.revision()), remaining_bytes: '0', blob } : { remaining_bytes: '0', blob };
          first = false;
        }
      },
      etcdStatus,
    ),
    Alarm: unary(
      'etcd.Alarm',
      logger,
      async (req, call) => {
        const type = etcdAlarmType(req.alarm);
        // memberID 0 names every member, as etcd reads it.
        const member = req.memberID === '0' ? undefined : memberIdOf(node, req.memberID);
        if (req.action === 'ACTIVATE') {
          if (type === undefined || member === undefined) throw new EtcdError('memberNotFound');
          await deps.ops.raise(member, type, deadlineOf(call));
        } else if (req.action === 'DEACTIVATE') {
          await deps.ops.disarm(type, deadlineOf(call), member);
        }
        const alarms = deps.ops.listAlarms().map((a) => ({ memberID: etcdId(a.memberId), alarm: a.alarm }));
        return { header: header(deps.revision()), alarms };
      },
      etcdStatus,
    ),
    Defragment: unary(
      'etcd.Defragment',
      logger,
      async () => {
        await deps.ops.defragment();
        return { header: header(deps.revision()) };
      },
      etcdStatus,
    ),
    MoveLeader: unary(
      'etcd.MoveLeader',
      logger,
      async (req, call) => {
        let target: string;
        try {
          target = memberIdOf(node, req.targetID);
        } catch (err) {
          throw new EtcdError('badLeaderTransferee', { cause: err });
        }
        const s = node.status();
        // As etcd: only the leader transfers (etcdctl move-leader finds it), and only to a voter.
        if (s.lead !== node.id) throw new EtcdError('notLeader');
        if (!s.confState.voters.includes(target)) throw new EtcdError('badLeaderTransferee');
        await node.transferLeadership(target, deadlineOf(call));
        return { header: header(deps.revision()) };
      },
      etcdStatus,
    ),
  };
}
