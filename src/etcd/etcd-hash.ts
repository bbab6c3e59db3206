/**
 * Maintenance Hash and HashKV: a CRC-32 of a node's keys at a revision, so
 * an operator can check that members hold the same data (`etcdctl endpoint
 * hashkv`). etcd hashes its multi-version store; raftkv hashes the keys as
 * they were at the revision (rebuilt from its history, etcd-range.ts), which
 * every member that applied that revision computes alike. The hash covers
 * each key with its value, create and mod revision, version and lease, in
 * key order; it is not etcd's number for the same data.
 */
import { crc32 } from 'node:zlib';
import { CompactedError } from '../errors';
import type { RangeRequest__Output } from '../generated/etcdserverpb/RangeRequest';
import { TO_THE_END } from '../kv/key-range';
import type { KeyValueRecord } from '../kv/records';
import { readEtcdRange, type EtcdRangeReader } from './etcd-range';

export interface KeysHash {
  /** CRC-32 (IEEE) as an unsigned 32-bit integer. */
  readonly hash: number;
  /** The store revision the read was served at. */
  readonly revision: number;
  /** etcd's compact revision: the oldest revision still readable, 0 when nothing was compacted. */
  readonly compactRevision: number;
}

const EVERY_KEY = { key: '', range_end: TO_THE_END, prefix: false };

/** The hash of every key at `revision` (0: the current one); etcd's compacted / future revision errors as Range. */
export async function hashKeys(reader: EtcdRangeReader, revision: number): Promise<KeysHash> {
  const compacted = reader.compactRevision();
  // As etcd's HashKV: the compact revision itself is refused too (a Range may still read it).
  if (revision > 0 && compacted > 0 && revision <= compacted + 1) throw new CompactedError(revision, compacted, 'revision');
  const read = await readEtcdRange(reader, EVERY_KEY, everything(revision));
  let hash = 0;
  for (const kv of read.kvs) hash = crc32(recordBytes(kv), hash);
  return { hash, revision: read.revision, compactRevision: compacted === 0 ? 0 : compacted + 1 };
}

/** Lengths first, so no two different records give the same bytes. */
function recordBytes(kv: KeyValueRecord): Buffer {
  const key = Buffer.from(kv.key, 'utf8');
  const lease = Buffer.from(kv.lease, 'utf8');
  const fixed = Buffer.alloc(4 * 3 + 8 * 3);
  fixed.writeUInt32BE(key.byteLength, 0);
  fixed.writeUInt32BE(kv.value.byteLength, 4);
  fixed.writeUInt32BE(lease.byteLength, 8);
  fixed.writeBigInt64BE(BigInt(kv.createRevision), 12);
  fixed.writeBigInt64BE(BigInt(kv.modRevision), 20);
  fixed.writeBigInt64BE(BigInt(kv.version), 28);
  return Buffer.concat([fixed, key, kv.value, lease]);
}

function everything(revision: number): RangeRequest__Output {
  return {
    key: Buffer.alloc(0),
    range_end: Buffer.of(0),
    limit: '0',
    revision: String(revision),
    sort_order: 'NONE',
    sort_target: 'KEY',
    serializable: true,
    keys_only: false,
    count_only: false,
    min_mod_revision: '0',
    max_mod_revision: '0',
    min_create_revision: '0',
    max_create_revision: '0',
  };
}
