/**
 * RaftService.Probe: before a node with an empty data dir bootstraps, it asks
 * its initial peers, on their peer ports (the only addresses `--peers`
 * gives), whether a cluster already exists (src/server/find-running-cluster.ts).
 * The method definition (for PeerServer) and a one-shot client live here.
 */
import * as grpc from '@grpc/grpc-js';
import { protoType } from '../codec/raft-codec';
import { errorMessage } from '../errors';
import type { ConfState, NodeId } from '../raft/types';
import { toNumber, type Uint64, toBuffer } from '../codec/wire';
import { overlongPeerString } from './peer-strings';

export const PROBE_PATH = '/raftkv.raft.v1.RaftService/Probe';

export interface ProbeRequest {
  readonly clusterId: string;
  readonly from: NodeId;
}

/** Where the answering node stands; see ProbeState in raft.proto. */
export type ProbeState = 'empty' | 'member' | 'joining' | 'removed';

export interface ProbeResponse {
  readonly nodeId: NodeId;
  readonly state: ProbeState;
  readonly confState: ConfState;
  readonly leaderId: NodeId;
  readonly clientAddress: string;
  /** A cluster still forming: initial configuration, empty log (raft.proto). */
  readonly fresh: boolean;
  readonly term: number;
  readonly commit: number;
  /** Where the answering node's log begins (its snapshot's index and configuration). */
  readonly baseIndex: number;
  readonly baseConfState: ConfState;
  /** The answering node's cluster id; absent from a node of a version before ids were derived. */
  readonly clusterId?: string;
}

/** What the server's deserializer returns for bytes that do not decode. */
export class MalformedProbe {
  constructor(readonly reason: string) {}
}

const ProbeRequestProto = protoType('raftkv.raft.v1.ProbeRequest');
const ProbeResponseProto = protoType('raftkv.raft.v1.ProbeResponse');

const STATE_TO_WIRE: Record<ProbeState, number> = { empty: 1, member: 2, joining: 3, removed: 4 };
const STATE_FROM_WIRE = new Map<number, ProbeState>(Object.entries(STATE_TO_WIRE).map(([k, v]) => [v, k as ProbeState]));



function decodeResponse(bytes: Buffer): ProbeResponse {
  const w = ProbeResponseProto.decode(bytes) as {
    nodeId?: string;
    state?: number;
    confState?: { voters?: string[]; learners?: string[] };
    leaderId?: string;
    clientAddress?: string;
    fresh?: boolean;
    term?: Uint64;
    commit?: Uint64;
    baseIndex?: Uint64;
    baseConfState?: { voters?: string[]; learners?: string[] };
    clusterId?: string;
  };
  const state = STATE_FROM_WIRE.get(w.state ?? 0);
  // An answer we cannot place is treated as a running cluster: never a reason to bootstrap.
  return {
    nodeId: w.nodeId ?? '',
    state: state ?? 'member',
    confState: { voters: w.confState?.voters ?? [], learners: w.confState?.learners ?? [] },
    leaderId: w.leaderId ?? '',
    clientAddress: w.clientAddress ?? '',
    fresh: state !== undefined && w.fresh === true,
    term: toNumber(w.term),
    commit: toNumber(w.commit),
    baseIndex: toNumber(w.baseIndex),
    baseConfState: { voters: w.baseConfState?.voters ?? [], learners: w.baseConfState?.learners ?? [] },
    ...(w.clusterId ? { clusterId: w.clusterId } : {}),
  };
}

export const probeMethod: grpc.MethodDefinition<ProbeRequest | MalformedProbe, ProbeResponse> = {
  path: PROBE_PATH,
  originalName: 'probe',
  requestStream: false,
  responseStream: false,
  requestSerialize: (req) => {
    if (req instanceof MalformedProbe) throw new TypeError('a MalformedProbe is never sent');
    return toBuffer(ProbeRequestProto.encode({ clusterId: req.clusterId, from: req.from }).finish());
  },
  requestDeserialize: (bytes) => {
    try {
      const w = ProbeRequestProto.decode(bytes) as { clusterId?: string; from?: string };
      const req = { clusterId: w.clusterId ?? '', from: w.from ?? '' };
      const overlong = overlongPeerString([['cluster_id', req.clusterId], ['from', req.from]]);
      return overlong === undefined ? req : new MalformedProbe(`${overlong.field} ${overlong.reason}`);
    } catch (err) {
      return new MalformedProbe(`cannot be decoded (${errorMessage(err)})`);
    }
  },
  responseSerialize: (res) =>
    toBuffer(
      ProbeResponseProto.encode({
        nodeId: res.nodeId,
        state: STATE_TO_WIRE[res.state],
        confState: { voters: [...res.confState.voters], learners: [...res.confState.learners] },
        leaderId: res.leaderId,
        clientAddress: res.clientAddress,
        fresh: res.fresh,
        term: res.term,
        commit: res.commit,
        baseIndex: res.baseIndex,
        baseConfState: { voters: [...res.baseConfState.voters], learners: [...res.baseConfState.learners] },
        clusterId: res.clusterId ?? '',
      }).finish(),
    ),
  responseDeserialize: decodeResponse,
};

/** Probes the peer at `address` (host:port of its peer port) once, on a channel of its own. */
export function probePeer(address: string, req: ProbeRequest, timeoutMs: number, credentials?: grpc.ChannelCredentials): Promise<ProbeResponse> {
  const client = new grpc.Client(address, credentials ?? grpc.credentials.createInsecure());
  return new Promise<ProbeResponse>((resolve, reject) => {
    client.makeUnaryRequest(
      PROBE_PATH,
      probeMethod.requestSerialize,
      probeMethod.responseDeserialize,
      req,
      new grpc.Metadata(),
      { deadline: new Date(Date.now() + timeoutMs) },
      (err, res) => (err !== null || res === undefined ? reject(err ?? new Error('empty probe answer')) : resolve(res)),
    );
  }).finally(() => client.close());
}
