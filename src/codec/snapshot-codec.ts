/**
 * The chunks of an InstallSnapshot stream (raftkv.raft.v1.InstallSnapshotRequest):
 * a header first (who, term, snapshot metadata, address book), then batches
 * of KV pairs, each bounded in size so a stream of any length moves in
 * messages well under gRPC's receive limit.
 */
import type { SnapshotMetadata, NodeId } from '../raft/types';
import type { MemberContext } from './member-codec';
import { CodecError, protoType, snapshotMetadataFromWire, snapshotMetadataToWire, type SnapshotMetadataWire } from './raft-codec';

export interface SnapshotHeader {
  readonly clusterId: string;
  readonly from: NodeId;
  readonly to: NodeId;
  /** The leader's term when its core asked for the snapshot. */
  readonly term: number;
  /** The applied index the data reflects, its term, and the configuration as of it. */
  readonly metadata: SnapshotMetadata;
  /** The address book as of metadata.index. */
  readonly members: ReadonlyMap<NodeId, MemberContext>;
}

export interface KvPair {
  readonly key: string;
  readonly value: Uint8Array;
}

export type SnapshotChunk = { readonly header: SnapshotHeader } | { readonly pairs: readonly KvPair[] };

/** Upper bound of one chunk's pairs, in key + value bytes (a single larger pair still goes alone). */
export const SNAPSHOT_CHUNK_BYTES = 1024 * 1024;

const ChunkProto = protoType('raftkv.raft.v1.InstallSnapshotRequest');

type Uint64 = number | { toNumber(): number };
interface ChunkWire {
  header?: {
    clusterId?: string;
    from?: string;
    to?: string;
    term?: Uint64;
    metadata?: SnapshotMetadataWire;
    members?: { id?: string; context?: { peerAddress?: string; clientAddress?: string; autoPromote?: boolean } }[];
  };
  pairs?: { key?: string; value?: Uint8Array }[];
}

function toNumber(v: Uint64 | undefined): number {
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

export function encodeSnapshotChunk(chunk: SnapshotChunk): Uint8Array {
  if ('header' in chunk) {
    const h = chunk.header;
    return ChunkProto.encode({
      header: {
        clusterId: h.clusterId,
        from: h.from,
        to: h.to,
        term: h.term,
        metadata: snapshotMetadataToWire(h.metadata),
        members: [...h.members].map(([id, m]) => ({ id, context: { peerAddress: m.peerAddress, clientAddress: m.clientAddress, autoPromote: m.autoPromote } })),
      },
    }).finish();
  }
  return ChunkProto.encode({ pairs: chunk.pairs.map((p) => ({ key: p.key, value: p.value })) }).finish();
}

/** Throws CodecError on bytes that are not a chunk, or a header without metadata or with a nameless member. */
export function decodeSnapshotChunk(bytes: Uint8Array): SnapshotChunk {
  let w: ChunkWire;
  try {
    w = ChunkProto.decode(bytes) as ChunkWire;
  } catch (err) {
    throw new CodecError(`snapshot chunk does not decode: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (w.header !== undefined && w.header !== null) {
    const h = w.header;
    if (h.metadata === undefined || h.metadata === null) throw new CodecError('snapshot header carries no metadata');
    const members = new Map<NodeId, MemberContext>();
    for (const m of h.members ?? []) {
      if (!m.id || !m.context?.peerAddress) throw new CodecError('snapshot header names a member without id or peer address');
      members.set(m.id, { peerAddress: m.context.peerAddress, clientAddress: m.context.clientAddress ?? '', autoPromote: m.context.autoPromote ?? false });
    }
    return {
      header: {
        clusterId: h.clusterId ?? '',
        from: h.from ?? '',
        to: h.to ?? '',
        term: toNumber(h.term),
        metadata: snapshotMetadataFromWire(h.metadata),
        members,
      },
    };
  }
  return { pairs: (w.pairs ?? []).map((p) => ({ key: p.key ?? '', value: p.value ?? new Uint8Array(0) })) };
}

/** Groups pairs into chunks of at most `maxBytes` (key + value bytes), never empty. */
export async function* chunkPairs(pairs: AsyncIterable<KvPair>, maxBytes = SNAPSHOT_CHUNK_BYTES): AsyncGenerator<readonly KvPair[]> {
  let batch: KvPair[] = [];
  let bytes = 0;
  for await (const p of pairs) {
    const size = Buffer.byteLength(p.key) + p.value.byteLength;
    if (batch.length > 0 && bytes + size > maxBytes) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(p);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
