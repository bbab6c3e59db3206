import { InvalidArgumentError, StorageError, errorMessage } from '../errors';
import { silentLogger, type RaftLogger } from '../raft/logger';
import type { MemberContext } from '../codec/member-codec';
import { EntryType, type ConfState, type Entry, type NodeId } from '../raft/types';
import type { KvChange, KvData } from '../storage/kv-data';
import { decodeCommand, type CommandResult, type KvCommand } from './command';

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
}

/** Called for each ConfChange entry applied, in log order, while the batch is built. */
export type ConfChangeApplier = (entry: Entry) => MembershipChange;

/**
 * The replicated key-value state machine. Its data and applied index live in
 * the node's one database (RaftStore), so they move together.
 *
 * Calls to apply() run one at a time in call order: each batch reads what the
 * previous one wrote.
 */
export class KvStateMachine {
  readonly #data: KvData;
  readonly #logger: RaftLogger;
  /** Cache of the persisted applied index; only apply() moves it. */
  #applied: number | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(store: { kvData(): KvData }, logger: RaftLogger = silentLogger) {
    this.#data = store.kvData();
    this.#logger = logger;
  }

  /** Index of the last entry applied; 0 for a fresh store. */
  async appliedIndex(): Promise<number> {
    this.#applied ??= await this.#data.appliedIndex();
    return this.#applied;
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.#data.get(key);
  }

  /**
   * Applies a batch of committed entries and returns one result per entry
   * applied. Entries at or below the applied index were applied before a
   * restart and are skipped; the rest must follow it without a gap.
   *
   * All changes and the new applied index go to disk in ONE batch, without
   * fsync. That is safe: the entries are already durable in the log, and the
   * batch is atomic, so after a crash the data and the applied index are
   * either both new or both old. If old, the driver hands the same entries to
   * apply() again and they produce the same result; nothing is applied twice
   * because the applied index never runs ahead of or behind the data.
   */
  apply(entries: readonly Entry[], onConfChange?: ConfChangeApplier): Promise<ApplyResult[]> {
    const run = this.#queue.then(() => this.#applyNow(entries, onConfChange));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #applyNow(entries: readonly Entry[], onConfChange: ConfChangeApplier | undefined): Promise<ApplyResult[]> {
    const applied = await this.appliedIndex();
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
    // Whether each deleted key exists before this batch, in one read; the
    // batch's own earlier changes are tracked in `exists` below.
    const deleted = new Set<string>();
    for (const c of commands) if (c !== undefined && !(c instanceof InvalidArgumentError) && c.op === 'delete') deleted.add(c.key);
    const deletedKeys = [...deleted];
    const stored = deletedKeys.length === 0 ? [] : await this.#data.hasMany(deletedKeys);
    const exists = new Map<string, boolean>(deletedKeys.map((key, i) => [key, stored[i] ?? false]));

    const changes: KvChange[] = [];
    // Membership changes go in the same batch as the applied index, so a
    // restart never sees a configuration ahead of or behind the data.
    let confState: ConfState | undefined;
    const members = new Map<NodeId, MemberContext | null>();
    const results = fresh.map((entry, i): ApplyResult => {
      const command = commands[i];
      const at = { index: entry.index, term: entry.term };
      if (entry.type === EntryType.ConfChange && onConfChange !== undefined) {
        const change = onConfChange(entry);
        confState = change.confState;
        if (change.member !== undefined) members.set(change.nodeId, change.member);
      }
      if (command === undefined) return { ...at, result: undefined };
      if (command instanceof InvalidArgumentError) return { ...at, result: undefined, error: command };
      switch (command.op) {
        case 'put':
          exists.set(command.key, true);
          changes.push(command);
          return { ...at, result: { found: false } };
        case 'delete': {
          const found = exists.get(command.key) ?? false;
          if (found) {
            exists.set(command.key, false);
            changes.push(command);
          }
          return { ...at, result: { found } };
        }
      }
    });

    const last = fresh[fresh.length - 1]!.index;
    await this.#data.commit(changes, last, false, confState === undefined ? undefined : { confState, members });
    this.#applied = last;
    return results;
  }

  /**
   * Replaces the whole state with a snapshot at `index`: `install` writes it
   * (one atomic batch, see RaftStore.installSnapshot). Runs in turn with
   * apply(), so no batch interleaves; later apply() calls skip entries at or
   * below `index`.
   */
  restore(index: number, install: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(async () => {
      this.#applied = undefined;
      await install();
      this.#applied = index;
    });
    this.#queue = run.catch(() => undefined);
    return run;
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
