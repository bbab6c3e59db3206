/**
 * The backup file (`kvctl snapshot save`, etcd's Maintenance.Snapshot, the
 * HTTP door's GET /v1/snapshot): a point-in-time copy of one member's applied
 * state, written and read as a stream so neither side holds more than one
 * chunk in memory.
 *
 *   "RAFTKVBK" (8 bytes) version (1 byte)
 *   frames: kind (1 byte: H header, D data, E end) | length (uint32 BE) | body
 *     H  JSON BackupHeader: cluster id, member, applied index, term, revision, time
 *     D  a raftkv.raft.v1.InstallSnapshotRequest holding records and leases
 *        (the InstallSnapshot codec, so a backup reads like a snapshot stream)
 *     E  JSON BackupSummary: key and lease counts
 *   sha256 of every byte before it (32 bytes)
 *
 * The digest trails the data as in etcd's snapshot file: the writer cannot
 * know it before the last byte, and a reader verifies it as it streams.
 */
import { createHash, type Hash } from 'node:crypto';
import { RaftKvError } from '../errors';
import { decodeSnapshotChunk, encodeSnapshotChunk, type SnapshotItem } from './snapshot-codec';

export const BACKUP_MAGIC = Buffer.from('RAFTKVBK', 'ascii');
export const BACKUP_VERSION = 1;
const DIGEST_BYTES = 32;
/** The file before its digest is a whole number of these (see BackupEncoder.end). */
const ALIGNMENT = 512;
/** A D frame holds about 1 MiB (SNAPSHOT_CHUNK_BYTES); anything far larger is a damaged length. */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** What a backup is of: printed by `kvctl snapshot status`, read by `raftkv restore`. */
export interface BackupHeader {
  readonly clusterId: string;
  /** The member that served it. */
  readonly nodeId: string;
  /** The applied index the data reflects, and its term. */
  readonly appliedIndex: number;
  readonly term: number;
  /** The store revision the data reflects: every write acknowledged at or below it is in, none after. */
  readonly revision: number;
  /** When the member took it (ISO 8601). */
  readonly createdAt: string;
}

export interface BackupSummary {
  readonly keys: number;
  readonly leases: number;
}

/** A file that is not a whole, intact backup. */
export class BackupFormatError extends RaftKvError {
  readonly code = 'RAFTKV_ERR_BACKUP_FORMAT';
}

const Kind = { Header: 0x48 /* H */, Data: 0x44 /* D */, End: 0x45 /* E */ } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/** Builds the bytes of a backup piece by piece, keeping the running digest. */
export class BackupEncoder {
  readonly #hash: Hash = createHash('sha256');
  #bytes = 0;
  #keys = 0;
  #leases = 0;

  /** The magic, the version and the header frame. */
  start(header: BackupHeader): Buffer {
    return this.#emit(Buffer.concat([BACKUP_MAGIC, Buffer.of(BACKUP_VERSION), frame(Kind.Header, Buffer.from(JSON.stringify(header), 'utf8'))]));
  }

  data(items: readonly SnapshotItem[]): Buffer {
    for (const item of items) {
      if ('record' in item) this.#keys += 1;
      else if ('lease' in item) this.#leases += 1;
    }
    return this.#emit(frame(Kind.Data, encodeSnapshotChunk({ pairs: items })));
  }

  /**
   * The summary frame and the digest of everything. The summary is padded
   * with JSON whitespace so the file's size is 32 past a multiple of 512:
   * etcdctl 3.4's `snapshot save` checks only that (a bbolt file is made of
   * 512-byte-aligned pages plus the sha256), so it saves a raftkv backup too.
   */
  end(): Buffer {
    const summary: BackupSummary = { keys: this.#keys, leases: this.#leases };
    const json = JSON.stringify(summary);
    const unpadded = this.#bytes + 5 + Buffer.byteLength(json);
    const padding = (ALIGNMENT - (unpadded % ALIGNMENT)) % ALIGNMENT;
    const last = this.#emit(frame(Kind.End, Buffer.from(json + ' '.repeat(padding), 'utf8')));
    return Buffer.concat([last, this.#hash.digest()]);
  }

  #emit(bytes: Buffer): Buffer {
    this.#hash.update(bytes);
    this.#bytes += bytes.byteLength;
    return bytes;
  }
}

function frame(kind: Kind, body: Uint8Array): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(kind, 0);
  head.writeUInt32BE(body.byteLength, 1);
  return Buffer.concat([head, body]);
}

export type BackupPart = { readonly header: BackupHeader } | { readonly items: readonly SnapshotItem[] } | { readonly summary: BackupSummary; readonly bytes: number; readonly sha256: string };

/**
 * Reads a backup as it streams: the header, then each chunk of items, then
 * the summary with the file's size and digest, only once the digest matched.
 * Throws BackupFormatError on anything else, naming what is wrong; a caller
 * that acts on items (restore) must treat them as unverified until the end.
 */
export async function* readBackup(source: AsyncIterable<Uint8Array>): AsyncGenerator<BackupPart> {
  const hash = createHash('sha256');
  let pending = Buffer.alloc(0);
  let total = 0;
  // Widened on purpose: the loop moves it, and TypeScript would narrow it to 'magic' after the loop.
  let stage = 'magic' as 'magic' | 'header' | 'body' | 'digest';
  let summary: BackupSummary | undefined;
  for await (const chunk of source) {
    pending = pending.byteLength === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    total += chunk.byteLength;
    for (;;) {
      if (stage === 'magic') {
        if (pending.byteLength < BACKUP_MAGIC.byteLength + 1) break;
        if (!pending.subarray(0, BACKUP_MAGIC.byteLength).equals(BACKUP_MAGIC)) throw new BackupFormatError('not a raftkv backup (the file does not begin with RAFTKVBK)');
        const version = pending.readUInt8(BACKUP_MAGIC.byteLength);
        if (version !== BACKUP_VERSION) throw new BackupFormatError(`backup format version ${version} is not supported (this raftkv reads version ${BACKUP_VERSION})`);
        hash.update(pending.subarray(0, BACKUP_MAGIC.byteLength + 1));
        pending = pending.subarray(BACKUP_MAGIC.byteLength + 1);
        stage = 'header';
        continue;
      }
      if (stage === 'digest') break;
      if (pending.byteLength < 5) break;
      const kind = pending.readUInt8(0);
      const length = pending.readUInt32BE(1);
      if (length > MAX_FRAME_BYTES) throw new BackupFormatError(`damaged backup: a frame claims ${length} bytes`);
      if (pending.byteLength < 5 + length) break;
      hash.update(pending.subarray(0, 5 + length));
      const body = pending.subarray(5, 5 + length);
      pending = pending.subarray(5 + length);
      if (stage === 'header') {
        if (kind !== Kind.Header) throw new BackupFormatError('damaged backup: it does not start with a header');
        yield { header: checkHeader(parseJson(body, 'header')) };
        stage = 'body';
      } else if (kind === Kind.Data) {
        const chunk = decodeOrFail(body);
        yield { items: chunk };
      } else if (kind === Kind.End) {
        summary = checkSummary(parseJson(body, 'summary'));
        stage = 'digest';
      } else {
        throw new BackupFormatError(`damaged backup: unknown frame kind 0x${kind.toString(16)}`);
      }
    }
    if (stage === 'digest' && pending.byteLength > DIGEST_BYTES) throw new BackupFormatError('damaged backup: bytes follow its checksum');
  }
  if (stage !== 'digest' || summary === undefined || pending.byteLength < DIGEST_BYTES) {
    throw new BackupFormatError('truncated backup: the file ends before its summary and checksum (was the save interrupted?)');
  }
  const expected = hash.digest();
  if (!expected.equals(pending.subarray(0, DIGEST_BYTES))) throw new BackupFormatError('checksum mismatch: the backup is damaged (sha256 of its contents does not match the one it carries)');
  yield { summary, bytes: total, sha256: expected.toString('hex') };
}

function decodeOrFail(body: Buffer): readonly SnapshotItem[] {
  try {
    const chunk = decodeSnapshotChunk(body);
    if (!('pairs' in chunk)) throw new Error('a header where data was expected');
    return chunk.pairs;
  } catch (err) {
    throw new BackupFormatError(`damaged backup: a data frame does not decode (${err instanceof Error ? err.message : String(err)})`);
  }
}

function parseJson(body: Buffer, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BackupFormatError(`damaged backup: its ${what} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new BackupFormatError(`damaged backup: its ${what} is not an object`);
  return parsed as Record<string, unknown>;
}

function field<T extends 'string' | 'number'>(o: Record<string, unknown>, name: string, type: T): T extends 'string' ? string : number {
  const v = o[name];
  if (typeof v !== type) throw new BackupFormatError(`damaged backup: its ${name} is missing or not a ${type}`);
  return v as T extends 'string' ? string : number;
}

function checkHeader(o: Record<string, unknown>): BackupHeader {
  return {
    clusterId: field(o, 'clusterId', 'string'),
    nodeId: field(o, 'nodeId', 'string'),
    appliedIndex: field(o, 'appliedIndex', 'number'),
    term: field(o, 'term', 'number'),
    revision: field(o, 'revision', 'number'),
    createdAt: field(o, 'createdAt', 'string'),
  };
}

function checkSummary(o: Record<string, unknown>): BackupSummary {
  return { keys: field(o, 'keys', 'number'), leases: field(o, 'leases', 'number') };
}
