import { InvalidArgumentError, TooLargeError } from '../errors';
import type { KvCommand } from './command';
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from './limits';
import { INVALID_UTF8_MARKER } from '../codec/strict-utf8';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string is valid UTF-16, i.e. holds no lone surrogate. A lone
 * surrogate has no UTF-8 encoding: Buffer.from() turns it into U+FFFD, so
 * two different keys would be stored as the same one. Node 20 has
 * String.prototype.isWellFormed; the TS lib (ES2022) does not declare it,
 * hence the typed look-up and a regex for runtimes without it.
 */
export const isWellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);

/** Throws InvalidArgumentError naming `field` when `text` holds a lone surrogate (see isWellFormed). */
export function validateWellFormed(text: string, field: string): void {
  if (isWellFormed(text)) return;
  // The protobuf decoder marks a field whose bytes were not UTF-8 (codec/strict-utf8.ts).
  if (text.startsWith(INVALID_UTF8_MARKER)) throw new InvalidArgumentError(field, 'must be valid UTF-8 (its bytes are not UTF-8)');
  throw new InvalidArgumentError(field, 'must be valid UTF-8 (it holds a lone surrogate)');
}

/**
 * Checks a key against the limits in limits.ts. Throws InvalidArgumentError
 * ("key: must not be empty", "key: must be valid UTF-8 (it holds a lone
 * surrogate)") or TooLargeError ("key is 5000 bytes, over the limit of 4096
 * bytes"), all naming the field.
 */
export function validateKey(key: string, field = 'key'): void {
  if (key.length === 0) throw new InvalidArgumentError(field, 'must not be empty');
  validateWellFormed(key, field);
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes, so short keys skip the byte count.
  if (key.length * 3 <= MAX_KEY_BYTES) return;
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) throw new TooLargeError(field, bytes, MAX_KEY_BYTES);
}

export function validateValue(value: Uint8Array, field = 'value'): void {
  if (value.byteLength > MAX_VALUE_BYTES) throw new TooLargeError(field, value.byteLength, MAX_VALUE_BYTES);
}

/** Validates a v0.1 put or delete before it is proposed (transactions: src/server/kv-request-validation.ts). */
export function validateCommand(cmd: KvCommand): void {
  if (cmd.op !== 'put' && cmd.op !== 'delete') return;
  validateKey(cmd.key);
  if (cmd.op === 'put') validateValue(cmd.value);
}
