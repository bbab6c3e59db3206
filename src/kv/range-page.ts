/**
 * One page of a range read: at most `limit` keys, and ending once the keys
 * and values would pass `maxBytes` (a page holds at least one key unless an
 * earlier page of the same response spent part of the budget), read from an
 * iterator so the range behind it may be any size.
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
  /**
   * Bytes of maxBytes already spent by earlier pages of the same response
   * (the range operations of one Txn share one budget). 0 or absent: the
   * page holds at least one key whatever its size, so a read always makes
   * progress; above 0 it may hold none (more = true when keys remain).
   */
  readonly bytesSpent?: number;
}

export interface RangePage {
  readonly kvs: KeyValueRecord[];
  /** Whether keys follow the page in the range. */
  readonly more: boolean;
  /** With countOnly: the keys in the range; otherwise kvs.length. */
  readonly count: number;
  /** What the page's keys and values (keys only with keysOnly) count against maxBytes. */
  readonly bytes: number;
}

const EMPTY = new Uint8Array(0);

export async function readPage(source: AsyncIterable<KeyValueRecord>, opts: RangeOptions): Promise<RangePage> {
  if (opts.countOnly) {
    let count = 0;
    const it = source[Symbol.asyncIterator]();
    while (!(await it.next()).done) count += 1;
    return { kvs: [], more: false, count, bytes: 0 };
  }
  const kvs: KeyValueRecord[] = [];
  const spent = Math.max(0, opts.bytesSpent ?? 0);
  let bytes = 0;
  let more = false;
  for await (const record of source) {
    const size = Buffer.byteLength(record.key, 'utf8') + (opts.keysOnly ? 0 : record.value.byteLength);
    const mayEnd = kvs.length > 0 || spent > 0;
    const full = (opts.limit > 0 && kvs.length >= opts.limit) || (opts.maxBytes > 0 && mayEnd && spent + bytes + size > opts.maxBytes);
    if (full) {
      more = true;
      break;
    }
    kvs.push(opts.keysOnly ? { ...record, value: EMPTY } : record);
    bytes += size;
  }
  return { kvs, more, count: kvs.length, bytes };
}
