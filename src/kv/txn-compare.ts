/**
 * A Txn's compares, evaluated as etcd does: every compare of the request,
 * those of nested Txns included, against the state before any of its
 * operations runs. The result is the path the request takes (which branch
 * at each level); txn-apply.ts then runs the operations along it. A nested
 * Txn therefore never sees the writes of the operations before it.
 */
import { InvalidArgumentError } from '../errors';
import type { Compare__Output } from '../generated/raftkv/kv/v1/Compare';
import type { TxnRequest__Output } from '../generated/raftkv/kv/v1/TxnRequest';
import type { BatchState } from './batch-state';
import { TO_THE_END, type KeyRange } from './key-range';
import type { KeyValueRecord } from './records';

/** Which branch a Txn takes, and the paths of the nested Txns in that branch, by operation index. */
export interface TxnPath {
  readonly succeeded: boolean;
  readonly nested: ReadonlyMap<number, TxnPath>;
}

/** The path of `txn` and every Txn nested in the branches it takes. `field` prefixes error fields. */
export async function choosePath(state: BatchState, txn: TxnRequest__Output, field: string): Promise<TxnPath> {
  let succeeded = true;
  for (const [i, compare] of (txn.compare ?? []).entries()) {
    if (!(await holds(state, compare, `${field}compare[${i}]`))) {
      succeeded = false;
      break;
    }
  }
  const branch = succeeded ? 'success' : 'failure';
  const nested = new Map<number, TxnPath>();
  for (const [i, op] of ((succeeded ? txn.success : txn.failure) ?? []).entries()) {
    if (op.request_txn) nested.set(i, await choosePath(state, op.request_txn, `${field}${branch}[${i}].request_txn.`));
  }
  return { succeeded, nested };
}

const OPERAND_OF_TARGET: Record<string, NonNullable<Compare__Output['operand']>> = {
  COMPARE_TARGET_VALUE: 'value',
  COMPARE_TARGET_VERSION: 'version',
  COMPARE_TARGET_CREATE_REVISION: 'create_revision',
  COMPARE_TARGET_MOD_REVISION: 'mod_revision',
  COMPARE_TARGET_LEASE: 'lease',
};

/**
 * Whether the compare holds: for one key, or (range_end set) for every key
 * of the range; a range without keys is compared as one missing key, as etcd
 * does. A missing key has version, revisions and lease 0; a VALUE compare on
 * it is false.
 */
async function holds(state: BatchState, c: Compare__Output, field: string): Promise<boolean> {
  const operand = OPERAND_OF_TARGET[String(c.target)];
  if (operand === undefined) throw new InvalidArgumentError(`${field}.target`, `unknown compare target ${String(c.target)}`);
  if (c.operand !== undefined && c.operand !== operand) {
    throw new InvalidArgumentError(`${field}.${c.operand}`, `does not match target ${String(c.target)} (set ${operand})`);
  }
  const rangeEnd = c.range_end ?? '';
  if (rangeEnd === '') return holdsFor(await state.get(c.key ?? ''), c, operand, field);
  let any = false;
  for await (const record of state.scan(compareRange(c.key ?? '', rangeEnd, field))) {
    any = true;
    if (!holdsFor(record, c, operand, field)) return false;
  }
  return any || holdsFor(undefined, c, operand, field);
}

function holdsFor(record: KeyValueRecord | undefined, c: Compare__Output, operand: NonNullable<Compare__Output['operand']>, field: string): boolean {
  let order: number;
  if (operand === 'value') {
    if (record === undefined) return false;
    order = Buffer.compare(record.value, c.value ?? Buffer.alloc(0));
  } else {
    const actual = record === undefined ? 0n : BigInt(operand === 'version' ? record.version : operand === 'create_revision' ? record.createRevision : operand === 'mod_revision' ? record.modRevision : record.lease);
    const expected = parseInt64(c[operand] ?? '0', `${field}.${operand}`);
    order = actual < expected ? -1 : actual > expected ? 1 : 0;
  }
  switch (String(c.op)) {
    case 'COMPARE_OP_EQUAL':
      return order === 0;
    case 'COMPARE_OP_NOT_EQUAL':
      return order !== 0;
    case 'COMPARE_OP_GREATER':
      return order > 0;
    case 'COMPARE_OP_LESS':
      return order < 0;
    default:
      throw new InvalidArgumentError(`${field}.op`, `unknown compare op ${String(c.op)}`);
  }
}

/** [key, range_end) of a compare; checked again here because a log entry must apply the same whatever the request checks. */
function compareRange(key: string, rangeEnd: string, field: string): KeyRange {
  const start = Buffer.from(key, 'utf8');
  if (rangeEnd === TO_THE_END) return { start, end: undefined, single: false };
  const end = Buffer.from(rangeEnd, 'utf8');
  if (Buffer.compare(end, start) <= 0) throw new InvalidArgumentError(`${field}.range_end`, 'must sort after key');
  return { start, end, single: false };
}

export function parseInt64(text: string, field: string): bigint {
  if (!/^-?\d+$/.test(text)) throw new InvalidArgumentError(field, `not an integer: ${JSON.stringify(text)}`);
  return BigInt(text);
}
