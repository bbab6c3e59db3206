/** raftkv.kv.v1.KVService: Put, Get and Delete on any node. */
import type * as grpc from '@grpc/grpc-js';
import type { KVServiceHandlers } from '../generated/raftkv/kv/v1/KVService';
import type { ResponseHeader } from '../generated/raftkv/kv/v1/ResponseHeader';
import type { RaftNode } from '../node/raft-node';
import type { KvStateMachine } from '../kv/state-machine';
import { decodeResult, encodeCommand } from '../kv/command';
import { validateKey, validateValue } from '../kv/validate';
import { InvalidArgumentError } from '../errors';
import { requestDeadline } from './request-context';
import { unary, type HandlerLogger } from './unary';

export interface KvServiceDeps {
  readonly node: RaftNode;
  readonly stateMachine: KvStateMachine;
  readonly requestTimeoutMs: number;
  readonly logger: HandlerLogger;
}

const CONSISTENCY_VALUES = ['CONSISTENCY_UNSPECIFIED', 'CONSISTENCY_LINEARIZABLE', 'CONSISTENCY_SERIALIZABLE'] as const;
type ConsistencyName = (typeof CONSISTENCY_VALUES)[number];

/** proto-loader gives a known enum value as its name and an unknown one as its number. */
export function parseConsistency(value: unknown): ConsistencyName {
  if (typeof value === 'string' && (CONSISTENCY_VALUES as readonly string[]).includes(value)) return value as ConsistencyName;
  throw new InvalidArgumentError(
    'consistency',
    `unknown value ${String(value)}; expected CONSISTENCY_UNSPECIFIED (0), CONSISTENCY_LINEARIZABLE (1) or CONSISTENCY_SERIALIZABLE (2)`,
  );
}

export function kvServiceHandlers(deps: KvServiceDeps): KVServiceHandlers {
  const { node, stateMachine, logger } = deps;
  const header = (): ResponseHeader => ({
    member_id: node.id,
    raft_term: String(node.status().term),
    applied_index: String(node.appliedIndex),
  });
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);

  return {
    Put: unary('Put', logger, async (req, call) => {
      validateKey(req.key);
      validateValue(req.value);
      await node.propose(encodeCommand({ op: 'put', key: req.key, value: req.value }), deadlineOf(call));
      return { header: header() };
    }),
    Get: unary('Get', logger, async (req, call) => {
      validateKey(req.key);
      const consistency = parseConsistency(req.consistency);
      if (consistency !== 'CONSISTENCY_SERIALIZABLE') await node.linearizableBarrier(deadlineOf(call));
      else node.assertServing();
      const value = await stateMachine.get(req.key);
      return { header: header(), found: value !== undefined, value: value === undefined ? Buffer.alloc(0) : Buffer.from(value) };
    }),
    Delete: unary('Delete', logger, async (req, call) => {
      validateKey(req.key);
      const applied = await node.propose(encodeCommand({ op: 'delete', key: req.key }), deadlineOf(call));
      return { header: header(), found: decodeResult(applied.result).found };
    }),
  };
}
