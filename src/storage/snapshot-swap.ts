/**
 * Swaps a staged snapshot (snapshot-staging.ts) in for the applied state,
 * atomically across a crash at any point, in batches of bounded size
 * (docs/snapshots.md, "Installing: the swap"):
 *
 * 1. `marker`: one synced batch writes `m:installing` with everything the
 *    remaining steps need (metadata, address book, revision, record count).
 *    Before it lands the old state is whole; once it has, the swap is
 *    decided and any open of the database finishes it before anything reads.
 * 2. `clear`: deletes the records, leases, lease index, watch history,
 *    address book and auth state, a bounded batch at a time.
 * 3. `copy`: copies every staged record to the key it stands for.
 * 4. `commit`: one synced batch writes the revision, configuration, address
 *    book, applied index and snapshot metadata, raises the hard state's
 *    commit index to the snapshot's, deletes the log (an adopted snapshot
 *    has no matching entry here) and deletes the marker.
 * 5. `cleanup`: deletes the staged copy.
 *
 * Steps 2–4 are idempotent (2 deletes whatever 3 had copied), so a restart
 * after a crash in any of them simply runs them again from 2.
 */
import { decodeHardState, decodeSnapshotMetadata, encodeHardState, encodeSnapshotMetadata } from '../codec/raft-codec';
import { decodeMemberContext, encodeConfState, encodeMemberContext, type MemberContext } from '../codec/member-codec';
import { StorageError } from '../errors';
import type { Logger } from '../logger';
import type { NodeId, SnapshotMetadata } from '../raft/types';
import {
  APPLIED_KEY,
  ALARMS_KEY,
  AUTH_KEY,
  CONF_STATE_KEY,
  HARD_STATE_KEY,
  HISTORY_COMPACTED_KEY,
  HISTORY_RANGE,
  INSTALL_MARKER_KEY,
  KV_RANGE,
  LEASE_KEY_RANGE,
  LEASE_RANGE,
  LOG_RANGE,
  MEMBER_RANGE,
  REVISION_KEY,
  SNAPSHOT_KEY,
  STAGING_RANGE,
  encodeIndex,
  memberKey,
} from './keys';
import { corruptIfThrows, rows, type Db } from './kv-reads';
import { deleteRange, type BatchWriter, type DelOp, type PutOp } from './snapshot-staging';

/** The steps of a swap, in order; a fault hook names the one about to run. */
export const SWAP_STEPS = ['marker', 'clear', 'copy', 'commit', 'cleanup'] as const;
export type SwapStep = (typeof SWAP_STEPS)[number];

/** For tests: called before each step; a throw stands for a crash just there. */
export type SwapFaults = (step: SwapStep) => void;

/** What the swap installs besides the staged records. */
export interface SwapPlan {
  readonly metadata: SnapshotMetadata;
  readonly members: ReadonlyMap<NodeId, MemberContext>;
  /** The store revision after the install; the watch history restarts there. */
  readonly revision: number;
  /** How many records were staged: a copy that finds another number refuses to commit. */
  readonly records: number;
}

/** The families a snapshot replaces. */
const REPLACED_RANGES = [KV_RANGE, LEASE_RANGE, LEASE_KEY_RANGE, HISTORY_RANGE, MEMBER_RANGE] as const;
/** Bytes of keys and values per copy batch: memory stays bounded whatever the snapshot's size. */
const COPY_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Runs the whole swap. The caller holds the store's write queue throughout
 * and must treat a throw as a crash: the next open finishes the swap when
 * the marker had landed, and otherwise finds the old state whole.
 */
export async function swapInStaged(db: Db, plan: SwapPlan, logger: Logger, faults?: SwapFaults): Promise<void> {
  step(logger, plan, 'marker', faults);
  await db.batch([{ type: 'put', key: INSTALL_MARKER_KEY, value: encodePlan(plan) }], { sync: true });
  await completeSwap(db, plan, logger, faults);
}

/**
 * At open, before anything reads: finishes a swap a crash interrupted after
 * its marker landed, or else deletes a staged snapshot that was never
 * installed (a transfer cut short, or one the core declined). Returns the
 * index installed, if a swap was finished.
 */
export async function finishInterruptedSwap(db: Db, logger: Logger): Promise<number | undefined> {
  const bytes = await db.get(INSTALL_MARKER_KEY);
  if (bytes === undefined) {
    await deleteRange(db, STAGING_RANGE, unsynced(db));
    return undefined;
  }
  const plan = corruptIfThrows('snapshot install marker', () => decodePlan(bytes));
  logger.warn({ index: plan.metadata.index, term: plan.metadata.term, records: plan.records }, 'finishing a snapshot install that a crash interrupted');
  await completeSwap(db, plan, logger);
  logger.info({ index: plan.metadata.index }, 'finished the interrupted snapshot install');
  return plan.metadata.index;
}

async function completeSwap(db: Db, plan: SwapPlan, logger: Logger, faults?: SwapFaults): Promise<void> {
  const write = unsynced(db);
  step(logger, plan, 'clear', faults);
  for (const range of REPLACED_RANGES) await deleteRange(db, range, write);
  // A snapshot without auth state (from a leader that predates auth) means none; without alarms, none are active.
  await write([
    { type: 'del', key: AUTH_KEY },
    { type: 'del', key: ALARMS_KEY },
  ]);

  step(logger, plan, 'copy', faults);
  let copied = 0;
  let batch: PutOp[] = [];
  let bytes = 0;
  for await (const [key, value] of rows(db, STAGING_RANGE)) {
    batch.push({ type: 'put', key: key.subarray(1), value });
    bytes += key.byteLength + value.byteLength;
    copied += 1;
    if (bytes >= COPY_BATCH_BYTES) {
      await write(batch);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) await write(batch);
  if (copied !== plan.records) {
    // Only a lost write (a power cut LevelDB did not survive whole) gets here; committing would install a partial data set.
    throw new StorageError(`the staged snapshot at index ${plan.metadata.index} holds ${copied} records, not the ${plan.records} received; the data dir is damaged: remove the member and add it back with an empty data dir`);
  }

  step(logger, plan, 'commit', faults);
  const ops: (PutOp | DelOp)[] = [];
  ops.push({ type: 'put', key: REVISION_KEY, value: encodeIndex(plan.revision) });
  ops.push({ type: 'put', key: HISTORY_COMPACTED_KEY, value: encodeIndex(plan.revision) });
  for (const [id, m] of plan.members) ops.push({ type: 'put', key: memberKey(id), value: encodeMemberContext(m) });
  ops.push({ type: 'put', key: CONF_STATE_KEY, value: encodeConfState(plan.metadata.confState) });
  ops.push({ type: 'put', key: APPLIED_KEY, value: encodeIndex(plan.metadata.index) });
  // The log is bounded by compaction (--snapshot-entries), so one batch holds its deletion.
  for (const key of await db.keys(LOG_RANGE).all()) ops.push({ type: 'del', key });
  ops.push({ type: 'put', key: SNAPSHOT_KEY, value: encodeSnapshotMetadata(plan.metadata) });
  // The snapshot is committed: a restart before the Ready that adopted it is saved must not find a commit index below it.
  const hardBytes = await db.get(HARD_STATE_KEY);
  const hard = hardBytes === undefined ? undefined : corruptIfThrows('hard state', () => decodeHardState(hardBytes));
  if (hard !== undefined && hard.commit < plan.metadata.index) ops.push({ type: 'put', key: HARD_STATE_KEY, value: encodeHardState({ ...hard, commit: plan.metadata.index }) });
  ops.push({ type: 'del', key: INSTALL_MARKER_KEY });
  await db.batch(ops, { sync: true });

  step(logger, plan, 'cleanup', faults);
  await deleteRange(db, STAGING_RANGE, write);
}

/** Logs the step about to run (operators and the SIGKILL system test follow them), then lets a test crash there. */
function step(logger: Logger, plan: SwapPlan, name: SwapStep, faults: SwapFaults | undefined): void {
  logger.debug({ index: plan.metadata.index, records: plan.records }, `snapshot swap step: ${name}`);
  faults?.(name);
}

function unsynced(db: Db): BatchWriter {
  return (ops) => db.batch(ops, { sync: false });
}

interface PlanJson {
  readonly metadata: string;
  readonly members: [string, string][];
  readonly revision: number;
  readonly records: number;
}

function encodePlan(plan: SwapPlan): Uint8Array {
  const json: PlanJson = {
    metadata: Buffer.from(encodeSnapshotMetadata(plan.metadata)).toString('base64'),
    members: [...plan.members].map(([id, m]) => [id, Buffer.from(encodeMemberContext(m)).toString('base64')]),
    revision: plan.revision,
    records: plan.records,
  };
  return Buffer.from(JSON.stringify(json));
}

function decodePlan(bytes: Uint8Array): SwapPlan {
  const json = JSON.parse(Buffer.from(bytes).toString('utf8')) as PlanJson;
  if (!Number.isSafeInteger(json.revision) || !Number.isSafeInteger(json.records) || !Array.isArray(json.members)) throw new Error('malformed marker');
  return {
    metadata: decodeSnapshotMetadata(Buffer.from(json.metadata, 'base64')),
    members: new Map(json.members.map(([id, m]) => [id, decodeMemberContext(Buffer.from(m, 'base64'))])),
    revision: json.revision,
    records: json.records,
  };
}
