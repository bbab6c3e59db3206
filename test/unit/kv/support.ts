/**
 * Builders for state-machine tests: commands in the generated __Output
 * shapes the API proposes, log entries holding them, and a machine on a
 * real RaftStore in a temp dir.
 */
import { encodeCommand, type KvCommand, type LeaseGrantSpec } from '../../../src/kv/command';
import { KvStateMachine, type ApplyResult, type KvStateMachineOptions } from '../../../src/kv/state-machine';
import type { Compare__Output } from '../../../src/generated/raftkv/kv/v1/Compare';
import type { RequestOp__Output } from '../../../src/generated/raftkv/kv/v1/RequestOp';
import type { TxnRequest__Output } from '../../../src/generated/raftkv/kv/v1/TxnRequest';
import { EntryType, type Entry } from '../../../src/raft/types';
import { RaftStore } from '../../../src/storage/raft-store';
import { tempDirs } from '../storage/support';

export function putOp(key: string, value: string, opts: { lease?: string; prevKv?: boolean } = {}): RequestOp__Output {
  return { request: 'request_put', request_put: { key, value: Buffer.from(value), lease: opts.lease ?? '0', prev_kv: opts.prevKv ?? false, ttl_seconds: '0' } };
}

export function deleteOp(key: string, opts: { rangeEnd?: string; prefix?: boolean; prevKv?: boolean } = {}): RequestOp__Output {
  return { request: 'request_delete', request_delete: { key, range_end: opts.rangeEnd ?? '', prefix: opts.prefix ?? false, prev_kv: opts.prevKv ?? false } };
}

export function rangeOp(key: string, opts: { rangeEnd?: string; prefix?: boolean; limit?: number; keysOnly?: boolean; countOnly?: boolean } = {}): RequestOp__Output {
  return {
    request: 'request_range',
    request_range: {
      key,
      range_end: opts.rangeEnd ?? '',
      prefix: opts.prefix ?? false,
      limit: String(opts.limit ?? 0),
      count_all: false,
      keys_only: opts.keysOnly ?? false,
      count_only: opts.countOnly ?? false,
      consistency: 'CONSISTENCY_UNSPECIFIED',
      page_token: '',
    },
  };
}

type Target = 'VALUE' | 'VERSION' | 'CREATE_REVISION' | 'MOD_REVISION' | 'LEASE';
type Op = 'EQUAL' | 'NOT_EQUAL' | 'GREATER' | 'LESS';

export function compare(key: string, target: Target, op: Op, operand: string | number): Compare__Output {
  const member = ({ VALUE: 'value', VERSION: 'version', CREATE_REVISION: 'create_revision', MOD_REVISION: 'mod_revision', LEASE: 'lease' } as const)[target];
  return {
    key,
    range_end: '',
    target: `COMPARE_TARGET_${target}`,
    op: `COMPARE_OP_${op}`,
    operand: member,
    [member]: member === 'value' ? Buffer.from(String(operand)) : String(operand),
  } as Compare__Output;
}

export function txn(success: RequestOp__Output[], opts: { compare?: Compare__Output[]; failure?: RequestOp__Output[] } = {}): TxnRequest__Output {
  return { compare: opts.compare ?? [], success, failure: opts.failure ?? [] };
}

export const txnCmd = (t: TxnRequest__Output, grant?: LeaseGrantSpec): KvCommand => (grant === undefined ? { op: 'txn', txn: t } : { op: 'txn', txn: t, grant });
export const grantCmd = (id: string, ttlSeconds = 60): KvCommand => ({ op: 'lease-grant', id, ttlSeconds });
export const revokeCmd = (id: string, expired = false): KvCommand => ({ op: 'lease-revoke', id, expired });
export const legacyPut = (key: string, value: string): KvCommand => ({ op: 'put', key, value: Buffer.from(value) });
export const legacyDelete = (key: string): KvCommand => ({ op: 'delete', key });

/** A machine over a real store; `apply` numbers entries on from the applied index. */
export interface Harness {
  readonly store: RaftStore;
  readonly machine: KvStateMachine;
  /** Applies the commands as one batch, one entry each; returns their results. */
  apply(...commands: KvCommand[]): Promise<ApplyResult[]>;
  /** Applies one command alone and returns its result. */
  one(command: KvCommand): Promise<NonNullable<ApplyResult['result']>>;
  /** Closes and reopens store and machine (a restart). */
  restart(): Promise<Harness>;
}

export function harnesses(): { make(options?: KvStateMachineOptions, dir?: string): Promise<Harness>; cleanup(): Promise<void>; dir(): Promise<string> } {
  const dirs = tempDirs();
  const stores: RaftStore[] = [];
  async function make(options: KvStateMachineOptions = {}, dir?: string): Promise<Harness> {
    const store = await RaftStore.open(dir ?? (await dirs.make()));
    stores.push(store);
    const machine = new KvStateMachine(store, undefined, options);
    const h: Harness = {
      store,
      machine,
      async apply(...commands) {
        const first = (await machine.appliedIndex()) + 1;
        const entries: Entry[] = commands.map((c, i) => ({ index: first + i, term: 1, type: EntryType.Normal, data: encodeCommand(c) }));
        return machine.apply(entries);
      },
      async one(command) {
        const [r] = await h.apply(command);
        if (r?.result === undefined) throw new Error('no result');
        return r.result;
      },
      async restart() {
        await store.close();
        return make(options, store.dataDir);
      },
    };
    return h;
  }
  return {
    make,
    dir: () => dirs.make(),
    async cleanup() {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      await dirs.cleanup();
    },
  };
}

export const text = (v: Uint8Array | undefined): string | undefined => (v === undefined ? undefined : Buffer.from(v).toString());
