/**
 * Which keys a request names: one key, [key, range_end), or a prefix, as
 * etcd spells them, turned into bounds on the keys' UTF-8 bytes. Keys are
 * ordered by those bytes (LevelDB's order), which is code point order; JS
 * string comparison (UTF-16 units) differs for astral characters, so every
 * comparison here is on bytes.
 */
import { InvalidArgumentError } from '../errors';
import { validateKey } from './validate';

/** range_end "\0" means "every key from `key` on" (etcd's convention). */
export const TO_THE_END = '\u0000';

export interface KeyRange {
  /** First key, inclusive, as UTF-8 bytes. */
  readonly start: Buffer;
  /** End, exclusive; undefined = no upper bound. Equal to start+"\0" for a single key. */
  readonly end: Buffer | undefined;
  /** True when the request named exactly one key. */
  readonly single: boolean;
}

export interface RangeSpec {
  readonly key: string;
  readonly range_end: string;
  readonly prefix: boolean;
}

/**
 * Validates a key/range_end/prefix triple and returns its bounds. `field`
 * prefixes the field names in errors (e.g. "success[2].request_range").
 */
export function keyRangeOf(spec: RangeSpec, field = ''): KeyRange {
  const name = (f: string): string => (field === '' ? f : `${field}.${f}`);
  if (spec.prefix && spec.range_end !== '') {
    throw new InvalidArgumentError(name('range_end'), 'must be empty when prefix is set (prefix computes the end)');
  }
  if (spec.key !== '' || (!spec.prefix && spec.range_end === '')) validateKey(spec.key, name('key'));
  const start = Buffer.from(spec.key, 'utf8');
  if (spec.prefix) return { start, end: prefixEnd(start), single: false };
  if (spec.range_end === '') return { start, end: Buffer.concat([start, ZERO]), single: true };
  if (spec.range_end === TO_THE_END) return { start, end: undefined, single: false };
  validateKey(spec.range_end, name('range_end'));
  const end = Buffer.from(spec.range_end, 'utf8');
  if (Buffer.compare(end, start) <= 0) {
    throw new InvalidArgumentError(name('range_end'), `must sort after key (got key ${JSON.stringify(spec.key)}, range_end ${JSON.stringify(spec.range_end)})`);
  }
  return { start, end, single: false };
}

const ZERO = Buffer.of(0);

/**
 * The page_token that continues a range read after `lastKey`: the smallest
 * key that sorts after it (validation accepts a token inside the range).
 */
export function nextPageToken(lastKey: string): string {
  return `${lastKey}\u0000`;
}

/**
 * The page_token that reads a range from its start, for a page that ended
 * before its first key (a Txn whose response budget was spent): the range's
 * key, or "\0", the smallest key there can be, for key "" (a token "" means none).
 */
export function firstPageToken(key: string): string {
  return key === '' ? '\u0000' : key;
}

/**
 * The first byte string after every string starting with `prefix`: the
 * prefix with its last byte below 0xff incremented and the rest cut.
 * undefined when there is none (empty prefix, or all 0xff): no upper bound.
 */
export function prefixEnd(prefix: Uint8Array): Buffer | undefined {
  for (let i = prefix.byteLength - 1; i >= 0; i -= 1) {
    const byte = prefix[i]!;
    if (byte < 0xff) {
      const end = Buffer.from(prefix.subarray(0, i + 1));
      end[i] = byte + 1;
      return end;
    }
  }
  return undefined;
}

/** Whether `key` (UTF-8 bytes) lies in the range. */
export function inRange(range: KeyRange, key: Uint8Array): boolean {
  if (Buffer.compare(key, range.start) < 0) return false;
  return range.end === undefined || Buffer.compare(key, range.end) < 0;
}

/** Whether two ranges share at least one key. */
export function overlaps(a: KeyRange, b: KeyRange): boolean {
  const aBeforeB = a.end !== undefined && Buffer.compare(a.end, b.start) <= 0;
  const bBeforeA = b.end !== undefined && Buffer.compare(b.end, a.start) <= 0;
  return !aBeforeB && !bBeforeA;
}
