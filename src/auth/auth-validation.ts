/**
 * Bounds on what an auth request may carry, checked by the node that takes
 * the request and again by the leader for a forwarded command, so nothing
 * unbounded enters the log. Emptiness is the state's rule (etcd's "user name
 * is empty"), decided at apply time.
 */
import { InvalidArgumentError, TooLargeError } from '../errors';
import { MAX_KEY_BYTES } from '../kv/limits';
import type { AuthChange } from './auth-state';

export const MAX_AUTH_NAME_BYTES = 256;
export const MAX_PASSWORD_BYTES = 1024;
/** "scrypt$N$r$p$salt$hash" is about 90 bytes; room for stronger parameters later. */
const MAX_HASH_BYTES = 512;

export function validateAuthName(field: string, name: string): void {
  const bytes = Buffer.byteLength(name);
  if (bytes > MAX_AUTH_NAME_BYTES) throw new TooLargeError(field, bytes, MAX_AUTH_NAME_BYTES);
}

export function validatePassword(field: string, password: string): void {
  const bytes = Buffer.byteLength(password);
  if (bytes > MAX_PASSWORD_BYTES) throw new TooLargeError(field, bytes, MAX_PASSWORD_BYTES);
}

function validateBound(field: string, bytes: Uint8Array): void {
  if (bytes.byteLength > MAX_KEY_BYTES + 1) throw new TooLargeError(field, bytes.byteLength, MAX_KEY_BYTES + 1);
}

function validateHash(hash: string): void {
  if (Buffer.byteLength(hash) > MAX_HASH_BYTES) throw new TooLargeError('auth.password_hash', Buffer.byteLength(hash), MAX_HASH_BYTES);
  if (hash !== '' && !hash.startsWith('scrypt$')) throw new InvalidArgumentError('auth.password_hash', 'must be a scrypt hash made by a node, never a password');
}

/** Throws InvalidArgumentError or TooLargeError naming the field. */
export function validateAuthChange(change: AuthChange): void {
  if ('user' in change) validateAuthName('auth.user', change.user);
  if ('role' in change) validateAuthName('auth.role', change.role);
  if ('passwordHash' in change) validateHash(change.passwordHash);
  if (change.kind === 'role-grant-permission') {
    validateBound('auth.permission.key', change.permission.key);
    validateBound('auth.permission.range_end', change.permission.rangeEnd);
  }
  if (change.kind === 'role-revoke-permission') {
    validateBound('auth.permission.key', change.key);
    validateBound('auth.permission.range_end', change.rangeEnd);
  }
}
