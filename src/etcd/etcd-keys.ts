/**
 * etcd's keys are bytes and its ranges are (key, range_end) byte pairs;
 * raftkv's keys are UTF-8 text with ranges spelled key/range_end/prefix
 * (src/kv/key-range.ts). This turns one into the other, and raftkv's
 * KeyValue into etcd's.
 *
 * A key that is not valid UTF-8 is refused (INVALID_ARGUMENT): raftkv cannot
 * store it. A range_end is read as etcd means it: empty for one key, "\0" for
 * every key from `key` on, the key's prefix end for a prefix (which may not be
 * UTF-8, e.g. "a\x7f" + 1), else an exclusive bound.
 */
import { InvalidArgumentError } from '../errors';
import type { KeyValue__Output as RaftKeyValue } from '../generated/raftkv/kv/v1/KeyValue';
import type { KeyValue } from '../generated/mvccpb/KeyValue';
import { prefixEnd, TO_THE_END, type RangeSpec } from '../kv/key-range';
import type { KeyValueRecord } from '../kv/records';
import { EtcdError } from './etcd-status';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** An etcd key as a raftkv key; throws InvalidArgumentError naming `field` when it is not UTF-8. */
export function keyText(key: Uint8Array, field = 'key'): string {
  try {
    return UTF8.decode(key);
  } catch {
    throw new InvalidArgumentError(field, 'raftkv keys are UTF-8 text; this key is not valid UTF-8');
  }
}

/**
 * The raftkv range an etcd key/range_end pair names, or undefined when it
 * names no key at all (range_end at or before key: etcd answers empty).
 * An empty key is etcd's "key is not provided".
 */
export function etcdRangeSpec(key: Uint8Array, rangeEnd: Uint8Array, field = ''): RangeSpec | undefined {
  const name = (f: string): string => (field === '' ? f : `${field}.${f}`);
  if (key.byteLength === 0) throw new EtcdError('emptyKey');
  const text = keyText(key, name('key'));
  if (rangeEnd.byteLength === 0) return { key: text, range_end: '', prefix: false };
  if (rangeEnd.byteLength === 1 && rangeEnd[0] === 0) return { key: text, range_end: TO_THE_END, prefix: false };
  const end = prefixEnd(key);
  if (end !== undefined && Buffer.compare(end, rangeEnd) === 0) return { key: text, range_end: '', prefix: true };
  if (Buffer.compare(Buffer.from(rangeEnd), Buffer.from(key)) <= 0) return undefined;
  return { key: text, range_end: keyText(rangeEnd, name('range_end')), prefix: false };
}

export function etcdKeyValue(kv: RaftKeyValue): KeyValue {
  return {
    key: Buffer.from(kv.key, 'utf8'),
    create_revision: kv.create_revision,
    mod_revision: kv.mod_revision,
    version: kv.version,
    value: kv.value,
    lease: kv.lease,
  };
}

export function etcdKeyValueOfRecord(r: KeyValueRecord): KeyValue {
  return {
    key: Buffer.from(r.key, 'utf8'),
    create_revision: String(r.createRevision),
    mod_revision: String(r.modRevision),
    version: String(r.version),
    value: Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength),
    lease: r.lease,
  };
}
