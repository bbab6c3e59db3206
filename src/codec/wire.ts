/** Small conversions every protobufjs codec of ours needs. */

/** protobufjs decodes uint64 as Long (or number when small and long.js is absent). */
export type Uint64 = number | { toNumber(): number };

/**
 * A decoded uint64 as a number; 0 when unset. Terms and indexes are plain
 * numbers in the core, exact only up to 2^53 - 1: a larger value (a peer
 * sending 2^64 - 1) would silently become a rounded float, so it is refused
 * with a RangeError naming `field` (decoders turn it into INVALID_ARGUMENT).
 */
export function toNumber(v: Uint64 | undefined | null, field = 'uint64 field'): number {
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'number' ? v : v.toNumber();
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`${field} ${String(v)} is over ${Number.MAX_SAFE_INTEGER}, the largest integer raftkv holds exactly`);
  }
  return n;
}

/** The same bytes as a Buffer, without copying (grpc-js serializers must return Buffers). */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
