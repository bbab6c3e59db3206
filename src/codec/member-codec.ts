/**
 * Encodings of the membership address book: MemberContext (the context of a
 * ConfChange entry that adds a member, and the value of each `m:member:<id>`
 * record) and ConfState (the `m:confstate` record), both from
 * proto/raftkv/raft/v1/raft.proto.
 */
import type { ConfState } from '../raft/types';
import { CodecError, protoType } from './raft-codec';

/** How to reach a member, and whether the leader promotes it once caught up. */
export interface MemberContext {
  readonly peerAddress: string;
  /** Empty until recorded: an initial voter records its own through the log once it knows a leader (member-update). */
  readonly clientAddress: string;
  readonly autoPromote: boolean;
}

const MemberContextProto = protoType('raftkv.raft.v1.MemberContext');
const ConfStateProto = protoType('raftkv.raft.v1.ConfState');

export function encodeMemberContext(m: MemberContext): Uint8Array {
  return MemberContextProto.encode({ peerAddress: m.peerAddress, clientAddress: m.clientAddress, autoPromote: m.autoPromote }).finish();
}

/** Throws CodecError on bytes that do not decode or carry no peer address. */
export function decodeMemberContext(bytes: Uint8Array): MemberContext {
  let w: { peerAddress?: string; clientAddress?: string; autoPromote?: boolean };
  try {
    w = MemberContextProto.decode(bytes) as typeof w;
  } catch (err) {
    throw new CodecError(`member context does not decode: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!w.peerAddress) throw new CodecError('member context has no peer address');
  return { peerAddress: w.peerAddress, clientAddress: w.clientAddress ?? '', autoPromote: w.autoPromote ?? false };
}

export function encodeConfState(cs: ConfState): Uint8Array {
  return ConfStateProto.encode({ voters: [...cs.voters], learners: [...cs.learners] }).finish();
}

export function decodeConfState(bytes: Uint8Array): ConfState {
  const w = ConfStateProto.decode(bytes) as { voters?: string[]; learners?: string[] };
  return { voters: [...(w.voters ?? [])], learners: [...(w.learners ?? [])] };
}
