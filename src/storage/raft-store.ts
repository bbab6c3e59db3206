import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import {
  decodeEntry,
  decodeHardState,
  decodeSnapshotMetadata,
  encodeEntry,
  encodeHardState,
  encodeSnapshotMetadata,
} from '../codec/raft-codec';
import { decodeConfState, decodeMemberContext, encodeConfState, encodeMemberContext, type MemberContext } from '../codec/member-codec';
import { StorageError, errorMessage } from '../errors';
import { silentLogger, type Logger } from '../logger';
import { EMPTY_HARD_STATE, type ConfState, type Entry, type HardState, type NodeId, type SnapshotMetadata } from '../raft/types';
import { decodeStoredRecord, encodeLeaseRecord, encodeStoredRecord, encodeWatchEvent } from '../codec/record-codec';
import { SnapshotStaging } from './snapshot-staging';
import { finishInterruptedSwap, swapInStaged, type SwapFaults } from './snapshot-swap';
import type { SnapshotItem } from '../codec/snapshot-codec';
import { decodeIdentity, encodeIdentity, type NodeIdentity } from './identity';
import type { KvData, KvWrite, MembershipWrite } from './kv-data';
import { corruptIfThrows, historyKeysBetween, kvReader, readAuthState, readLeases, rows, type Db } from './kv-reads';
import { directoryBytes } from './disk-usage';
import { encodeAuthState } from '../auth/auth-codec';
import { migrateLayout } from './layout-migration';
import { assertNotEmptied, damagedDataDirAdvice, tableFiles, verifyReadable } from './integrity-check';
import { decodeAlarms, encodeAlarms } from '../kv/alarms';
import {
  ALARMS_KEY,
  ALL_RANGE,
  APPLIED_KEY,
  CONF_STATE_KEY,
  HARD_STATE_KEY,
  REMOVED_SELF_KEY,
  HISTORY_COMPACTED_KEY,
  MEMBER_RANGE,
  IDENTITY_KEY,
  KV_RANGE,
  LOG_RANGE,
  REVISION_KEY,
  AUTH_KEY,
  SNAPSHOT_KEY,
  decodeIndex,
  encodeIndex,
  historyKey,
  idFromMemberKey,
  indexFromLogKey,
  keyFromKvKey,
  kvKey,
  leaseKey,
  leaseKeyIndexKey,
  logKey,
  memberKey,
} from './keys';

/** See the class comment: the log lane carries the Ready loop's writes, the state lane the apply's. */
type Lane = 'log' | 'state';

type BatchOp = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

const EMPTY = new Uint8Array(0);

/** LevelDB maps the tables it holds open (a snapshot reads them all): its least (74 files, 64 tables) of 1 MiB, its smallest. */
const TABLE_CACHE = { maxOpenFiles: 74, maxFileSize: 1024 * 1024 } as const;
/** Where the database's files live in a data dir. */
const databaseDir = (dataDir: string): string => join(dataDir, 'db');

/** A consistent read of the applied state (openSnapshotRead). */
export interface SnapshotRead {
  readonly metadata: SnapshotMetadata;
  readonly members: ReadonlyMap<NodeId, MemberContext>;
  /** The store revision the items reflect. */
  readonly revision: number;
  /** Every key record in key order, then every lease in id order; iterate at most once. */
  readonly items: AsyncIterable<SnapshotItem>;
  close(): Promise<void>;
}

/** A snapshot to install (installSnapshot). */
export interface SnapshotInstall {
  readonly metadata: SnapshotMetadata;
  readonly members: ReadonlyMap<NodeId, MemberContext>;
  /**
   * The leader's store revision; absent from a v0.1 leader. The installed
   * revision is the larger of it and every record's mod revision.
   */
  readonly revision?: number;
  /** The records, staged on disk by stageSnapshot(). */
  readonly staging: SnapshotStaging;
}

/** Everything needed to rebuild the in-memory log after a restart. */
export interface PersistedState {
  /** EMPTY_HARD_STATE when none was ever saved. */
  readonly hardState: HardState;
  /** Where the log begins; undefined when no snapshot (not even the bootstrap one) was saved. */
  readonly snapshot: SnapshotMetadata | undefined;
  /** Every entry after the snapshot index, in order, without gaps. */
  readonly entries: Entry[];
}

/** One Ready's worth of durable state. */
export interface StoreUpdate {
  readonly hardState?: HardState;
  /** Entries to append; they replace any stored entries at the same or later indexes. */
  readonly entries: readonly Entry[];
  /**
   * A snapshot installed from the leader (or the bootstrap snapshot): the log
   * now begins after it and every stored entry is discarded, as etcd's
   * MemoryStorage.ApplySnapshot does. `entries` then follow it.
   */
  readonly snapshot?: SnapshotMetadata;
  /**
   * Address records to write with this update: the initial voters in the
   * bootstrap batch, or the address book a joining node was given. Later
   * changes come only from applied ConfChange entries (kvData().commit).
   */
  readonly members?: ReadonlyMap<NodeId, MemberContext>;
}

/** The address book and configuration as of the applied index. */
export interface PersistedMembership {
  /** Undefined until a ConfChange entry was applied. */
  readonly confState: ConfState | undefined;
  readonly members: ReadonlyMap<NodeId, MemberContext>;
  /** The index at which this node applied its own removal, if it did (and was not added back since). */
  readonly removedSelfAt: number | undefined;
}

/**
 * A node's durable state in one classic-level database (layout in keys.ts):
 * the Raft log, hard state, snapshot metadata, identity, and the KV data the
 * state machine writes through kvData().
 *
 * Writes go in two lanes, each issued one at a time in call order: the log
 * lane (entries, hard state, snapshot metadata: what the Ready loop saves)
 * and the state lane (what applying committed entries writes). classic-level
 * runs operations on a thread pool and would not keep two overlapping batches
 * in order, but the lanes write different keys (the address book, which both
 * write, goes through the log lane only at bootstrap or join, before anything
 * is applied), so only order within a lane matters. Letting them overlap
 * means a sync on the log lane no longer waits behind an apply batch, nor an
 * apply behind a sync, and LevelDB commits writes that meet in its queue as
 * one group. Applying never syncs (offline tools such as restore do): its
 * writes become durable with a later synced log write, and a crash before
 * that replays the entries from the log. The apply of an entry begins only
 * after the log write that committed it resolved, so the state on disk is
 * never ahead of the stored commit index. Whatever spans both lanes
 * (compaction, snapshot install, close) waits for both first.
 * The in-memory log bounds are updated when a write is queued.
 * A failed write poisons the store (every later call fails) because those
 * bounds no longer match the disk; the node must restart and load() again.
 */
export class RaftStore {
  readonly #db: Db;
  readonly #logger: Logger;
  /** Index of the snapshot the log begins after; stored entries start at #snapshotIndex + 1. */
  #snapshotIndex: number;
  /** Index of the last stored entry, or #snapshotIndex when none follows it. Kept so save() needs no scan. */
  #lastIndex: number;
  /** The last queued write of each lane, settled either way; the lane's next write starts after it. */
  #tails: Record<Lane, Promise<void>> = { log: Promise.resolve(), state: Promise.resolve() };
  #failure: { readonly cause: unknown } | undefined;
  #closing: Promise<void> | undefined;
  /** While a snapshot is swapped in (several batches): reads that would see part of it wait. */
  #swapping: Promise<void> | undefined;

  private constructor(
    readonly dataDir: string,
    db: Db,
    logger: Logger,
    snapshotIndex: number,
    lastIndex: number,
  ) {
    this.#db = db;
    this.#logger = logger;
    this.#snapshotIndex = snapshotIndex;
    this.#lastIndex = lastIndex;
  }

  /** Opens (creating if needed) the database in `<dataDir>/db`. LevelDB's lock keeps a second process out. */
  static async open(dataDir: string, logger: Logger = silentLogger): Promise<RaftStore> {
    const location = databaseDir(dataDir);
    await mkdir(location, { recursive: true });
    const tablesBefore = tableFiles(await readdir(location));
    const db: Db = new ClassicLevel<Uint8Array, Uint8Array>(location, { keyEncoding: 'view', valueEncoding: 'view', ...TABLE_CACHE });
    try {
      await db.open();
    } catch (err) {
      // A lock held by another process is not damage; anything else here (a cut MANIFEST, a missing table) is.
      const advice = /LOCK/.test(causeMessage(err)) ? '' : `; if the files are damaged, ${damagedDataDirAdvice(dataDir)}`;
      throw new StorageError(`cannot open the database in ${location}: ${causeMessage(err)}${advice}`, { cause: err });
    }
    try {
      const { records, durationMs } = await verifyReadable(db, dataDir);
      assertNotEmptied(dataDir, tablesBefore, records > 0);
      logger.info({ records, durationMs }, 'read every record of the database: intact');
    } catch (err) {
      await db.close();
      throw err;
    }
    return RaftStore.openOn(db, dataDir, logger);
  }

  /**
   * Runs the store on an open database: the simulator's in-memory one with
   * crash semantics, so the production driver runs there unchanged.
   * `dataDir` names it in messages. Closes `db` if it cannot be read.
   */
  static async openOn(db: Db, dataDir: string, logger: Logger = silentLogger): Promise<RaftStore> {
    try {
      await migrateLayout(db, logger);
      await finishInterruptedSwap(db, logger);
      const snapshotBytes = await db.get(SNAPSHOT_KEY);
      const snapshotIndex = snapshotBytes === undefined ? 0 : corruptIfThrows('snapshot metadata', () => decodeSnapshotMetadata(snapshotBytes)).index;
      const [lastKey] = await db.keys({ ...LOG_RANGE, reverse: true, limit: 1 }).all();
      const lastIndex = Math.max(snapshotIndex, lastKey === undefined ? 0 : corruptIfThrows('log key', () => indexFromLogKey(lastKey)));
      logger.info({ dataDir, firstIndex: snapshotIndex + 1, lastIndex }, 'opened storage');
      return new RaftStore(dataDir, db, logger, snapshotIndex, lastIndex);
    } catch (err) {
      await db.close();
      throw err;
    }
  }

  /** Index of the first entry the log holds (snapshot index + 1). */
  firstIndex(): number {
    return this.#snapshotIndex + 1;
  }

  /** Index of the last entry stored (or queued to be), or the snapshot index when the log is empty. */
  lastIndex(): number {
    return this.#lastIndex;
  }

  async identity(): Promise<NodeIdentity | undefined> {
    this.#assertUsable();
    const bytes = await this.#db.get(IDENTITY_KEY);
    return bytes === undefined ? undefined : decodeIdentity(bytes);
  }

  /** Records which node of which cluster this data belongs to; synced. */
  async saveIdentity(identity: NodeIdentity): Promise<void> {
    this.#assertUsable();
    await this.#write([{ type: 'put', key: IDENTITY_KEY, value: encodeIdentity(identity) }], true, 'log');
  }

  /** Reads back hard state, snapshot metadata and the log, after any queued writes. */
  async load(): Promise<PersistedState> {
    this.#assertUsable();
    await this.#bothLanes();
    this.#assertUsable();
    const [hardStateBytes, snapshotBytes] = await this.#db.getMany([HARD_STATE_KEY, SNAPSHOT_KEY]);
    const hardState = hardStateBytes === undefined ? EMPTY_HARD_STATE : corruptIfThrows('hard state', () => decodeHardState(hardStateBytes));
    const snapshot = snapshotBytes === undefined ? undefined : corruptIfThrows('snapshot metadata', () => decodeSnapshotMetadata(snapshotBytes));

    const first = (snapshot?.index ?? 0) + 1;
    const rows = await this.#db.iterator({ gte: logKey(first), lt: LOG_RANGE.lt }).all();
    const entries: Entry[] = [];
    let expected = first;
    for (const [key, value] of rows) {
      const index = corruptIfThrows('log key', () => indexFromLogKey(key));
      const entry = corruptIfThrows(`log entry ${index}`, () => decodeEntry(value));
      if (index !== expected) throw new StorageError(`log is corrupt: expected entry ${expected}, found ${index}`);
      if (entry.index !== index) throw new StorageError(`log is corrupt: key ${index} holds entry ${entry.index}`);
      entries.push(entry);
      expected += 1;
    }
    return { hardState, snapshot, entries };
  }

  /**
   * Persists one Ready in ONE batch: snapshot (if any), entries, hard state.
   * With `sync`, resolves only once the batch is fsynced.
   *
   * Entries at or below the snapshot index are dropped: they are committed and
   * compacted, so they cannot differ (etcd's MemoryStorage.Append does the
   * same). Throws StorageError, writing nothing, when the entries are not
   * contiguous or would leave a gap after the stored log.
   */
  async save(update: StoreUpdate, sync: boolean): Promise<void> {
    this.#assertUsable();
    const ops: BatchOp[] = [];
    // Work on copies of the bounds and commit them only once every check has passed.
    let snapshotIndex = this.#snapshotIndex;
    let lastIndex = this.#lastIndex;

    if (update.snapshot !== undefined) {
      const snapshot = update.snapshot;
      if (snapshot.index < snapshotIndex) {
        throw new StorageError(`snapshot at ${snapshot.index} is older than the log's beginning at ${snapshotIndex}`);
      }
      for (let i = snapshotIndex + 1; i <= lastIndex; i += 1) ops.push({ type: 'del', key: logKey(i) });
      ops.push({ type: 'put', key: SNAPSHOT_KEY, value: encodeSnapshotMetadata(snapshot) });
      snapshotIndex = snapshot.index;
      lastIndex = snapshot.index;
    }

    const entries = update.entries;
    let start = 0;
    while (start < entries.length && entries[start]!.index <= snapshotIndex) start += 1;
    if (start < entries.length) {
      const first = entries[start]!.index;
      if (first > lastIndex + 1) {
        throw new StorageError(`cannot append entry ${first}: the log ends at ${lastIndex}, which would leave a gap`);
      }
      let expected = first;
      for (let i = start; i < entries.length; i += 1) {
        const entry = entries[i]!;
        if (entry.index !== expected) {
          throw new StorageError(`entries to save are not contiguous: expected index ${expected}, got ${entry.index}`);
        }
        ops.push({ type: 'put', key: logKey(entry.index), value: encodeEntry(entry) });
        expected += 1;
      }
      const newLast = expected - 1;
      // Raft truncation: entries from `first` on replace a conflicting branch,
      // so whatever stored lies beyond the new last entry belongs to that
      // branch and must go, or a restart would resurrect it.
      for (let i = newLast + 1; i <= lastIndex; i += 1) ops.push({ type: 'del', key: logKey(i) });
      lastIndex = newLast;
    }

    if (update.hardState !== undefined) {
      ops.push({ type: 'put', key: HARD_STATE_KEY, value: encodeHardState(update.hardState) });
    }
    for (const [id, member] of update.members ?? []) ops.push({ type: 'put', key: memberKey(id), value: encodeMemberContext(member) });
    if (ops.length === 0) return;
    this.#snapshotIndex = snapshotIndex;
    this.#lastIndex = lastIndex;
    await this.#write(ops, sync, 'log');
  }

  /** Reads back the address book and the applied configuration, after any queued writes. */
  async loadMembership(): Promise<PersistedMembership> {
    this.#assertUsable();
    await this.#bothLanes();
    this.#assertUsable();
    const [confBytes, removedBytes] = await this.#db.getMany([CONF_STATE_KEY, REMOVED_SELF_KEY]);
    const confState = confBytes === undefined ? undefined : corruptIfThrows('configuration', () => decodeConfState(confBytes));
    const removedSelfAt = removedBytes === undefined ? undefined : corruptIfThrows('own removal index', () => decodeIndex(removedBytes));
    const members = new Map<NodeId, MemberContext>();
    for (const [key, value] of await this.#db.iterator(MEMBER_RANGE).all()) {
      const id = corruptIfThrows('member key', () => idFromMemberKey(key));
      members.set(id, corruptIfThrows(`member record ${id}`, () => decodeMemberContext(value)));
    }
    return { confState, members, removedSelfAt };
  }

  /**
   * Deletes the log entries up to and including `throughIndex` and records
   * that the log now begins after it, with `confState` the membership in force
   * at that index, in one batch.
   *
   * KV data lives in this same database, so the applied state already is the
   * snapshot these entries collapse into; hence the refusal to compact past
   * the applied index. Not synced: losing a compaction only keeps more log.
   */
  async compact(throughIndex: number, confState: ConfState): Promise<void> {
    this.#assertUsable();
    if (throughIndex <= this.#snapshotIndex) return;
    if (throughIndex > this.#lastIndex) {
      throw new StorageError(`cannot compact through ${throughIndex}: the log ends at ${this.#lastIndex}`);
    }
    // Queued writes may carry the applied index or the entry we need.
    await this.#bothLanes();
    this.#assertUsable();
    const [appliedBytes, entryBytes] = await this.#db.getMany([APPLIED_KEY, logKey(throughIndex)]);
    const applied = appliedBytes === undefined ? 0 : decodeIndex(appliedBytes);
    if (throughIndex > applied) {
      throw new StorageError(`cannot compact through ${throughIndex}: only ${applied} is applied, and unapplied entries would be lost`);
    }
    if (entryBytes === undefined) throw new StorageError(`log is corrupt: entry ${throughIndex} is missing`);
    const term = corruptIfThrows(`log entry ${throughIndex}`, () => decodeEntry(entryBytes)).term;
    // A concurrent compact may have got here first while we awaited.
    if (throughIndex <= this.#snapshotIndex) return;

    const ops: BatchOp[] = [];
    for (let i = this.#snapshotIndex + 1; i <= throughIndex; i += 1) ops.push({ type: 'del', key: logKey(i) });
    ops.push({ type: 'put', key: SNAPSHOT_KEY, value: encodeSnapshotMetadata({ index: throughIndex, term, confState }) });
    this.#snapshotIndex = throughIndex;
    await this.#write(ops, false, 'log');
    this.#logger.info({ throughIndex, term }, 'compacted log');
  }

  /**
   * Opens a consistent read of the applied state (LevelDB snapshot): the
   * applied index, its term and configuration, the address book and every KV
   * pair, all as of one instant, however far applying moves on meanwhile.
   * The caller must close() it.
   */
  async openSnapshotRead(): Promise<SnapshotRead> {
    this.#assertUsable();
    await this.#swapping;
    const snap = this.#db.snapshot();
    try {
      const [appliedBytes, confBytes, snapshotBytes] = await this.#db.getMany([APPLIED_KEY, CONF_STATE_KEY, SNAPSHOT_KEY], { snapshot: snap });
      const index = appliedBytes === undefined ? 0 : corruptIfThrows('applied index', () => decodeIndex(appliedBytes));
      const base = snapshotBytes === undefined ? undefined : corruptIfThrows('snapshot metadata', () => decodeSnapshotMetadata(snapshotBytes));
      let term: number;
      if (base !== undefined && base.index === index) term = base.term;
      else {
        const entryBytes = await this.#db.get(logKey(index), { snapshot: snap });
        if (entryBytes === undefined) throw new StorageError(`cannot snapshot at applied index ${index}: its log entry is gone`);
        term = corruptIfThrows(`log entry ${index}`, () => decodeEntry(entryBytes)).term;
      }
      // Until a ConfChange is applied the configuration is the one the log began with.
      const confState = confBytes !== undefined ? corruptIfThrows('configuration', () => decodeConfState(confBytes)) : (base?.confState ?? { voters: [], learners: [] });
      const members = new Map<NodeId, MemberContext>();
      for (const [key, value] of await this.#db.iterator({ ...MEMBER_RANGE, snapshot: snap }).all()) {
        const id = corruptIfThrows('member key', () => idFromMemberKey(key));
        members.set(id, corruptIfThrows(`member record ${id}`, () => decodeMemberContext(value)));
      }
      const db = this.#db;
      const { revision } = await kvReader(db, snap).meta();
      const items = async function* (): AsyncGenerator<SnapshotItem> {
        for await (const [key, value] of rows(db, { ...KV_RANGE, snapshot: snap })) {
          const name = keyFromKvKey(key);
          yield { record: corruptIfThrows(`record of ${JSON.stringify(name)}`, () => decodeStoredRecord(name, value)) };
        }
        for (const lease of await readLeases(db, snap)) yield { lease };
        const auth = await readAuthState(db, snap);
        if (auth !== undefined) yield { auth };
        // The active alarms travel too: a follower installing this holds the cluster's NOSPACE and CORRUPT.
        const alarmBytes = await db.get(ALARMS_KEY, { snapshot: snap });
        const alarms = alarmBytes === undefined ? [] : corruptIfThrows('alarms', () => decodeAlarms(alarmBytes));
        if (alarms.length > 0) yield { alarms };
      };
      return { metadata: { index, term, confState }, members, revision, items: items(), close: () => snap.close() };
    } catch (err) {
      await snap.close();
      throw err;
    }
  }

  /** A fresh staging area on disk for a snapshot being received; its writes queue with the others, unsynced. */
  stageSnapshot(): Promise<SnapshotStaging> {
    this.#assertUsable();
    // The state lane: a staged batch (up to 4 MiB) must not hold up the Ready loop's syncs.
    return SnapshotStaging.begin(this.#db, (ops) => this.#write(ops, false, 'state'));
  }

  /**
   * Replaces the applied state with a staged snapshot from the leader
   * (snapshot-swap.ts): every key record, lease and lease index entry, the
   * revision, the applied index, configuration, address book and snapshot
   * metadata; the whole log is discarded (it begins after the snapshot) and
   * so is the watch history, which restarts at the snapshot's revision. A
   * crash leaves either the old state or the new, never a mix; reads wait
   * for the swap. `faults` is for tests.
   */
  installSnapshot(s: SnapshotInstall, faults?: SwapFaults): Promise<void> {
    this.#assertUsable();
    const { records, maxModRevision } = s.staging.totals();
    const plan = { metadata: s.metadata, members: s.members, revision: Math.max(s.revision ?? 0, maxModRevision), records };
    this.#snapshotIndex = Math.max(this.#snapshotIndex, s.metadata.index);
    this.#lastIndex = this.#snapshotIndex;
    const done = this.#queue(() => swapInStaged(this.#db, plan, this.#logger, faults), 'both');
    const swapping = done.catch(() => undefined).finally(() => {
      if (this.#swapping === swapping) this.#swapping = undefined;
    });
    this.#swapping = swapping;
    return done;
  }

  /** The state machine's view: its records and the applied index, written atomically together. */
  kvData(): KvData {
    const db = this.#db;
    const live = kvReader(db);
    const usable = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
      this.#assertUsable();
      return fn(...args);
    };
    return {
      meta: usable(() => live.meta()),
      getMany: usable(async (keys: readonly string[]) => {
        await this.#swapping;
        return live.getMany(keys);
      }),
      getWithRevision: usable(async (key: string) => {
        await this.#swapping;
        return live.getWithRevision(key);
      }),
      scan: usable((range) => live.scan(range)),
      count: usable((range) => live.count(range)),
      leaseKeys: usable((id: string) => live.leaseKeys(id)),
      history: usable((from: number, to: number, maxBytes: number) => live.history(from, to, maxBytes)),
      leases: usable(() => readLeases(db)),
      alarms: usable(async () => {
        const bytes = await db.get(ALARMS_KEY);
        return bytes === undefined ? [] : corruptIfThrows('alarms', () => decodeAlarms(bytes));
      }),
      authState: usable(() => readAuthState(db)),
      appliedIndex: usable(async () => {
        const bytes = await db.get(APPLIED_KEY);
        return bytes === undefined ? 0 : corruptIfThrows('applied index', () => decodeIndex(bytes));
      }),
      openView: usable(async () => {
        await this.#swapping;
        const snap = db.snapshot();
        return { ...kvReader(db, snap), close: () => snap.close() };
      }),
      commit: async (write: KvWrite, appliedIndex: number, sync: boolean, membership?: MembershipWrite) => {
        this.#assertUsable();
        const ops = await this.#kvWriteOps(write);
        if (membership !== undefined) {
          if (membership.confState !== undefined) ops.push({ type: 'put', key: CONF_STATE_KEY, value: encodeConfState(membership.confState) });
          if (membership.removedSelfAt !== undefined) {
            ops.push(membership.removedSelfAt > 0 ? { type: 'put', key: REMOVED_SELF_KEY, value: encodeIndex(membership.removedSelfAt) } : { type: 'del', key: REMOVED_SELF_KEY });
          }
          for (const [id, member] of membership.members) {
            ops.push(member === null ? { type: 'del', key: memberKey(id) } : { type: 'put', key: memberKey(id), value: encodeMemberContext(member) });
          }
        }
        ops.push({ type: 'put', key: APPLIED_KEY, value: encodeIndex(appliedIndex) });
        await this.#write(ops, sync, 'state');
      },
    };
  }

  async #kvWriteOps(write: KvWrite): Promise<BatchOp[]> {
    const ops: BatchOp[] = [];
    if (write.auth !== undefined) ops.push({ type: 'put', key: AUTH_KEY, value: encodeAuthState(write.auth) });
    for (const [key, record] of write.records) {
      ops.push(record === null ? { type: 'del', key: kvKey(key) } : { type: 'put', key: kvKey(key), value: encodeStoredRecord(record) });
    }
    for (const [id, lease] of write.leases) {
      ops.push(lease === null ? { type: 'del', key: leaseKey(id) } : { type: 'put', key: leaseKey(id), value: encodeLeaseRecord(lease) });
    }
    for (const change of write.leaseKeys) {
      const dbKey = leaseKeyIndexKey(change.leaseId, change.key);
      ops.push(change.attached ? { type: 'put', key: dbKey, value: EMPTY } : { type: 'del', key: dbKey });
    }
    let seq = 0;
    let seqRevision = -1;
    for (const event of write.events) {
      if (event.revision !== seqRevision) {
        seqRevision = event.revision;
        seq = 0;
      }
      if (event.revision > write.compactRevision) ops.push({ type: 'put', key: historyKey(event.revision, seq), value: encodeWatchEvent(event) });
      seq += 1;
    }
    for (const key of await historyKeysBetween(this.#db, write.previousCompactRevision, write.compactRevision)) ops.push({ type: 'del', key });
    ops.push({ type: 'put', key: REVISION_KEY, value: encodeIndex(write.revision) });
    ops.push({ type: 'put', key: HISTORY_COMPACTED_KEY, value: encodeIndex(write.compactRevision) });
    if (write.alarms !== undefined) ops.push({ type: 'put', key: ALARMS_KEY, value: encodeAlarms(write.alarms) });
    return ops;
  }

  /** Bytes on disk for all our keys, as LevelDB estimates them (for metrics). */
  async approximateSize(): Promise<number> {
    this.#assertUsable();
    return this.#db.approximateSize(ALL_RANGE.gte, ALL_RANGE.lt);
  }

  /** Bytes of the database's files on disk, live or awaiting LevelDB's compaction (etcd's Status dbSize). */
  filesSize(): Promise<number> {
    return directoryBytes(databaseDir(this.dataDir));
  }

  /**
   * Rewrites every table without the space of deleted and overwritten
   * entries, after flushing the write-ahead log into them (LevelDB
   * compactRange over all keys): raftkv's defragmentation. Reads and writes
   * go on meanwhile; LevelDB compacts in the background of them.
   */
  async compactDatabase(): Promise<void> {
    this.#assertUsable();
    await this.#db.compactRange(ALL_RANGE.gte, ALL_RANGE.lt);
  }

  /** Waits for queued writes, then closes the database. A second call returns the first's promise. */
  close(): Promise<void> {
    this.#closing ??= this.#bothLanes().then(() => this.#db.close());
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #assertUsable(): void {
    if (this.#closing !== undefined) throw new StorageError(`storage in ${this.dataDir} is closed`);
    if (this.#failure !== undefined) {
      throw new StorageError('an earlier storage write failed; restart the node', { cause: this.#failure.cause });
    }
  }

  /** Resolves once every write queued so far, in either lane, has settled. */
  async #bothLanes(): Promise<void> {
    await Promise.all([this.#tails.log, this.#tails.state]);
  }

  /** Queues a batch on a lane. */
  #write(ops: BatchOp[], sync: boolean, lane: Lane | 'both'): Promise<void> {
    return this.#queue(() => this.#db.batch(ops, { sync }), lane);
  }

  /** Runs `write` after every write queued on its lane ('both': after every queued write, and before any later one); a failure poisons the store. */
  #queue(write: () => Promise<void>, lane: Lane | 'both'): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.#failure !== undefined) {
        throw new StorageError('an earlier storage write failed; restart the node', { cause: this.#failure.cause });
      }
      try {
        await write();
      } catch (err) {
        this.#failure = { cause: err };
        this.#logger.warn({ err: causeMessage(err) }, 'storage write failed');
        throw new StorageError(`storage write failed: ${causeMessage(err)}`, { cause: err });
      }
    };
    const done = (lane === 'both' ? this.#bothLanes() : this.#tails[lane]).then(run);
    const settled = done.catch(() => undefined);
    if (lane === 'both') this.#tails = { log: settled, state: settled };
    else this.#tails[lane] = settled;
    return done;
  }
}

/** classic-level wraps LevelDB's reason (for example LEVEL_LOCKED) in `cause`. */
function causeMessage(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  return cause === undefined ? errorMessage(err) : `${errorMessage(err)} (${errorMessage(cause)})`;
}
