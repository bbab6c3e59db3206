/**
 * etcd's Maintenance service, the parts that map onto raftkv: Status (what
 * `etcdctl endpoint status` prints), Alarm (raftkv raises no alarms, so the
 * list is always empty) and MoveLeader (raftkv's leadership transfer).
 * Snapshot, Defragment, Hash and HashKV are not declared: UNIMPLEMENTED.
 */
import type * as grpc from '@grpc/grpc-js';
import type { MaintenanceHandlers } from '../generated/etcdserverpb/Maintenance';
import type { RaftNode } from '../node/raft-node';
import { requestDeadline } from '../server/request-context';
import { unary, type HandlerLogger } from '../server/unary';
import { etcdId, type EtcdHeader } from './etcd-header';
import { EtcdError, etcdStatus } from './etcd-status';
import { memberIdOf } from './cluster-service';

/**
 * The etcd API level raftkv speaks, reported as StatusResponse.version:
 * clients read it as the server's etcd version to decide what they may ask.
 */
export const ETCD_API_VERSION = '3.4.0';

export interface EtcdMaintenanceDeps {
  readonly node: Pick<RaftNode, 'id' | 'status' | 'transferLeadership'>;
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
        const s = node.status();
        return {
          header: header(deps.revision()),
          version: ETCD_API_VERSION,
          // raftkv does not measure its LevelDB files per request; 0 says "not reported".
          dbSize: '0',
          dbSizeInUse: '0',
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
