/**
 * Input checks for ClusterService membership requests, with the same rules
 * as the flags (src/config.ts), so an id or address that a node would refuse
 * at start-up never enters the log.
 */
import { NODE_ID_PATTERN, isHostPort } from '../config';
import { InvalidArgumentError } from '../errors';
import { boundedForLog } from '../security/untrusted-text';

export function validateMemberId(field: string, value: string): string {
  if (!NODE_ID_PATTERN.test(value)) {
    throw new InvalidArgumentError(field, `must be 1-63 letters, digits, '-', '_' or '.', starting with a letter or digit, got "${boundedForLog(value)}"`);
  }
  return value;
}

export function validateAddress(field: string, value: string): string {
  if (!isHostPort(value)) throw new InvalidArgumentError(field, `must be host:port with a port from 1 to 65535, got "${boundedForLog(value)}"`);
  if (Number(value.slice(value.lastIndexOf(':') + 1)) === 0) throw new InvalidArgumentError(field, `needs a fixed port, got "${boundedForLog(value)}"`);
  return value;
}
