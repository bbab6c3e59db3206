/**
 * protobufjs decodes a string field leniently: bytes that are not UTF-8
 * become U+FFFD, so two different keys sent as raw bytes would silently be
 * stored as one. Installed once (proto-files.ts imports this module, and
 * every decoder of ours and of proto-loader shares the one protobufjs), the
 * strict reader keeps valid strings exactly, BOM included, and marks an
 * invalid one with a lone surrogate in front: not valid UTF-16 either, so
 * the key checks (kv/validate.ts validateWellFormed) refuse it naming the
 * field, instead of it being rewritten.
 */
import protobuf from 'protobufjs';

/** Prefixed to a decoded string whose bytes were not UTF-8: two lone low surrogates, which no UTF-8 decoding yields. */
export const INVALID_UTF8_MARKER = '\uDFFF\uDFFE';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function strictString(this: protobuf.Reader): string {
  const bytes = this.bytes();
  try {
    return fatal.decode(bytes);
  } catch {
    return INVALID_UTF8_MARKER + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }
}

// BufferReader (what Node's Buffers are read with) overrides Reader's string(): replace both.
protobuf.Reader.prototype.string = strictString;
protobuf.BufferReader.prototype.string = strictString;
