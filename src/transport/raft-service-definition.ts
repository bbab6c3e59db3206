/**
 * The RaftService as grpc-js sees it: paths plus (de)serializers built on the
 * protobufjs types of proto/raftkv/raft/v1/raft.proto. Shared by PeerClient
 * and PeerServer so both ends agree on the bytes by construction.
 *
 * Request decoding never throws: grpc-js answers a throwing deserializer with
 * INTERNAL, but bytes a peer sent us are bad input (INVALID_ARGUMENT), so a
 * decode failure yields a `MalformedRequest` the handler rejects properly.
 */
import type * as grpc from '@grpc/grpc-js';
import { messageFromWire, messageToWire, protoType, type MessageWire } from '../codec/raft-codec';
import type { Message, NodeId } from '../raft/types';
import { errorMessage } from '../errors';
import { decodeSnapshotChunk, encodeSnapshotChunk, type SnapshotChunk } from '../codec/snapshot-codec';
import type { LeaseTimeLeft } from './transport';
import { toNumber, type Uint64, toBuffer } from '../codec/wire';
import { overlongPeerString } from './peer-strings';

/** A MalformedRequest for the first over-long peer string, or undefined. */
function checkStrings(fields: Iterable<readonly [string, string]>): MalformedRequest | undefined {
  const bad = overlongPeerString(fields);
  return bad === undefined ? undefined : new MalformedRequest(bad.field, bad.reason);
}

/** Every string of a Raft message a peer chose. */
function* messageStrings(m: Message, i: number): Generator<readonly [string, string]> {
  yield [`messages[${i}].from`, m.from];
  yield [`messages[${i}].to`, m.to];
  for (const id of [...(m.snapshot?.confState.voters ?? []), ...(m.snapshot?.confState.learners ?? [])]) yield [`messages[${i}].snapshot.conf_state`, id];
}

export const RAFT_SERVICE_NAME = 'raftkv.raft.v1.RaftService';
export const SEND_PATH = `/${RAFT_SERVICE_NAME}/Send`;
export const SEND_STREAM_PATH = `/${RAFT_SERVICE_NAME}/SendStream`;
export const PROPOSE_PATH = `/${RAFT_SERVICE_NAME}/Propose`;
export const INSTALL_SNAPSHOT_PATH = `/${RAFT_SERVICE_NAME}/InstallSnapshot`;
export const RENEW_LEASES_PATH = `/${RAFT_SERVICE_NAME}/RenewLeases`;
export const LEASE_TIMES_TO_LIVE_PATH = `/${RAFT_SERVICE_NAME}/LeaseTimesToLive`;

export interface InstallSnapshotResponse {
  readonly term: number;
}

export interface SendRequest {
  readonly clusterId: string;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly messages: readonly Message[];
}

export interface ProposeRequest {
  readonly clusterId: string;
  readonly from: NodeId;
  readonly command: Uint8Array;
  /** Set (non-empty) to propose this encoded ConfChange instead of a command. */
  readonly confChange?: Uint8Array;
}

export interface ProposeResponse {
  readonly result: Uint8Array;
  readonly index: number;
  readonly term: number;
}

/** What the server's deserializer returns for bytes that do not decode. Never built by a client. */
export class MalformedRequest {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {}
}

const SendRequestProto = protoType('raftkv.raft.v1.SendRequest');
const SendResponseProto = protoType('raftkv.raft.v1.SendResponse');
const ProposeRequestProto = protoType('raftkv.raft.v1.ProposeRequest');
const ProposeResponseProto = protoType('raftkv.raft.v1.ProposeResponse');



function encodeSendRequest(req: SendRequest | MalformedRequest): Buffer {
  if (req instanceof MalformedRequest) throw new TypeError('a MalformedRequest is never sent');
  return toBuffer(
    SendRequestProto.encode({
      clusterId: req.clusterId,
      from: req.from,
      to: req.to,
      messages: req.messages.map(messageToWire),
    }).finish(),
  );
}

function decodeSendRequest(bytes: Buffer): SendRequest | MalformedRequest {
  try {
    const w = SendRequestProto.decode(bytes) as { clusterId?: string; from?: string; to?: string; messages?: MessageWire[] };
    const req = {
      clusterId: w.clusterId ?? '',
      from: w.from ?? '',
      to: w.to ?? '',
      messages: (w.messages ?? []).map(messageFromWire),
    };
    const strings = function* (): Generator<readonly [string, string]> {
      yield ['cluster_id', req.clusterId];
      yield ['from', req.from];
      yield ['to', req.to];
      for (const [i, m] of req.messages.entries()) yield* messageStrings(m, i);
    };
    return checkStrings(strings()) ?? req;
  } catch (err) {
    return new MalformedRequest('SendRequest', `cannot be decoded (${errorMessage(err)})`);
  }
}

function encodeProposeRequest(req: ProposeRequest | MalformedRequest): Buffer {
  if (req instanceof MalformedRequest) throw new TypeError('a MalformedRequest is never sent');
  return toBuffer(
    ProposeRequestProto.encode({ clusterId: req.clusterId, from: req.from, command: req.command, confChange: req.confChange }).finish(),
  );
}

function decodeProposeRequest(bytes: Buffer): ProposeRequest | MalformedRequest {
  try {
    const w = ProposeRequestProto.decode(bytes) as { clusterId?: string; from?: string; command?: Uint8Array; confChange?: Uint8Array };
    const base = { clusterId: w.clusterId ?? '', from: w.from ?? '', command: w.command ?? new Uint8Array(0) };
    const overlong = checkStrings([['cluster_id', base.clusterId], ['from', base.from]]);
    if (overlong !== undefined) return overlong;
    return w.confChange !== undefined && w.confChange.length > 0 ? { ...base, confChange: w.confChange } : base;
  } catch (err) {
    return new MalformedRequest('ProposeRequest', `cannot be decoded (${errorMessage(err)})`);
  }
}

function encodeProposeResponse(res: ProposeResponse): Buffer {
  return toBuffer(ProposeResponseProto.encode({ result: res.result, index: res.index, term: res.term }).finish());
}

/** Throws on bad bytes: grpc-js turns that into a failed call, which the client treats as outcome unknown. */
function decodeProposeResponse(bytes: Buffer): ProposeResponse {
  const w = ProposeResponseProto.decode(bytes) as { result?: Uint8Array; index?: Uint64; term?: Uint64 };
  return { result: w.result ?? new Uint8Array(0), index: toNumber(w.index), term: toNumber(w.term) };
}

export type SendResponse = Record<string, never>;
const EMPTY_RESPONSE: SendResponse = {};

export const sendMethod: grpc.MethodDefinition<SendRequest | MalformedRequest, SendResponse> = {
  path: SEND_PATH,
  originalName: 'send',
  requestStream: false,
  responseStream: false,
  requestSerialize: encodeSendRequest,
  requestDeserialize: decodeSendRequest,
  responseSerialize: () => toBuffer(SendResponseProto.encode({}).finish()),
  // SendResponse is empty by contract; its bytes carry nothing worth decoding.
  responseDeserialize: () => EMPTY_RESPONSE,
};

/**
 * Send's batches on one stream per peer (peer-client.ts). SendStreamRequest
 * numbers its fields as SendRequest does, so Send's codec reads and writes it.
 */
export const sendStreamMethod: grpc.MethodDefinition<SendRequest | MalformedRequest, SendResponse> = {
  ...sendMethod,
  path: SEND_STREAM_PATH,
  originalName: 'sendStream',
  requestStream: true,
};

export const proposeMethod: grpc.MethodDefinition<ProposeRequest | MalformedRequest, ProposeResponse> = {
  path: PROPOSE_PATH,
  originalName: 'propose',
  requestStream: false,
  responseStream: false,
  requestSerialize: encodeProposeRequest,
  requestDeserialize: decodeProposeRequest,
  responseSerialize: encodeProposeResponse,
  responseDeserialize: decodeProposeResponse,
};

const InstallSnapshotResponseProto = protoType('raftkv.raft.v1.InstallSnapshotResponse');

function decodeChunk(bytes: Buffer): SnapshotChunk | MalformedRequest {
  try {
    const chunk = decodeSnapshotChunk(bytes);
    if (!('header' in chunk)) return chunk;
    const h = chunk.header;
    const strings = function* (): Generator<readonly [string, string]> {
      yield ['header.cluster_id', h.clusterId];
      yield ['header.from', h.from];
      yield ['header.to', h.to];
      for (const [id, m] of h.members) {
        yield ['header.members.id', id];
        yield ['header.members.peer_address', m.peerAddress];
        yield ['header.members.client_address', m.clientAddress];
      }
      for (const id of [...h.metadata.confState.voters, ...h.metadata.confState.learners]) yield ['header.metadata.conf_state', id];
    };
    return checkStrings(strings()) ?? chunk;
  } catch (err) {
    return new MalformedRequest('InstallSnapshotRequest', `cannot be decoded (${errorMessage(err)})`);
  }
}

export const installSnapshotMethod: grpc.MethodDefinition<SnapshotChunk | MalformedRequest, InstallSnapshotResponse> = {
  path: INSTALL_SNAPSHOT_PATH,
  originalName: 'installSnapshot',
  requestStream: true,
  responseStream: false,
  requestSerialize: (chunk) => {
    if (chunk instanceof MalformedRequest) throw new TypeError('a MalformedRequest is never sent');
    return toBuffer(encodeSnapshotChunk(chunk));
  },
  requestDeserialize: decodeChunk,
  responseSerialize: (res) => toBuffer(InstallSnapshotResponseProto.encode({ term: res.term }).finish()),
  responseDeserialize: (bytes) => ({ term: toNumber((InstallSnapshotResponseProto.decode(bytes) as { term?: Uint64 }).term) }),
};

/** RenewLeases and LeaseTimesToLive ask the leader about leases by id (decimal int64 strings). */
export interface LeaseIdsRequest {
  readonly clusterId: string;
  readonly from: NodeId;
  readonly ids: readonly string[];
}

export interface RenewLeasesResponse {
  /** Per requested id: the TTL restarted, 0 when the lease does not exist. */
  readonly ttlSeconds: readonly number[];
}

export interface LeaseTimesToLiveResponse {
  readonly leases: readonly LeaseTimeLeft[];
}

type Int64 = number | string | { toString(): string };
/** protobufjs decodes int64 as a Long (or a number when small); ids stay exact as decimal strings. */
function int64String(v: Int64 | undefined | null): string {
  return v === undefined || v === null ? '0' : String(v);
}

const RenewLeasesRequestProto = protoType('raftkv.raft.v1.RenewLeasesRequest');
const RenewLeasesResponseProto = protoType('raftkv.raft.v1.RenewLeasesResponse');
const LeaseTimesToLiveRequestProto = protoType('raftkv.raft.v1.LeaseTimesToLiveRequest');
const LeaseTimesToLiveResponseProto = protoType('raftkv.raft.v1.LeaseTimesToLiveResponse');

function leaseIdsCodec(type: ReturnType<typeof protoType>): {
  encode: (req: LeaseIdsRequest | MalformedRequest) => Buffer;
  decode: (bytes: Buffer) => LeaseIdsRequest | MalformedRequest;
} {
  return {
    encode: (req) => {
      if (req instanceof MalformedRequest) throw new TypeError('a MalformedRequest is never sent');
      // protobufjs encodes a decimal string as an exact int64.
      return toBuffer(type.encode({ clusterId: req.clusterId, from: req.from, ids: [...req.ids] }).finish());
    },
    decode: (bytes) => {
      try {
        const w = type.decode(bytes) as { clusterId?: string; from?: string; ids?: Int64[] };
        const req = { clusterId: w.clusterId ?? '', from: w.from ?? '', ids: (w.ids ?? []).map(int64String) };
        return checkStrings([['cluster_id', req.clusterId], ['from', req.from]]) ?? req;
      } catch (err) {
        return new MalformedRequest(type.name, `cannot be decoded (${errorMessage(err)})`);
      }
    },
  };
}

const renewLeasesCodec = leaseIdsCodec(RenewLeasesRequestProto);
const leaseTimesToLiveCodec = leaseIdsCodec(LeaseTimesToLiveRequestProto);

export const renewLeasesMethod: grpc.MethodDefinition<LeaseIdsRequest | MalformedRequest, RenewLeasesResponse> = {
  path: RENEW_LEASES_PATH,
  originalName: 'renewLeases',
  requestStream: false,
  responseStream: false,
  requestSerialize: renewLeasesCodec.encode,
  requestDeserialize: renewLeasesCodec.decode,
  responseSerialize: (res) => toBuffer(RenewLeasesResponseProto.encode({ ttlSeconds: [...res.ttlSeconds] }).finish()),
  responseDeserialize: (bytes) => {
    const w = RenewLeasesResponseProto.decode(bytes) as { ttlSeconds?: Int64[] };
    return { ttlSeconds: (w.ttlSeconds ?? []).map((v) => Number(int64String(v))) };
  },
};

export const leaseTimesToLiveMethod: grpc.MethodDefinition<LeaseIdsRequest | MalformedRequest, LeaseTimesToLiveResponse> = {
  path: LEASE_TIMES_TO_LIVE_PATH,
  originalName: 'leaseTimesToLive',
  requestStream: false,
  responseStream: false,
  requestSerialize: leaseTimesToLiveCodec.encode,
  requestDeserialize: leaseTimesToLiveCodec.decode,
  responseSerialize: (res) => toBuffer(LeaseTimesToLiveResponseProto.encode({ leases: res.leases.map((l) => ({ ...l })) }).finish()),
  responseDeserialize: (bytes) => {
    const w = LeaseTimesToLiveResponseProto.decode(bytes) as { leases?: { ttlSeconds?: Int64; grantedTtlSeconds?: Int64 }[] };
    return {
      leases: (w.leases ?? []).map((l) => ({ ttlSeconds: Number(int64String(l.ttlSeconds)), grantedTtlSeconds: Number(int64String(l.grantedTtlSeconds)) })),
    };
  },
};

/** The definition `grpc.Server.addService` takes; keys match the handler names in PeerServer. */
export const raftServiceDefinition = {
  Send: sendMethod,
  SendStream: sendStreamMethod,
  Propose: proposeMethod,
  InstallSnapshot: installSnapshotMethod,
  RenewLeases: renewLeasesMethod,
  LeaseTimesToLive: leaseTimesToLiveMethod,
} as const satisfies grpc.ServiceDefinition;
