/**
 * Cluster-wide alarms (etcd's NOSPACE and CORRUPT): raised and cleared
 * through the log (the `alarm` command), so every member holds the same set
 * and it survives restarts, stored beside the applied index. The set
 * decides what the API refuses (space-guard.ts), never how an entry applies:
 * a member that learned of an alarm late still computes the same state.
 */
import type { KvCommand } from './command';
import type { TxnRequest__Output } from '../generated/raftkv/kv/v1/TxnRequest';

export const ALARM_TYPES = ['NOSPACE', 'CORRUPT'] as const;
export type AlarmType = (typeof ALARM_TYPES)[number];

export interface AlarmRecord {
  /** The member whose condition raised it (its database over quota, its state diverging). */
  readonly memberId: string;
  readonly alarm: AlarmType;
}

export function isAlarmType(s: string): s is AlarmType {
  return (ALARM_TYPES as readonly string[]).includes(s);
}

/** JSON: a short local record no peer reads, kept readable as etcd's alarm bucket is. */
export function encodeAlarms(alarms: readonly AlarmRecord[]): Uint8Array {
  return Buffer.from(JSON.stringify(alarms.map((a) => ({ memberId: a.memberId, alarm: a.alarm }))), 'utf8');
}

export function decodeAlarms(bytes: Uint8Array): AlarmRecord[] {
  const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
  if (!Array.isArray(parsed)) throw new Error('alarms are not a list');
  return parsed.map((a: unknown) => {
    const o = a as { memberId?: unknown; alarm?: unknown };
    if (typeof o.memberId !== 'string' || typeof o.alarm !== 'string' || !isAlarmType(o.alarm)) throw new Error('an alarm lacks memberId or a known type');
    return { memberId: o.memberId, alarm: o.alarm };
  });
}

/** The set after `action`; the same array when nothing changes. */
export function applyAlarm(alarms: readonly AlarmRecord[], action: 'activate' | 'deactivate', memberId: string, alarm: AlarmType): readonly AlarmRecord[] {
  const has = alarms.some((a) => a.memberId === memberId && a.alarm === alarm);
  if (action === 'activate') return has ? alarms : [...alarms, { memberId, alarm }].sort((a, b) => (a.memberId + a.alarm < b.memberId + b.alarm ? -1 : 1));
  return has ? alarms.filter((a) => !(a.memberId === memberId && a.alarm === alarm)) : alarms;
}

/**
 * Whether a command may add data, which NOSPACE refuses (as etcd's capped
 * applier: Put, a Txn with a put in either branch, LeaseGrant). Deletes,
 * lease revokes and compaction free space, so they stay allowed.
 */
export function addsData(cmd: KvCommand): boolean {
  switch (cmd.op) {
    case 'put':
    case 'lease-grant':
      return true;
    case 'txn':
      return cmd.grant !== undefined || txnPuts(cmd.txn);
    case 'delete':
    case 'lease-revoke':
    case 'member-update':
    case 'compact':
    case 'alarm':
    case 'auth':
    case 'hash-check':
    case 'hash-report':
      return false;
  }
}

/**
 * Whether a Txn may put, in either branch, at any depth: a put inside a
 * nested Txn adds data as surely as one at the top (etcd's capped applier
 * looks into nested Txns too). Which branch runs is decided at apply, so
 * both count.
 */
function txnPuts(txn: TxnRequest__Output): boolean {
  return [...(txn.success ?? []), ...(txn.failure ?? [])].some(
    (op) => (op.request_put !== null && op.request_put !== undefined) || (op.request_txn !== null && op.request_txn !== undefined && txnPuts(op.request_txn)),
  );
}
