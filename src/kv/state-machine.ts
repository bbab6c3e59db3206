import { recheckAtApply } from '../auth/apply-check';
import { applyAuthChange, EMPTY_AUTH_STATE, type AuthState } from '../auth/auth-state';
import { AuthStateError, CompactedError, InvalidArgumentError, RaftKvError, StorageError, errorMessage } from '../errors';
import { silentLogger, type Logger } from '../logger';
import type { MemberContext } from '../codec/member-codec';
import type { LeaseChange, LeaseSource } from '../lease/lease-source';
import { EntryType, type ConfState, type Entry, type NodeId } from '../raft/types';
import type { KvData } from '../storage/kv-data';
import type { AppliedBatch, WatchSource } from '../watch/watch-source';
import { BatchState } from './batch-state';
import { commandError, decodeCommand, type CommandResult, type KeyCommand, type KvCommand } from './command';
import type { KeyRange } from './key-range';
import { readPage, type RangeOptions } from './range-page';
import type { KeyValueRecord, LeaseRecord, WatchEvent } from './records';
import { applyCompact } from './compact-apply';
import { applyMemberUpdate } from './member-update-apply';
import { applyCommand } from './txn-apply';
import { applyAlarm, isAlarmType, type AlarmRecord } from './alarms';
import { isHashCheck, segmentsAtHashChecks, type HashEvent } from './hash-check';

/** The outcome of applying one committed entry, matched by the driver to a waiting proposal on index and term. */
export interface ApplyResult {
  readonly index: number;
  readonly term: number;
  /** What the command returned; undefined for entries with no command (leader no-op, ConfChange) or a malformed one. */
  readonly result: CommandResult | undefined;
  /** Set when the entry held no valid command. It was applied as a no-op, alike on every node. */
  readonly error?: InvalidArgumentError;
}

/**
 * What applying one ConfChange entry did to membership, as the driver
 * computed it (RawNode.applyConfChange and the entry's MemberContext).
 */
export interface MembershipChange {
  /** The configuration as of this entry. */
  readonly confState: ConfState;
  readonly nodeId: NodeId;
  /** The member's address record: a context to write, null to delete, undefined to leave as is. */
  readonly member: MemberContext | null | undefined;
  /** The entry removes (or adds back) the node applying it: recorded with the batch, so a restart knows it was removed. */
  readonly self?: 'removed' | 'added';
}

/** Called for each ConfChange entry applied, in log order, while the batch is built. */
export type ConfChangeApplier = (entry: Entry) => MembershipChange;

/**
 * Called for each member-update command applied, in log order with the
 * ConfChange entries: the driver returns the member's address record with
 * `clientAddress` in it (peer address and auto-promotion kept, as its address
 * book has them after the batch's earlier entries), or undefined when
 * `nodeId` is not a member, in which case nothing changes. It must decide
 * alike on every node: from the address book only.
 */
export type MemberUpdateApplier = (entry: Entry, nodeId: NodeId, clientAddress: string, peerAddress: string) => MemberContext | undefined;

export interface KvStateMachineOptions {
  /** Watch history kept, in revisions (--watch-history-revisions). */
  readonly historyRevisions?: number;
}

export const DEFAULT_WATCH_HISTORY_REVISIONS = 10_000;

/** A page of a range read, with the revision the data reflects. */
export interface RangeResult {
  readonly kvs: KeyValueRecord[];
  readonly more: boolean;
  /** With countOnly: the keys in the range; otherwise kvs.length. */
  readonly count: number;
  readonly revision: number;
}

/** The watch history is trimmed once this fraction of its window has passed (see #applyNow). */
const HISTORY_TRIM_STEPS = 32;

/**
 * The replicated key-value state machine: key records with revisions,
 * leases, and a node-local watch history. Its data and applied index live in
 * the node's one database (RaftStore), so they move together.
 *
 * Calls to apply(), restore() and exclusive() run one at a time in call
 * order: each batch reads what the previous one wrote. Reads (range,
 * getRecord, readHistory) run beside them on a LevelDB snapshot, so each
 * sees one batch boundary, with the revision that matches it.
 *
 * It is the WatchSource of the watch hub and the LeaseSource of the lease
 * keeper: listeners hear of each batch once it is on disk, in apply order.
 */
export class KvStateMachine implements WatchSource, LeaseSource {
  readonly #data: KvData;
  readonly #logger: Logger;
  readonly #historyRevisions: number;
  #queue: Promise<unknown> = Promise.resolve();
  /** Caches of persisted state; loaded once (#load), moved only by apply() and restore(). */
  #loaded: Promise<void> | undefined;
  #applied = 0;
  #revision = 0;
  #compactRevision = 0;
  #leases = new Map<string, LeaseRecord>();
  #alarms: readonly AlarmRecord[] = [];
  #auth: AuthState = EMPTY_AUTH_STATE;
  readonly #appliedListeners = new Set<(batch: AppliedBatch) => void>();
  readonly #restoredListeners = new Set<(revision: number) => void>();
  readonly #leaseListeners = new Set<(changes: readonly LeaseChange[]) => void>();
  readonly #hashListeners = new Set<(event: HashEvent) => void>();

  constructor(store: { kvData(): KvData }, logger: Logger = silentLogger, options: KvStateMachineOptions = {}) {
    this.#data = store.kvData();
    this.#logger = logger;
    const history = options.historyRevisions ?? DEFAULT_WATCH_HISTORY_REVISIONS;
    if (!Number.isSafeInteger(history) || history < 1) throw new RangeError(`historyRevisions must be a positive integer, got ${history}`);
    this.#historyRevisions = history;
  }

  /** Index of the last entry applied; 0 for a fresh store. Loads the state machine's caches on first call. */
  async appliedIndex(): Promise<number> {
    await this.#load();
    return this.#applied;
  }

  /** The store revision as of the last applied batch (0 until appliedIndex() has loaded it, or for an empty store). */
  revision(): number {
    return this.#revision;
  }

  /** The cluster's active alarms as of the last applied batch (alarms.ts); [] until appliedIndex() has loaded them. */
  alarms(): readonly AlarmRecord[] {
    return this.#alarms;
  }

  /** The newest revision whose events the history no longer holds. */
  compactRevision(): number {
    return this.#compactRevision;
  }

  /** The value of a key, or undefined (v0.1 API; getRecord also gives metadata and the revision). */
  async get(key: string): Promise<Uint8Array | undefined> {
    const [record] = await this.#data.getMany([key]);
    return record?.value;
  }

  /** One key's record and the revision it reflects, read together. */
  async getRecord(key: string): Promise<{ kv?: KeyValueRecord; revision: number }> {
    return this.#data.getWithRevision(key);
  }

  /** A page of the keys in `range`, in key (byte) order, and the revision it reflects. */
  async range(range: KeyRange, opts: RangeOptions): Promise<RangeResult> {
    const view = await this.#data.openView();
    try {
      const { revision } = await view.meta();
      if (opts.countOnly) return { kvs: [], more: false, count: await view.count(range), revision };
      const { kvs, more, count } = await readPage(view.scan(range), opts);
      return { kvs, more, count, revision };
    } finally {
      await view.close();
    }
  }

  /**
   * Users, roles and the enabled flag as of the last applied batch, read
   * synchronously by every request's authorization (src/auth). Empty (auth
   * disabled) until appliedIndex() has loaded it, which the driver does at start.
   */
  authState(): AuthState {
    return this.#auth;
  }

  // ---- WatchSource ----

  async readHistory(fromRevision: number, toRevision: number, maxBytes: number): Promise<WatchEvent[]> {
    const view = await this.#data.openView();
    try {
      const { revision, compactRevision } = await view.meta();
      if (fromRevision <= compactRevision) throw new CompactedError(fromRevision, compactRevision);
      return await view.history(fromRevision, Math.min(toRevision, revision), maxBytes);
    } finally {
      await view.close();
    }
  }

  onApplied(listener: (batch: AppliedBatch) => void): () => void {
    this.#appliedListeners.add(listener);
    return () => this.#appliedListeners.delete(listener);
  }

  onRestored(listener: (revision: number) => void): () => void {
    this.#restoredListeners.add(listener);
    return () => this.#restoredListeners.delete(listener);
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#enqueue(fn);
  }

  // ---- LeaseSource ----

  async leases(): Promise<LeaseRecord[]> {
    await this.#load();
    return [...this.#leases.values()].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  async lease(id: string): Promise<LeaseRecord | undefined> {
    await this.#load();
    return this.#leases.get(id);
  }

  leaseKeys(id: string): Promise<string[]> {
    return this.#data.leaseKeys(id);
  }

  /** The consistency check's points and reports (hash-check.ts); a listener given a point must close its view. */
  onHashEvent(listener: (event: HashEvent) => void): () => void {
    this.#hashListeners.add(listener);
    return () => this.#hashListeners.delete(listener);
  }

  onLeaseChange(listener: (changes: readonly LeaseChange[]) => void): () => void {
    this.#leaseListeners.add(listener);
    return () => this.#leaseListeners.delete(listener);
  }

  // ---- applying ----

  /**
   * Applies a batch of committed entries and returns one result per entry
   * applied. Entries at or below the applied index were applied before a
   * restart and are skipped; the rest must follow it without a gap.
   *
   * All changes, the history and the new applied index go to disk in ONE
   * batch, without fsync. That is safe: the entries are already durable in
   * the log, and the batch is atomic, so after a crash the data and the
   * applied index are either both new or both old. If old, the driver hands
   * the same entries to apply() again and they produce the same result;
   * nothing is applied twice because the applied index never runs ahead of
   * or behind the data.
   *
   * A hash-check entry (the consistency check) ends its batch: what follows
   * it goes in the next one, so the state a member hashes is exactly the
   * state as of that entry, alike on every member (hash-check.ts).
   */
  apply(entries: readonly Entry[], onConfChange?: ConfChangeApplier, onMemberUpdate?: MemberUpdateApplier): Promise<ApplyResult[]> {
    return this.#enqueue(async () => {
      const segments = segmentsAtHashChecks(entries);
      if (segments.length === 0) return this.#applyNow(entries, onConfChange, onMemberUpdate);
      const results: ApplyResult[] = [];
      // A hash-check entry ends its batch: the state hashed is the one as of it, on every member (hash-check.ts).
      for (const segment of segments) {
        const applied = await this.#applyNow(segment, onConfChange, onMemberUpdate);
        results.push(...applied);
        const last = segment[segment.length - 1]!;
        // Applied now (not skipped as applied before a restart): each listener gets its own view, as of this entry.
        if (isHashCheck(last) && applied.some((r) => r.index === last.index)) {
          for (const listener of this.#hashListeners) {
            const view = await this.#data.openView();
            this.#notifyOne(listener, { kind: 'point', index: last.index, view, leases: [...this.#leases.values()] });
          }
        }
      }
      return results;
    });
  }

  /**
   * Replaces the whole state with a snapshot at `index`: `install` writes it
   * (one atomic batch, see RaftStore.installSnapshot). Runs in turn with
   * apply(), so no batch interleaves; later apply() calls skip entries at or
   * below `index`. The history restarts at the snapshot's revision.
   */
  restore(index: number, install: () => Promise<void>): Promise<void> {
    return this.#enqueue(async () => {
      // Settle the caches first: a load racing the install could cache the old state.
      await this.#load();
      await install();
      this.#adopt(await this.#readPersisted());
      if (this.#applied !== index) throw new StorageError(`installed a snapshot at index ${index}, but the store reads applied index ${this.#applied}`);
      this.#notify(this.#restoredListeners, this.#revision);
      this.#notify(this.#leaseListeners, [{ type: 'reset' }]);
    });
  }

  #enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #load(): Promise<void> {
    this.#loaded ??= this.#readPersisted().then(
      (persisted) => this.#adopt(persisted),
      (err: unknown) => {
        this.#loaded = undefined;
        throw err;
      },
    );
    return this.#loaded;
  }

  async #readPersisted(): Promise<Persisted> {
    const [applied, meta, leases, alarms, auth] = await Promise.all([this.#data.appliedIndex(), this.#data.meta(), this.#data.leases(), this.#data.alarms(), this.#data.authState()]);
    return { applied, ...meta, leases, alarms, auth: auth ?? EMPTY_AUTH_STATE };
  }

  #adopt(p: Persisted): void {
    this.#alarms = p.alarms;
    this.#auth = p.auth;
    this.#applied = p.applied;
    this.#revision = p.revision;
    this.#compactRevision = p.compactRevision;
    this.#leases = new Map(p.leases.map((l) => [l.id, l]));
  }

  async #applyNow(entries: readonly Entry[], onConfChange: ConfChangeApplier | undefined, onMemberUpdate: MemberUpdateApplier | undefined): Promise<ApplyResult[]> {
    await this.#load();
    const applied = this.#applied;
    let start = 0;
    while (start < entries.length && entries[start]!.index <= applied) start += 1;
    if (start === entries.length) return [];
    const fresh = entries.slice(start);
    fresh.forEach((entry, i) => {
      if (entry.index !== applied + 1 + i) {
        throw new StorageError(`cannot apply entry ${entry.index}: expected ${applied + 1 + i} after applied index ${applied}`);
      }
    });

    const commands = fresh.map((entry) => this.#commandOf(entry));
    const state = new BatchState(this.#data, this.#leases, this.#revision);
    // The keys single-key operations name, read in one go rather than one read per entry.
    await state.prefetch(commands.flatMap((c) => (c === undefined || c instanceof InvalidArgumentError ? [] : keysNamed(c))));
    // Membership changes go in the same batch as the applied index, so a
    // restart never sees a configuration ahead of or behind the data.
    let confState: ConfState | undefined;
    /** This node's own removal in this batch (its index), or 0 when it was added back; undefined: neither. */
    let removedSelfAt: number | undefined;
    const members = new Map<NodeId, MemberContext | null>();
    const results: ApplyResult[] = [];
    let compacted = this.#compactRevision;
    let alarms = this.#alarms;
    let auth = this.#auth;
    const hashReports: HashEvent[] = [];
    for (const [i, entry] of fresh.entries()) {
      const at = { index: entry.index, term: entry.term };
      if (entry.type === EntryType.ConfChange && onConfChange !== undefined) {
        const change = onConfChange(entry);
        confState = change.confState;
        if (change.member !== undefined) members.set(change.nodeId, change.member);
        if (change.self !== undefined) removedSelfAt = change.self === 'removed' ? entry.index : 0;
      }
      const command = commands[i];
      // A client's command is checked again when the auth state moved since its door checked it (src/auth/apply-check.ts).
      const denied = command === undefined || command instanceof InvalidArgumentError ? undefined : await recheckAtApply(auth, command, { leaseKeys: (id) => state.leaseKeysOf(id) });
      if (command === undefined) results.push({ ...at, result: undefined });
      else if (denied !== undefined) results.push({ ...at, result: { found: false, revision: state.revision, error: commandError(denied) } });
      else if (command instanceof InvalidArgumentError) results.push({ ...at, result: undefined, error: command });
      else if (command.op === 'member-update') results.push({ ...at, result: applyMemberUpdate(command, entry, onMemberUpdate, members, state.revision) });
      else if (command.op === 'compact') {
        const outcome = applyCompact(command, state.revision, compacted);
        compacted = outcome.compactRevision;
        results.push({ ...at, result: outcome.result });
      } else if (command.op === 'alarm') {
        // An alarm type this version does not know changes nothing, alike on every node.
        const next = isAlarmType(command.alarm) && command.memberId !== '' ? applyAlarm(alarms, command.action, command.memberId, command.alarm) : alarms;
        results.push({ ...at, result: { found: next !== alarms, revision: state.revision } });
        alarms = next;
      } else if (command.op === 'hash-check') {
        results.push({ ...at, result: { found: false, revision: state.revision } });
      } else if (command.op === 'hash-report') {
        results.push({ ...at, result: { found: false, revision: state.revision } });
        hashReports.push({ kind: 'report', index: command.index, memberId: command.memberId, hash: command.hash, format: command.format });
      } else if (command.op === 'auth') {
        // Not a key change: no revision. A refused change leaves the state as it was, alike on every node.
        try {
          auth = applyAuthChange(auth, command.change);
          results.push({ ...at, result: { found: false, revision: state.revision } });
        } catch (err) {
          if (!(err instanceof AuthStateError)) throw err;
          results.push({ ...at, result: { found: false, revision: state.revision, error: commandError(err) } });
        }
      }
      else results.push({ ...at, result: await this.#applyCommand(state, command, entry) });
    }

    const last = fresh[fresh.length - 1]!.index;
    // The window is trimmed in steps of 1/32 of its length rather than every
    // batch: each trim is a range read of the history keys to delete, and one
    // per batch was a large share of a small write's apply time.
    const trimTo = state.revision - this.#historyRevisions;
    const compactRevision = trimTo - compacted > Math.floor(this.#historyRevisions / HISTORY_TRIM_STEPS) ? trimTo : compacted;
    await this.#data.commit(
      {
        records: state.records,
        leases: state.leaseWrites,
        leaseKeys: state.leaseKeys.values(),
        revision: state.revision,
        events: state.events,
        compactRevision,
        previousCompactRevision: this.#compactRevision,
        ...(alarms !== this.#alarms && { alarms }),
        ...(auth !== this.#auth && { auth }),
      },
      last,
      false,
      confState === undefined && members.size === 0 && removedSelfAt === undefined ? undefined : { confState, members, ...(removedSelfAt !== undefined && { removedSelfAt }) },
    );
    this.#applied = last;
    this.#alarms = alarms;
    this.#revision = state.revision;
    this.#compactRevision = compactRevision;
    this.#auth = auth;
    for (const [id, lease] of state.leaseWrites) {
      if (lease === null) this.#leases.delete(id);
      else this.#leases.set(id, lease);
    }
    this.#notify(this.#appliedListeners, { revision: state.revision, events: state.events });
    if (state.leaseChanges.length > 0) this.#notify(this.#leaseListeners, state.leaseChanges);
    for (const report of hashReports) this.#notify(this.#hashListeners, report);
    return results;
  }

  /** Applies one command; an invalid one changes nothing and returns its error. */
  async #applyCommand(state: BatchState, command: KeyCommand, entry: Entry): Promise<CommandResult> {
    state.begin();
    try {
      const result = await applyCommand(state, command);
      state.end();
      return result;
    } catch (err) {
      // A storage failure is this node's alone: let it stop the node rather
      // than answer differently from the others.
      if (err instanceof StorageError) throw err;
      state.rollback();
      if (!(err instanceof RaftKvError)) {
        this.#logger.warn({ index: entry.index, err: errorMessage(err) }, 'a command failed unexpectedly; applied as a no-op');
      }
      const error = err instanceof RaftKvError ? commandError(err) : { code: 'RAFTKV_ERR_INTERNAL', message: errorMessage(err) };
      return { found: false, revision: state.revision, error };
    }
  }

  #notify<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of listeners) this.#notifyOne(listener, value);
  }

  #notifyOne<T>(listener: (value: T) => void, value: T): void {
    try {
      listener(value);
    } catch (err) {
      this.#logger.warn({ err: errorMessage(err) }, 'a state machine listener threw');
    }
  }

  /** The entry's command; undefined when it carries none; an error when it is malformed. */
  #commandOf(entry: Entry): KvCommand | InvalidArgumentError | undefined {
    // ConfChange entries change membership, which the driver applies; an
    // empty Normal entry is the no-op a new leader appends to commit its term.
    if (entry.type !== EntryType.Normal || entry.data.byteLength === 0) return undefined;
    try {
      return decodeCommand(entry.data);
    } catch (err) {
      // Every node decodes the same bytes the same way, so skipping it keeps
      // replicas identical; crashing would take down every node at once.
      this.#logger.warn({ index: entry.index, term: entry.term, err: errorMessage(err) }, 'skipped a malformed command');
      return new InvalidArgumentError('command', `entry ${entry.index} does not hold a valid command (${errorMessage(err)})`);
    }
  }
}

interface Persisted {
  applied: number;
  revision: number;
  compactRevision: number;
  leases: LeaseRecord[];
  alarms: AlarmRecord[];
  auth: AuthState;
}

/** The single keys a command reads or writes (ranges are scanned instead). */
function keysNamed(command: KvCommand): string[] {
  if (command.op === 'put' || command.op === 'delete') return [command.key];
  if (command.op !== 'txn') return [];
  const keys = (command.txn.compare ?? []).map((c) => c.key ?? '');
  for (const op of [...(command.txn.success ?? []), ...(command.txn.failure ?? [])]) {
    if (op.request_put) keys.push(op.request_put.key ?? '');
    const del = op.request_delete;
    if (del && !del.prefix && (del.range_end ?? '') === '') keys.push(del.key ?? '');
  }
  return keys;
}
