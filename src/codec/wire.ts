/** Small conversions every protobufjs codec of ours needs. */

/** protobufjs decodes uint64 as Long (or number when small and long.js is absent). */
export type Uint64 = number | { toNumber(): number };

/** A decoded uint64 as a number; 0 when unset. */
export function toNumber(v: Uint64 | undefined | null): number {
  if (v === undefined || v === null) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** The same bytes as a Buffer, without copying (grpc-js serializers must return Buffers). */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
