/**
 * RaftService.ProposeBatch as grpc-js sees it (raft.proto): the commands a
 * follower forwards in one turn of its event loop, each with its own deadline
 * and its own outcome. An outcome is what Propose would have answered — the
 * result, or the status with its details and trailing metadata — so the
 * forwarding node turns it into the same raftkv error (fromGrpcError) and
 * the not-attempted / outcome-unknown contract of Propose holds per command.
 */
import * as grpc from '@grpc/grpc-js';
import { protoType } from '../codec/raft-codec';
import { toBuffer, toNumber, type Uint64 } from '../codec/wire';
import { errorMessage } from '../errors';
import type { GrpcStatus } from '../grpc-status';
import type { NodeId } from '../raft/types';
import { overlongPeerString } from './peer-strings';
import { MalformedRequest, RAFT_SERVICE_NAME, type ProposeResponse } from './raft-service-definition';

export const PROPOSE_BATCH_PATH = `/${RAFT_SERVICE_NAME}/ProposeBatch`;

export interface ProposedCommand {
  readonly command: Uint8Array;
  /** The client's deadline, in ms since the epoch. */
  readonly deadlineUnixMs: number;
}

export interface ProposeBatchRequest {
  readonly clusterId: string;
  readonly from: NodeId;
  readonly commands: readonly ProposedCommand[];
}

/** A failed command's status, as Propose would have answered it. */
export interface OutcomeStatus {
  readonly code: grpc.status;
  readonly details: string;
  readonly metadata: readonly (readonly [string, string])[];
}

export type ProposeOutcome = { readonly ok: ProposeResponse } | { readonly failed: OutcomeStatus };

export interface ProposeBatchResponse {
  readonly outcomes: readonly ProposeOutcome[];
}

const RequestProto = protoType('raftkv.raft.v1.ProposeBatchRequest');
const ResponseProto = protoType('raftkv.raft.v1.ProposeBatchResponse');

type Int64 = number | string | { toString(): string };

interface OutcomeWire {
  result?: Uint8Array;
  index?: Uint64;
  term?: Uint64;
  code?: number;
  details?: string;
  metadata?: { key?: string; value?: string }[];
}

/** The outcome of a failed command, from the status toGrpcStatus gave its error. */
export function outcomeOf(status: GrpcStatus): ProposeOutcome {
  const metadata: (readonly [string, string])[] = [];
  for (const [key, values] of Object.entries(status.metadata.getMap())) metadata.push([key, typeof values === 'string' ? values : values.toString('utf8')]);
  return { failed: { code: status.code, details: status.details, metadata } };
}

/** A failed outcome in the shape a failed call has, for fromGrpcError. */
export function outcomeError(status: OutcomeStatus): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  for (const [key, value] of status.metadata) metadata.set(key, value);
  return Object.assign(new Error(status.details), { code: status.code, details: status.details, metadata });
}

function encodeRequest(req: ProposeBatchRequest | MalformedRequest): Buffer {
  if (req instanceof MalformedRequest) throw new TypeError('a MalformedRequest is never sent');
  return toBuffer(
    RequestProto.encode({
      clusterId: req.clusterId,
      from: req.from,
      commands: req.commands.map((c) => ({ command: c.command, deadlineUnixMs: c.deadlineUnixMs })),
    }).finish(),
  );
}

function decodeRequest(bytes: Buffer): ProposeBatchRequest | MalformedRequest {
  try {
    const w = RequestProto.decode(bytes) as { clusterId?: string; from?: string; commands?: { command?: Uint8Array; deadlineUnixMs?: Int64 }[] };
    const req = {
      clusterId: w.clusterId ?? '',
      from: w.from ?? '',
      commands: (w.commands ?? []).map((c) => ({ command: c.command ?? new Uint8Array(0), deadlineUnixMs: Number(String(c.deadlineUnixMs ?? 0)) })),
    };
    const overlong = overlongPeerString([
      ['cluster_id', req.clusterId],
      ['from', req.from],
    ]);
    return overlong === undefined ? req : new MalformedRequest(overlong.field, overlong.reason);
  } catch (err) {
    return new MalformedRequest('ProposeBatchRequest', `cannot be decoded (${errorMessage(err)})`);
  }
}

function encodeResponse(res: ProposeBatchResponse): Buffer {
  return toBuffer(
    ResponseProto.encode({
      outcomes: res.outcomes.map((o) =>
        'ok' in o
          ? { result: o.ok.result, index: o.ok.index, term: o.ok.term, code: 0 }
          : { code: o.failed.code, details: o.failed.details, metadata: o.failed.metadata.map(([key, value]) => ({ key, value })) },
      ),
    }).finish(),
  );
}

/** Throws on bad bytes: grpc-js turns that into a failed call, whose commands' outcome is then unknown. */
function decodeResponse(bytes: Buffer): ProposeBatchResponse {
  const w = ResponseProto.decode(bytes) as { outcomes?: OutcomeWire[] };
  return {
    outcomes: (w.outcomes ?? []).map((o): ProposeOutcome =>
      (o.code ?? 0) === 0
        ? { ok: { result: o.result ?? new Uint8Array(0), index: toNumber(o.index), term: toNumber(o.term) } }
        : { failed: { code: o.code as grpc.status, details: o.details ?? '', metadata: (o.metadata ?? []).map((m) => [m.key ?? '', m.value ?? ''] as const) } },
    ),
  };
}

export const proposeBatchMethod: grpc.MethodDefinition<ProposeBatchRequest | MalformedRequest, ProposeBatchResponse> = {
  path: PROPOSE_BATCH_PATH,
  originalName: 'proposeBatch',
  requestStream: false,
  responseStream: false,
  requestSerialize: encodeRequest,
  requestDeserialize: decodeRequest,
  responseSerialize: encodeResponse,
  responseDeserialize: decodeResponse,
};
