/**
 * etcd's Maintenance service, the parts that map onto raftkv: Status (what
 * `etcdctl endpoint status` prints), Alarm (raftkv raises no alarms, so the
 * list is always empty), MoveLeader (raftkv's leadership transfer), and Hash
 * and HashKV (etcd-hash.ts). Snapshot and Defragment are not declared:
 * UNIMPLEMENTED.
 */
import type * as grpc from '@grpc/grpc-js';
import type { MaintenanceHandlers } from '../generated/etcdserverpb/Maintenance';
import type { RaftNode } from '../node/raft-node';
import { requestDeadline } from '../server/request-context';
import { unary, type HandlerLogger } from '../server/unary';
import { etcdId, type EtcdHeader } from './etcd-header';
import { EtcdError, etcdStatus } from './etcd-status';
import { memberIdOf } from './cluster-service';
import { hashKeys } from './etcd-hash';
import type { EtcdRangeReader } from './etcd-range';
import { parseRevision } from '../server/kv-request-validation';

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
    Alarm: unary('etcd.Alarm', logger, async () => ({ header: header(deps.revision()), alarms: [] }), etcdStatus),
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
