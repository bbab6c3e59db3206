/**
 * The state as one apply batch sees it: the stored records overlaid with
 * the changes of the batch's earlier entries (and of the entry's earlier
 * operations), so a Range or a compare inside a Txn reads its own batch's
 * writes. Each entry runs between begin() and end(): rollback() undoes the
 * entry's changes when it fails, so a failed entry changes nothing.
 */
import type { LeaseChange } from '../lease/lease-source';
import type { KvReader, LeaseKeyChange } from '../storage/kv-data';
import { inRange, type KeyRange } from './key-range';
import type { KeyValueRecord, LeaseRecord, WatchEvent } from './records';

const EMPTY = new Uint8Array(0);

export class BatchState {
  /** Per key: its record after the batch so far, null once deleted. */
  readonly records = new Map<string, KeyValueRecord | null>();
  /** Per lease id: granted (record) or revoked (null) in this batch. */
  readonly leaseWrites = new Map<string, LeaseRecord | null>();
  /** Per `${leaseId}:${key}`: index changes of this batch. */
  readonly leaseKeys = new Map<string, LeaseKeyChange>();
  readonly events: WatchEvent[] = [];
  readonly leaseChanges: LeaseChange[] = [];
  /** The store revision after the entries applied so far. */
  revision: number;

  readonly #reader: KvReader;
  readonly #leases: ReadonlyMap<string, LeaseRecord>;
  /** Stored records already read (the store does not change during a batch). */
  readonly #stored = new Map<string, KeyValueRecord | undefined>();
  #undo: Array<() => void> | undefined;
  #mark = { events: 0, leaseChanges: 0, revision: 0 };

  constructor(reader: KvReader, committedLeases: ReadonlyMap<string, LeaseRecord>, revision: number) {
    this.#reader = reader;
    this.#leases = committedLeases;
    this.revision = revision;
  }

  /** Starts an entry: its changes can be undone until end(). */
  begin(): void {
    this.#undo = [];
    this.#mark = { events: this.events.length, leaseChanges: this.leaseChanges.length, revision: this.revision };
  }

  end(): void {
    this.#undo = undefined;
  }

  /** Undoes every change since begin(). */
  rollback(): void {
    const undo = this.#undo ?? [];
    for (let i = undo.length - 1; i >= 0; i -= 1) undo[i]!();
    this.events.length = this.#mark.events;
    this.leaseChanges.length = this.#mark.leaseChanges;
    this.revision = this.#mark.revision;
    this.#undo = undefined;
  }

  /** Reads the stored records of `keys` in one go, for the get() calls to come. */
  async prefetch(keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.#stored.has(k));
    const records = await this.#reader.getMany(missing);
    missing.forEach((key, i) => this.#stored.set(key, records[i]));
  }

  async get(key: string): Promise<KeyValueRecord | undefined> {
    if (this.records.has(key)) return this.records.get(key) ?? undefined;
    if (this.#stored.has(key)) return this.#stored.get(key);
    const [stored] = await this.#reader.getMany([key]);
    this.#stored.set(key, stored);
    return stored;
  }

  lease(id: string): LeaseRecord | undefined {
    if (this.leaseWrites.has(id)) return this.leaseWrites.get(id) ?? undefined;
    return this.#leases.get(id);
  }

  /** Records in the range in key (byte) order, the batch's changes merged over the stored ones. */
  async *scan(range: KeyRange): AsyncGenerator<KeyValueRecord> {
    const overlay: Array<{ bytes: Buffer; record: KeyValueRecord | null }> = [];
    for (const [key, record] of this.records) {
      const bytes = Buffer.from(key, 'utf8');
      if (inRange(range, bytes)) overlay.push({ bytes, record });
    }
    overlay.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    let i = 0;
    for await (const stored of this.#reader.scan(range)) {
      const bytes = Buffer.from(stored.key, 'utf8');
      while (i < overlay.length && Buffer.compare(overlay[i]!.bytes, bytes) < 0) {
        const { record } = overlay[i++]!;
        if (record !== null) yield record;
      }
      if (i < overlay.length && Buffer.compare(overlay[i]!.bytes, bytes) === 0) {
        const { record } = overlay[i++]!;
        if (record !== null) yield record;
        continue;
      }
      yield stored;
    }
    for (; i < overlay.length; i += 1) {
      const { record } = overlay[i]!;
      if (record !== null) yield record;
    }
  }

  /** Keys attached to the lease, the batch's changes included, in key (byte) order. */
  async leaseKeysOf(id: string): Promise<string[]> {
    const keys = new Set(await this.#reader.leaseKeys(id));
    for (const change of this.leaseKeys.values()) {
      if (change.leaseId !== id) continue;
      if (change.attached) keys.add(change.key);
      else keys.delete(change.key);
    }
    return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  }

  /** Writes `record` (at record.modRevision), replacing `prev`. */
  put(record: KeyValueRecord, prev: KeyValueRecord | undefined): void {
    this.#set(this.records, record.key, record);
    if (prev !== undefined && prev.lease !== '0' && prev.lease !== record.lease) this.#attach(prev.lease, record.key, false);
    if (record.lease !== '0') this.#attach(record.lease, record.key, true);
    this.events.push(prev === undefined ? { type: 'put', revision: record.modRevision, kv: record } : { type: 'put', revision: record.modRevision, kv: record, prevKv: prev });
  }

  /** Deletes the key `prev` is the record of, at `revision`. */
  delete(prev: KeyValueRecord, revision: number): void {
    this.#set(this.records, prev.key, null);
    if (prev.lease !== '0') this.#attach(prev.lease, prev.key, false);
    const kv: KeyValueRecord = { key: prev.key, value: EMPTY, createRevision: 0, modRevision: revision, version: 0, lease: '0' };
    this.events.push({ type: 'delete', revision, kv, prevKv: prev });
  }

  grantLease(lease: LeaseRecord): void {
    this.#set(this.leaseWrites, lease.id, lease);
    this.leaseChanges.push({ type: 'granted', lease });
  }

  /** Removes the lease; its keys must be deleted first (each delete detaches its key). */
  revokeLease(id: string): void {
    this.#set(this.leaseWrites, id, null);
    this.leaseChanges.push({ type: 'revoked', id });
  }

  #attach(leaseId: string, key: string, attached: boolean): void {
    this.#set(this.leaseKeys, `${leaseId}:${key}`, { leaseId, key, attached });
  }

  #set<V>(map: Map<string, V>, key: string, value: V): void {
    if (this.#undo !== undefined) {
      const had = map.has(key);
      const old = map.get(key);
      this.#undo.push(() => (had ? map.set(key, old as V) : map.delete(key)));
    }
    map.set(key, value);
  }
}
