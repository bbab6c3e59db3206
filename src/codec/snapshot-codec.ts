/**
 * The chunks of an InstallSnapshot stream (raftkv.raft.v1.InstallSnapshotRequest):
 * a header first (who, term, snapshot metadata, address book, revision),
 * then batches of state-machine items (key records, then leases), each
 * bounded in size so a stream of any length moves in messages well under
 * gRPC's receive limit.
 */
import type { KeyValueRecord, LeaseRecord } from '../kv/records';
import { authStateFromWire, authStateToWire } from '../auth/auth-codec';
import type { AuthState } from '../auth/auth-state';
import { isAlarmType, type AlarmRecord } from '../kv/alarms';
import type { SnapshotMetadata, NodeId } from '../raft/types';
import type { MemberContext } from './member-codec';
import { CodecError, protoType, snapshotMetadataFromWire, snapshotMetadataToWire, type SnapshotMetadataWire } from './raft-codec';
import { keyValueRecordFromWire, keyValueRecordToWire, leaseRecordFromWire, leaseRecordToWire } from './record-codec';
import { toNumber, type Uint64 } from './wire';

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
  /** The store revision as of metadata.index; absent (0) from a v0.1 leader. */
  readonly revision?: number;
}

/**
 * One piece of state-machine state in a snapshot: a key's record, a lease,
 * the whole auth state, or the whole set of active alarms (these two last).
 */
export type SnapshotItem = { readonly record: KeyValueRecord } | { readonly lease: LeaseRecord } | { readonly auth: AuthState } | { readonly alarms: readonly AlarmRecord[] };

/**
 * The unit the transports carry (they pass batches through untouched). The
 * name is from v0.1, when a snapshot held only key/value pairs.
 */
export type KvPair = SnapshotItem;

export type SnapshotChunk = { readonly header: SnapshotHeader } | { readonly pairs: readonly SnapshotItem[] };

/** Upper bound of one chunk's items, in key + value bytes (a single larger item still goes alone). */
export const SNAPSHOT_CHUNK_BYTES = 1024 * 1024;

/** What an item weighs against SNAPSHOT_CHUNK_BYTES and the follower's staging limit. */
export function snapshotItemBytes(item: SnapshotItem): number {
  if ('record' in item) return Buffer.byteLength(item.record.key) + item.record.value.byteLength + 32;
  // Users and roles are few and small; a generous estimate keeps one chunk well under the limit.
  if ('auth' in item) return 256 * (item.auth.users.size + item.auth.roles.size + 1);
  if ('alarms' in item) return 64 * (item.alarms.length + 1);
  return 16;
}

/** v0.1 snapshots carry bare pairs: installed as created at revision 1 (as layout-migration.ts migrates a v0.1 data dir). */
const LEGACY_PAIR_REVISION = 1;

const ChunkProto = protoType('raftkv.raft.v1.InstallSnapshotRequest');

interface ChunkWire {
  header?: {
    clusterId?: string;
    from?: string;
    to?: string;
    term?: Uint64;
    metadata?: SnapshotMetadataWire;
    members?: { id?: string; context?: { peerAddress?: string; clientAddress?: string; autoPromote?: boolean } }[];
    revision?: Uint64;
  };
  pairs?: { key?: string; value?: Uint8Array }[];
  records?: object[];
  leases?: object[];
  auth?: object | null;
  alarms?: { memberId?: string; alarm?: string }[];
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
        revision: h.revision ?? 0,
      },
    }).finish();
  }
  const records: object[] = [];
  const leases: object[] = [];
  let auth: object | undefined;
  const alarms: { memberId: string; alarm: string }[] = [];
  for (const item of chunk.pairs) {
    if ('record' in item) records.push(keyValueRecordToWire(item.record));
    else if ('lease' in item) leases.push(leaseRecordToWire(item.lease));
    else if ('auth' in item) auth = authStateToWire(item.auth);
    else alarms.push(...item.alarms.map((a) => ({ memberId: a.memberId, alarm: a.alarm })));
  }
  return ChunkProto.encode(ChunkProto.fromObject({ records, leases, ...(auth !== undefined && { auth }), alarms })).finish();
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
        // Absent (0) from a v0.1 leader.
        ...(toNumber(h.revision) > 0 && { revision: toNumber(h.revision) }),
      },
    };
  }
  const items: SnapshotItem[] = [];
  for (const p of w.pairs ?? []) {
    const value = p.value ?? new Uint8Array(0);
    const record = { key: p.key ?? '', value, createRevision: LEGACY_PAIR_REVISION, modRevision: LEGACY_PAIR_REVISION, version: 1, lease: '0' };
    items.push({ record });
  }
  for (const r of w.records ?? []) items.push({ record: keyValueRecordFromWire(r) });
  for (const l of w.leases ?? []) items.push({ lease: leaseRecordFromWire(l) });
  if (w.auth) items.push({ auth: authStateFromWire(w.auth) });
  if (w.alarms !== undefined && w.alarms.length > 0) {
    const alarms = w.alarms.map((a): AlarmRecord => {
      const alarm = a.alarm ?? '';
      // A type this version does not know would be dropped by the state machine anyway; refuse the chunk rather than guess.
      if (!a.memberId || !isAlarmType(alarm)) throw new CodecError(`snapshot carries an alarm without member or of unknown type ${JSON.stringify(alarm)}`);
      return { memberId: a.memberId, alarm };
    });
    items.push({ alarms });
  }
  return { pairs: items };
}

/** Groups items into chunks of at most `maxBytes` (snapshotItemBytes), never empty. */
export async function* chunkItems(items: AsyncIterable<SnapshotItem>, maxBytes = SNAPSHOT_CHUNK_BYTES): AsyncGenerator<readonly SnapshotItem[]> {
  let batch: SnapshotItem[] = [];
  let bytes = 0;
  for await (const p of items) {
    const size = snapshotItemBytes(p);
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

/** The v0.1 name of chunkItems. */
export const chunkPairs = chunkItems;
