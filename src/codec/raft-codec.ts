/**
 * Binary encodings of the Raft core's types, shared by the disk (src/storage)
 * and the wire (src/transport). One protobuf schema (proto/raftkv/raft/v1)
 * serves both, so a log entry is the same bytes on disk and in a MsgApp.
 */
import protobuf from 'protobufjs';
import { isAbsolute, join } from 'node:path';
import { PROTO_FILES, protoRoot } from './proto-files';
import {
  EMPTY_BYTES,
  EntryType,
  MessageType,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type SnapshotMetadata,
} from '../raft/types';
import { toNumber, type Uint64 } from './wire';

const root = new protobuf.Root();
// Imports name files relative to proto/ (command.proto imports
// "raftkv/kv/v1/kv.proto"); protobufjs would resolve them next to the importer.
root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(protoRoot(), target));
root.loadSync([PROTO_FILES.raft, PROTO_FILES.command], { keepCase: false });

export function protoType(name: string): protobuf.Type {
  return root.lookupType(name);
}

const EntryProto = protoType('raftkv.raft.v1.Entry');
const HardStateProto = protoType('raftkv.raft.v1.HardState');
const SnapshotMetadataProto = protoType('raftkv.raft.v1.SnapshotMetadata');
const MessageProto = protoType('raftkv.raft.v1.Message');


const ENTRY_TYPE_TO_WIRE: Record<EntryType, number> = { Normal: 1, ConfChange: 2 };
const ENTRY_TYPE_FROM_WIRE = new Map<number, EntryType>([
  [1, EntryType.Normal],
  [2, EntryType.ConfChange],
]);

const MESSAGE_TYPE_TO_WIRE: Partial<Record<MessageType, number>> = {
  MsgApp: 1,
  MsgAppResp: 2,
  MsgVote: 3,
  MsgVoteResp: 4,
  MsgPreVote: 5,
  MsgPreVoteResp: 6,
  MsgHeartbeat: 7,
  MsgHeartbeatResp: 8,
  MsgTimeoutNow: 9,
  MsgReadIndex: 10,
  MsgReadIndexResp: 11,
  MsgSnap: 12,
};
const MESSAGE_TYPE_FROM_WIRE = new Map<number, MessageType>(
  Object.entries(MESSAGE_TYPE_TO_WIRE).map(([k, v]) => [v, k as MessageType]),
);

/** Raised when bytes from disk or a peer do not decode to a valid value. */
export class CodecError extends Error {
  override readonly name = 'CodecError';
}

interface EntryWire {
  index?: Uint64;
  term?: Uint64;
  type?: number;
  data?: Uint8Array;
}

function entryToWire(e: Entry): EntryWire {
  return { index: e.index, term: e.term, type: ENTRY_TYPE_TO_WIRE[e.type], data: e.data };
}

function entryFromWire(w: EntryWire): Entry {
  const type = ENTRY_TYPE_FROM_WIRE.get(w.type ?? 0);
  if (type === undefined) throw new CodecError(`unknown entry type ${String(w.type)}`);
  return { index: toNumber(w.index, 'entry index'), term: toNumber(w.term, 'entry term'), type, data: w.data ?? EMPTY_BYTES };
}

export function encodeEntry(e: Entry): Uint8Array {
  return EntryProto.encode(entryToWire(e)).finish();
}

export function decodeEntry(bytes: Uint8Array): Entry {
  return entryFromWire(EntryProto.decode(bytes) as EntryWire);
}

export function encodeHardState(hs: HardState): Uint8Array {
  return HardStateProto.encode({ term: hs.term, vote: hs.vote, commit: hs.commit }).finish();
}

export function decodeHardState(bytes: Uint8Array): HardState {
  const w = HardStateProto.decode(bytes) as { term?: Uint64; vote?: string; commit?: Uint64 };
  return { term: toNumber(w.term), vote: w.vote ?? '', commit: toNumber(w.commit) };
}

interface ConfStateWire {
  voters?: string[];
  learners?: string[];
}
export interface SnapshotMetadataWire {
  index?: Uint64;
  term?: Uint64;
  confState?: ConfStateWire;
}

function confStateFromWire(w: ConfStateWire | undefined | null): ConfState {
  return { voters: [...(w?.voters ?? [])], learners: [...(w?.learners ?? [])] };
}

export function snapshotMetadataToWire(m: SnapshotMetadata): SnapshotMetadataWire {
  return {
    index: m.index,
    term: m.term,
    confState: { voters: [...m.confState.voters], learners: [...m.confState.learners] },
  };
}

export function snapshotMetadataFromWire(w: SnapshotMetadataWire): SnapshotMetadata {
  return { index: toNumber(w.index, 'snapshot index'), term: toNumber(w.term, 'snapshot term'), confState: confStateFromWire(w.confState) };
}

export function encodeSnapshotMetadata(m: SnapshotMetadata): Uint8Array {
  return SnapshotMetadataProto.encode(snapshotMetadataToWire(m)).finish();
}

export function decodeSnapshotMetadata(bytes: Uint8Array): SnapshotMetadata {
  return snapshotMetadataFromWire(SnapshotMetadataProto.decode(bytes) as SnapshotMetadataWire);
}

/** The plain-object form of a Message that protobufjs encodes; also used nested in SendRequest. */
export interface MessageWire {
  type?: number;
  from?: string;
  to?: string;
  term?: Uint64;
  logTerm?: Uint64;
  index?: Uint64;
  entries?: EntryWire[];
  commit?: Uint64;
  reject?: boolean;
  rejectHint?: Uint64;
  rejectHintTerm?: Uint64;
  context?: Uint8Array;
  snapshot?: SnapshotMetadataWire | null;
}

export function messageToWire(m: Message): MessageWire {
  const type = MESSAGE_TYPE_TO_WIRE[m.type];
  if (type === undefined) throw new CodecError(`message type ${m.type} is local and never crosses the network`);
  const wire: MessageWire = {
    type,
    from: m.from,
    to: m.to,
    term: m.term,
    logTerm: m.logTerm,
    index: m.index,
    entries: m.entries.map(entryToWire),
    commit: m.commit,
    reject: m.reject,
    rejectHint: m.rejectHint,
    rejectHintTerm: m.rejectHintTerm,
    context: m.context,
  };
  if (m.snapshot !== undefined) wire.snapshot = snapshotMetadataToWire(m.snapshot);
  return wire;
}

export function messageFromWire(w: MessageWire): Message {
  const type = MESSAGE_TYPE_FROM_WIRE.get(w.type ?? 0);
  if (type === undefined) throw new CodecError(`unknown message type ${String(w.type)}`);
  const m: Message = {
    type,
    from: w.from ?? '',
    to: w.to ?? '',
    term: toNumber(w.term, 'term'),
    logTerm: toNumber(w.logTerm, 'log_term'),
    index: toNumber(w.index, 'index'),
    entries: (w.entries ?? []).map(entryFromWire),
    commit: toNumber(w.commit, 'commit'),
    reject: w.reject ?? false,
    rejectHint: toNumber(w.rejectHint, 'reject_hint'),
    rejectHintTerm: toNumber(w.rejectHintTerm, 'reject_hint_term'),
    context: w.context ?? EMPTY_BYTES,
  };
  return w.snapshot ? { ...m, snapshot: snapshotMetadataFromWire(w.snapshot) } : m;
}

export function encodeMessage(m: Message): Uint8Array {
  return MessageProto.encode(messageToWire(m)).finish();
}

export function decodeMessage(bytes: Uint8Array): Message {
  return messageFromWire(MessageProto.decode(bytes) as MessageWire);
}
