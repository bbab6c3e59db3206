/**
 * One page of a range read: at most `limit` keys, and ending once the keys
 * and values would pass `maxBytes` (a page always holds at least one key),
 * read from an iterator so the range behind it may be any size.
 */
import type { KeyValueRecord } from './records';

export interface RangeOptions {
  /** Most keys in the page; 0 or less: no key limit (maxBytes still applies). */
  readonly limit: number;
  /** Values left empty (metadata kept). */
  readonly keysOnly: boolean;
  /** No kvs: count every key in the range instead. */
  readonly countOnly: boolean;
  /** Byte budget of the page's keys and values; 0 or less: none. */
  readonly maxBytes: number;
}

export interface RangePage {
  readonly kvs: KeyValueRecord[];
  /** Whether keys follow the page in the range. */
  readonly more: boolean;
  /** With countOnly: the keys in the range; otherwise kvs.length. */
  readonly count: number;
}

const EMPTY = new Uint8Array(0);

export async function readPage(source: AsyncIterable<KeyValueRecord>, opts: RangeOptions): Promise<RangePage> {
  if (opts.countOnly) {
    let count = 0;
    const it = source[Symbol.asyncIterator]();
    while (!(await it.next()).done) count += 1;
    return { kvs: [], more: false, count };
  }
  const kvs: KeyValueRecord[] = [];
  let bytes = 0;
  let more = false;
  for await (const record of source) {
    const size = Buffer.byteLength(record.key, 'utf8') + (opts.keysOnly ? 0 : record.value.byteLength);
    const full = (opts.limit > 0 && kvs.length >= opts.limit) || (opts.maxBytes > 0 && kvs.length > 0 && bytes + size > opts.maxBytes);
    if (full) {
      more = true;
      break;
    }
    kvs.push(opts.keysOnly ? { ...record, value: EMPTY } : record);
    bytes += size;
  }
  return { kvs, more, count: kvs.length };
}
