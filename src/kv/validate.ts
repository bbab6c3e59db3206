import { InvalidArgumentError, TooLargeError } from '../errors';
import type { KvCommand } from './command';
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from './limits';

/**
 * Checks a key against the limits in limits.ts. Throws InvalidArgumentError
 * ("key: must not be empty") or TooLargeError ("key is 5000 bytes, over the
 * limit of 4096 bytes"), both naming the field.
 */
export function validateKey(key: string, field = 'key'): void {
  if (key.length === 0) throw new InvalidArgumentError(field, 'must not be empty');
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
