/**
 * A follower forwards what its client asked as an encoded command (Propose)
 * or ConfChange on the peer port. The leader checks it again, with the very
 * functions that check client requests (kv-request-validation.ts,
 * kv/validate.ts, member-validation.ts) and the same limits, so the peer port
 * is no back door around them: whatever enters the log passed one gate.
 */
import { errorMessage, InvalidArgumentError, TooLargeError } from '../errors';
import { decodeCommand, type KvCommand } from '../kv/command';
import { MAX_LEASE_TTL_SECONDS, MAX_WRITE_REQUEST_BYTES, MIN_LEASE_TTL_SECONDS } from '../kv/limits';
import { validateCommand } from '../kv/validate';
import { ALARM_TYPES, isAlarmType } from '../kv/alarms';
import { decodeConfChange } from '../raft';
import type { ConfChange, NodeId } from '../raft/types';
import { decodeMemberContext } from '../codec/member-codec';
import { parseInt64, parseLeaseId, parseRevision, validateTxn } from './kv-request-validation';
import { validateAddress, validateMemberId } from './member-validation';
import { validateAuthChange } from '../auth/auth-validation';

function validateTtl(field: string, ttlSeconds: number): void {
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < MIN_LEASE_TTL_SECONDS || ttlSeconds > MAX_LEASE_TTL_SECONDS) {
    throw new InvalidArgumentError(field, `must be between ${MIN_LEASE_TTL_SECONDS} and ${MAX_LEASE_TTL_SECONDS} seconds (got ${ttlSeconds})`);
  }
}

/** Throws InvalidArgumentError or TooLargeError naming the field, as the client-facing services would. */
export function validateForwardedCommand(bytes: Uint8Array, from: NodeId): KvCommand {
  if (bytes.byteLength > MAX_WRITE_REQUEST_BYTES) throw new TooLargeError('request', bytes.byteLength, MAX_WRITE_REQUEST_BYTES);
  let cmd: KvCommand;
  try {
    cmd = decodeCommand(bytes);
  } catch (err) {
    throw new InvalidArgumentError('command', errorMessage(err));
  }
  switch (cmd.op) {
    case 'put':
    case 'delete':
      validateCommand(cmd);
      break;
    case 'txn':
      validateTxn(cmd.txn);
      if (cmd.grant !== undefined) {
        parseInt64('grant.id', cmd.grant.id, 1n);
        validateTtl('ttl_seconds', cmd.grant.ttlSeconds);
      }
      break;
    case 'lease-grant':
      parseInt64('id', cmd.id, 1n);
      validateTtl('ttl_seconds', cmd.ttlSeconds);
      break;
    case 'lease-revoke':
      parseLeaseId('id', cmd.id);
      break;
    case 'member-update':
      validateMemberId('member_update.id', cmd.id);
      if (cmd.peerAddress !== undefined) {
        // An operator's change of a member's peer address (etcd's MemberUpdate), forwarded by whichever node took it.
        validateAddress('member_update.peer_address', cmd.peerAddress);
        if (cmd.clientAddress !== '') validateAddress('member_update.client_address', cmd.clientAddress);
        break;
      }
      validateAddress('member_update.client_address', cmd.clientAddress);
      // A member records its own client address (client-address-recorder.ts), nobody else's.
      if (cmd.id !== from) throw new InvalidArgumentError('member_update.id', `a member may record only its own address, and this request came from ${from}`);
      break;
    case 'compact':
      parseRevision('revision', cmd.revision);
      break;
    case 'alarm':
      validateMemberId('alarm.member_id', cmd.memberId);
      if (!isAlarmType(cmd.alarm)) throw new InvalidArgumentError('alarm.alarm', `must be one of ${ALARM_TYPES.join(', ')} (got "${cmd.alarm}")`);
      break;
    case 'auth':
      // The member that forwarded it authorized its client (root) before forwarding.
      validateAuthChange(cmd.change);
      break;
    case 'hash-check':
      // Only the leader starts a consistency check, on its own (corruption-check.ts).
      throw new InvalidArgumentError('hash_check', 'only the leader proposes a consistency check, never a forwarded request');
    case 'hash-report':
      // A member reports its own digest, nobody else's.
      if (cmd.memberId !== from) throw new InvalidArgumentError('hash_report.member_id', `a member may report only its own hash, and this request came from ${from}`);
      if (!Number.isSafeInteger(cmd.index) || cmd.index < 1) throw new InvalidArgumentError('hash_report.index', `must be a log index >= 1 (got ${cmd.index})`);
      if (!/^[0-9a-f]{64}$/.test(cmd.hash)) throw new InvalidArgumentError('hash_report.hash', 'must be a sha256 digest in lowercase hex (64 characters)');
      if (cmd.format < 1) throw new InvalidArgumentError('hash_report.format', 'must name the digest format (>= 1)');
      break;
  }
  return cmd;
}

/** A forwarded ConfChange: decodable, naming a valid member id, and valid addresses when it carries them. */
export function validateForwardedConfChange(bytes: Uint8Array): ConfChange {
  let cc: ConfChange;
  try {
    cc = decodeConfChange(bytes);
  } catch (err) {
    throw new InvalidArgumentError('conf_change', errorMessage(err));
  }
  validateMemberId('conf_change.node_id', cc.nodeId);
  if (cc.context !== undefined) {
    let member;
    try {
      member = decodeMemberContext(cc.context);
    } catch (err) {
      throw new InvalidArgumentError('conf_change.context', errorMessage(err));
    }
    validateAddress('conf_change.context.peer_address', member.peerAddress);
    if (member.clientAddress !== '') validateAddress('conf_change.context.client_address', member.clientAddress);
  }
  return cc;
}
