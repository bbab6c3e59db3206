/**
 * etcd's KV service (etcdserverpb.KV) over raftkv's KvApi and state machine.
 * Writes (Put, DeleteRange, Txn) go through KvApi, the same validation and
 * log entries as raftkv.kv.v1; Range reads the state machine directly
 * (etcd-range.ts) because etcd's Range has no page cap, sorts, filters and
 * reads past revisions, which raftkv's paged Range does not. Compact is
 * KvApi.compact: one CompactCommand through the log, as raftkv's Compact.
 */
import type * as grpc from '@grpc/grpc-js';
import type { KVHandlers } from '../generated/etcdserverpb/KV';
import type { PutRequest__Output } from '../generated/etcdserverpb/PutRequest';
import type { PutResponse } from '../generated/etcdserverpb/PutResponse';
import type { KeyValue__Output } from '../generated/raftkv/kv/v1/KeyValue';
import { stampOf } from '../auth/request-stamps';
import type { AuthStamp } from '../kv/command';
import type { KvApi } from '../server/kv-api';
import { requestDeadline } from '../server/request-context';
import { unary, type HandlerLogger } from '../server/unary';
import type { EtcdHeader } from './etcd-header';
import { etcdKeyValue, etcdKeyValueOfRecord, etcdRangeSpec, keyText } from './etcd-keys';
import { readEtcdRange, type EtcdRangeReader } from './etcd-range';
import { EtcdError, etcdStatus } from './etcd-status';
import { etcdResponseOps, toRaftTxn } from './etcd-txn';

/** How a read waits until this node may serve it (KvApiNode has both). */
export interface EtcdReadNode {
  linearizableBarrier(deadline: Date): Promise<void>;
  assertServing(): void;
}

export interface EtcdKvDeps {
  readonly api: KvApi;
  readonly node: EtcdReadNode;
  readonly reader: EtcdRangeReader & { getRecord: (key: string) => Promise<{ kv?: { modRevision: number; value: Uint8Array; lease: string } }> };
  readonly header: EtcdHeader;
  readonly requestTimeoutMs: number;
  readonly logger: HandlerLogger;
}

/** Put with ignore_value / ignore_lease retries its read-then-write this many times if the key keeps changing. */
const IGNORE_RETRIES = 5;

export function etcdKvHandlers(deps: EtcdKvDeps): KVHandlers {
  const { api, node, reader, header, logger } = deps;
  const deadlineOf = (call: grpc.ServerUnaryCall<unknown, unknown>): Date => requestDeadline(call, deps.requestTimeoutMs);
  const revisionOf = (h: { revision?: unknown } | null | undefined): number => Number(h?.revision ?? reader.revision());

  /**
   * ignore_value / ignore_lease: keep what the key has now. A Txn that puts
   * only if the key's mod_revision is still the one read makes it atomic.
   */
  const putKeeping = async (req: PutRequest__Output, key: string, deadline: Date, stamp: AuthStamp | undefined): Promise<PutResponse> => {
    if (req.ignore_value && req.value.byteLength > 0) throw new EtcdError('valueProvided');
    if (req.ignore_lease && req.lease !== '0') throw new EtcdError('leaseProvided');
    for (let attempt = 0; attempt < IGNORE_RETRIES; attempt += 1) {
      await node.linearizableBarrier(deadline);
      const { kv } = await reader.getRecord(key);
      if (kv === undefined) throw new EtcdError('keyNotFound');
      const value = req.ignore_value ? Buffer.from(kv.value) : req.value;
      const lease = req.ignore_lease ? kv.lease : req.lease;
      const res = await api.txn(
        {
          compare: [{ key, range_end: '', target: 'COMPARE_TARGET_MOD_REVISION', op: 'COMPARE_OP_EQUAL', operand: 'mod_revision', mod_revision: String(kv.modRevision) }],
          success: [{ request: 'request_put', request_put: { key, value, lease, prev_kv: req.prev_kv, ttl_seconds: '0' } }],
          failure: [],
        },
        deadline,
        stamp,
      );
      if (!res.succeeded) continue;
      const prev = res.responses?.[0]?.response_put?.prev_kv;
      return { header: header(revisionOf(res.header)), ...(req.prev_kv && prev ? { prev_kv: etcdKeyValue(prev as KeyValue__Output) } : {}) };
    }
    throw new EtcdError('timeout');
  };

  return {
    Range: unary(
      'etcd.Range',
      logger,
      async (req, call) => {
        const spec = etcdRangeSpec(req.key, req.range_end);
        if (req.serializable) node.assertServing();
        else await node.linearizableBarrier(deadlineOf(call));
        const r = await readEtcdRange(reader, spec, req);
        return { header: header(r.revision), kvs: r.kvs.map(etcdKeyValueOfRecord), more: r.more, count: String(r.count) };
      },
      etcdStatus,
    ),

    Put: unary(
      'etcd.Put',
      logger,
      async (req, call) => {
        if (req.key.byteLength === 0) throw new EtcdError('emptyKey');
        const key = keyText(req.key);
        if (req.ignore_value || req.ignore_lease) return putKeeping(req, key, deadlineOf(call), stampOf(req));
        const res = await api.put({ key, value: req.value, lease: req.lease, prev_kv: req.prev_kv, ttl_seconds: '0' }, deadlineOf(call), stampOf(req));
        return { header: header(revisionOf(res.header)), ...(res.prev_kv ? { prev_kv: etcdKeyValue(res.prev_kv as KeyValue__Output) } : {}) };
      },
      etcdStatus,
    ),

    DeleteRange: unary(
      'etcd.DeleteRange',
      logger,
      async (req, call) => {
        const spec = etcdRangeSpec(req.key, req.range_end);
        if (spec === undefined) return { header: header(reader.revision()), deleted: '0', prev_kvs: [] };
        const res = await api.delete({ ...spec, prev_kv: req.prev_kv }, deadlineOf(call), stampOf(req));
        return {
          header: header(revisionOf(res.header)),
          deleted: String(res.deleted ?? '0'),
          prev_kvs: ((res.prev_kvs ?? []) as KeyValue__Output[]).map(etcdKeyValue),
        };
      },
      etcdStatus,
    ),

    Txn: unary(
      'etcd.Txn',
      logger,
      async (req, call) => {
        const res = await api.txn(toRaftTxn(req), deadlineOf(call), stampOf(req));
        const h = header(revisionOf(res.header));
        return { header: h, succeeded: res.succeeded === true, responses: etcdResponseOps(req, res, h) };
      },
      etcdStatus,
    ),

    Compact: unary(
      'etcd.Compact',
      logger,
      async (req, call) => {
        // `physical` needs no wait: the history is gone once the entry is applied, on the node that answers.
        const res = await api.compact({ revision: req.revision }, deadlineOf(call));
        return { header: header(revisionOf(res.header)) };
      },
      etcdStatus,
    ),
  };
}
