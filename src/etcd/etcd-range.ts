/**
 * etcd's Range over raftkv's state machine: no limit unless asked, count of
 * the whole range whatever the limit, sort by any target, min/max revision
 * filters, and reads as of a past revision.
 *
 * raftkv keeps only the current keys plus a history of events (each with the
 * key's previous value), not etcd's multi-version store. A read at revision
 * R is rebuilt from one consistent read of the current keys: each key that
 * changed after R goes back to what its first later event found. That works for any R from the
 * history's start (compactRevision) on; older revisions answer etcd's
 * "required revision has been compacted", later ones its "future revision".
 */
import type { RangeRequest__Output } from '../generated/etcdserverpb/RangeRequest';
import { inRange, keyRangeOf, type KeyRange, type RangeSpec } from '../kv/key-range';
import type { KeyValueRecord } from '../kv/records';
import type { KvStateMachine } from '../kv/state-machine';
import { parseInt64 } from '../server/kv-request-validation';
import { CompactedError } from '../errors';
import { EtcdError } from './etcd-status';

/** What a Range reads of the state machine. */
export type EtcdRangeReader = Pick<KvStateMachine, 'range' | 'getRecord' | 'readHistory' | 'revision' | 'compactRevision'>;

export interface EtcdRangeResult {
  readonly kvs: KeyValueRecord[];
  readonly more: boolean;
  /** Keys in the range at the revision read, before limit and filters (etcd's count). */
  readonly count: number;
  /** The store revision the read was served at (etcd's header.revision: the current one, even for a past read). */
  readonly revision: number;
}

const INT64_MIN = -(2n ** 63n);
const NO_BYTE_LIMIT = 0;
/** History read per step of a past-revision read (whole revisions, so a step may pass it by one). */
const HISTORY_CHUNK_BYTES = 1024 * 1024;

interface Filters {
  readonly minMod: number;
  readonly maxMod: number;
  readonly minCreate: number;
  readonly maxCreate: number;
}

/** An int64 field that etcd treats as "unset" at 0 or below. */
function positive(field: string, value: string): number {
  const n = parseInt64(field, value, INT64_MIN, BigInt(Number.MAX_SAFE_INTEGER));
  return n > 0n ? Number(n) : 0;
}

/** Reads the keys an etcd RangeRequest asks for. `spec` undefined: a range that names no key. */
export async function readEtcdRange(reader: EtcdRangeReader, spec: RangeSpec | undefined, req: RangeRequest__Output): Promise<EtcdRangeResult> {
  const limit = positive('limit', req.limit);
  const atRevision = positive('revision', req.revision);
  const filters: Filters = {
    minMod: positive('min_mod_revision', req.min_mod_revision),
    maxMod: positive('max_mod_revision', req.max_mod_revision),
    minCreate: positive('min_create_revision', req.min_create_revision),
    maxCreate: positive('max_create_revision', req.max_create_revision),
  };
  // etcd sorts ascending by default when a target other than the key is named (keys come in key order anyway).
  const order = req.sort_order === 'NONE' && req.sort_target !== 'KEY' ? 'ASCEND' : req.sort_order;
  const filtered = filters.minMod > 0 || filters.maxMod > 0 || filters.minCreate > 0 || filters.maxCreate > 0;
  if (spec === undefined) return { kvs: [], more: false, count: 0, revision: reader.revision() };
  const range = keyRangeOf(spec);
  // etcd sorts before it drops values (keys_only), so a sort by value reads them.
  const keysOnly = req.keys_only && req.sort_target !== 'VALUE';

  let all: { kvs: KeyValueRecord[]; revision: number };
  if (range.single && atRevision === 0) {
    // The most common read, one key now: a point lookup, not an iterator (the bench's etcd get).
    const { kv, revision } = await reader.getRecord(spec.key);
    all = { kvs: kv === undefined ? [] : [kv], revision };
    if (req.count_only) return { kvs: [], more: false, count: all.kvs.length, revision };
  } else if (atRevision > 0) {
    all = await readAt(reader, range, atRevision);
    if (req.count_only) return { kvs: [], more: false, count: all.kvs.length, revision: all.revision };
  } else if (req.count_only) {
    const counted = await reader.range(range, { limit: 0, keysOnly: true, countOnly: true, maxBytes: NO_BYTE_LIMIT });
    return { kvs: [], more: false, count: counted.count, revision: counted.revision };
  } else if (limit > 0 && order === 'NONE' && !filtered) {
    // The common paged read: the first limit + 1 keys tell `more`; a count gives etcd's total.
    const page = await reader.range(range, { limit: limit + 1, keysOnly, countOnly: false, maxBytes: NO_BYTE_LIMIT });
    const counted = await reader.range(range, { limit: 0, keysOnly: true, countOnly: true, maxBytes: NO_BYTE_LIMIT });
    // Two reads, two snapshots: if a write fell between them, read everything at once instead.
    if (page.revision === counted.revision) {
      return { kvs: page.kvs.slice(0, limit), more: page.kvs.length > limit, count: counted.count, revision: page.revision };
    }
    all = await reader.range(range, { limit: 0, keysOnly, countOnly: false, maxBytes: NO_BYTE_LIMIT });
  } else {
    all = await reader.range(range, { limit: 0, keysOnly, countOnly: false, maxBytes: NO_BYTE_LIMIT });
  }

  const count = all.kvs.length;
  let kvs = filtered ? all.kvs.filter((kv) => passes(kv, filters)) : all.kvs;
  if (order !== 'NONE') kvs = sorted(kvs, req.sort_target, order === 'DESCEND');
  const more = limit > 0 && kvs.length > limit;
  if (more) kvs = kvs.slice(0, limit);
  if (req.keys_only) kvs = kvs.map((kv) => (kv.value.byteLength === 0 ? kv : { ...kv, value: new Uint8Array(0) }));
  return { kvs, more, count, revision: all.revision };
}

function passes(kv: KeyValueRecord, f: Filters): boolean {
  if (f.minMod > 0 && kv.modRevision < f.minMod) return false;
  if (f.maxMod > 0 && kv.modRevision > f.maxMod) return false;
  if (f.minCreate > 0 && kv.createRevision < f.minCreate) return false;
  if (f.maxCreate > 0 && kv.createRevision > f.maxCreate) return false;
  return true;
}

function sorted(kvs: readonly KeyValueRecord[], target: RangeRequest__Output['sort_target'], descending: boolean): KeyValueRecord[] {
  const byKey = (a: KeyValueRecord, b: KeyValueRecord): number => Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8'));
  const compare = (a: KeyValueRecord, b: KeyValueRecord): number => {
    switch (target) {
      case 'KEY':
        return byKey(a, b);
      case 'VERSION':
        return a.version - b.version;
      case 'CREATE':
        return a.createRevision - b.createRevision;
      case 'MOD':
        return a.modRevision - b.modRevision;
      case 'VALUE':
        return Buffer.compare(Buffer.from(a.value), Buffer.from(b.value));
    }
  };
  // Array.prototype.sort is stable: equal targets stay in key order.
  return [...kvs].sort((a, b) => (descending ? compare(b, a) : compare(a, b)));
}

/**
 * The keys of `range` as of `revision`: the current keys with the later
 * history undone. A key's state at `revision` is what its first later event
 * found (its prevKv, or no key if the event created it), so the history is
 * read oldest first, a chunk at a time, keeping one entry per key touched:
 * memory stays bounded by the keys, not by the revisions since.
 */
async function readAt(reader: EtcdRangeReader, range: KeyRange, revision: number): Promise<{ kvs: KeyValueRecord[]; revision: number }> {
  const now = await reader.range(range, { limit: 0, keysOnly: false, countOnly: false, maxBytes: NO_BYTE_LIMIT });
  if (revision > now.revision) throw new EtcdError('futureRevision');
  if (revision === now.revision) return now;
  // etcd's Compact(R) keeps R readable and not R - 1 (compact-apply.ts keeps the history after R - 1),
  // though the history after R - 1 could rebuild R - 1 too.
  const compacted = reader.compactRevision();
  if (revision <= compacted) throw new CompactedError(revision, compacted, 'revision');
  const before = new Map<string, KeyValueRecord | null>();
  // Events after `revision` up to the read's own revision (later batches are not in `now`).
  // readHistory throws CompactedError (etcd's "compacted") once they are no longer all retained.
  for (let from = revision + 1; from <= now.revision; ) {
    const events = await reader.readHistory(from, now.revision, HISTORY_CHUNK_BYTES);
    const last = events[events.length - 1];
    if (last === undefined) break;
    for (const e of events) {
      if (!before.has(e.kv.key) && inRange(range, Buffer.from(e.kv.key, 'utf8'))) before.set(e.kv.key, e.prevKv ?? null);
    }
    from = last.revision + 1;
  }
  const state = new Map(now.kvs.map((kv) => [kv.key, kv]));
  for (const [key, kv] of before) {
    if (kv === null) state.delete(key);
    else state.set(key, kv);
  }
  const kvs = [...state.values()].sort((a, b) => Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8')));
  return { kvs, revision: now.revision };
}
