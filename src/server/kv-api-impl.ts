/**
 * The KvApi behind the gRPC and HTTP doors. Writes (Put, Delete, Txn) are
 * all one kind of log entry, a transaction: validated and normalised here
 * (kv-request-validation.ts), encoded, size-checked, proposed, and answered
 * from the result every node computed alike when applying it. Reads go to
 * this node's state machine after the read index (linearizable) or at once
 * (serializable).
 */
import { randomBytes } from 'node:crypto';
import { TooLargeError } from '../errors';
import type { CompactRequest__Output } from '../generated/raftkv/kv/v1/CompactRequest';
import type { CompactResponse } from '../generated/raftkv/kv/v1/CompactResponse';
import type { DeleteRequest__Output } from '../generated/raftkv/kv/v1/DeleteRequest';
import type { DeleteResponse } from '../generated/raftkv/kv/v1/DeleteResponse';
import type { GetRequest__Output } from '../generated/raftkv/kv/v1/GetRequest';
import type { GetResponse } from '../generated/raftkv/kv/v1/GetResponse';
import type { PutRequest__Output } from '../generated/raftkv/kv/v1/PutRequest';
import type { PutResponse } from '../generated/raftkv/kv/v1/PutResponse';
import type { RangeRequest__Output } from '../generated/raftkv/kv/v1/RangeRequest';
import type { RangeResponse } from '../generated/raftkv/kv/v1/RangeResponse';
import type { ResponseHeader } from '../generated/raftkv/kv/v1/ResponseHeader';
import type { ResponseOp } from '../generated/raftkv/kv/v1/ResponseOp';
import type { TxnRequest__Output } from '../generated/raftkv/kv/v1/TxnRequest';
import type { TxnResponse } from '../generated/raftkv/kv/v1/TxnResponse';
import type { TxnResponse__Output } from '../generated/raftkv/kv/v1/TxnResponse';
import { decodeResult, encodeCommand, throwIfFailed, type AuthStamp, type KvCommand } from '../kv/command';
import type { KvStateMachine } from '../kv/state-machine';
import { validateKey } from '../kv/validate';
import { MAX_RANGE_PAGE_BYTES, MAX_WRITE_REQUEST_BYTES } from '../kv/limits';
import { keyValueOutput } from '../kv/key-value-output';
import type { AppliedEntry } from '../node/proposal-registry';
import type { KvApi } from './kv-api';
import {
  isLinearizable,
  nextPageToken,
  parseConsistency,
  validateDelete,
  validatePut,
  validateRange,
  validateTxn,
  parseRevision,
  type ConsistencyName,
} from './kv-request-validation';

/** What the API needs of the Raft node (RaftNode satisfies it). */
export interface KvApiNode {
  readonly id: string;
  readonly appliedIndex: number;
  status(): { readonly term: number };
  propose(command: Uint8Array, deadline: Date): Promise<AppliedEntry>;
  linearizableBarrier(deadline: Date): Promise<void>;
  assertServing(): void;
}

/** What the API reads of the state machine. */
export type KvReader = Pick<KvStateMachine, 'range' | 'getRecord'>;

export interface KvApiDeps {
  readonly node: KvApiNode;
  readonly stateMachine: KvReader;
  /** Chooses the id of a lease granted by Put with ttl_seconds; random by default. */
  readonly newLeaseId?: () => string;
}

/** A random positive 63-bit id, as a decimal string: ids from different nodes never need coordinating. */
export function randomLeaseId(): string {
  for (;;) {
    const id = randomBytes(8).readBigUInt64BE() & (2n ** 63n - 1n);
    if (id !== 0n) return id.toString();
  }
}

export function createKvApi(deps: KvApiDeps): KvApi {
  const { node, stateMachine } = deps;
  const newLeaseId = deps.newLeaseId ?? randomLeaseId;

  const header = (revision: number): ResponseHeader => ({
    member_id: node.id,
    raft_term: String(node.status().term),
    applied_index: String(node.appliedIndex),
    revision: String(revision),
  });

  /** Waits until this node may serve a read of the given consistency. */
  const readBarrier = async (consistency: ConsistencyName, deadline: Date): Promise<void> => {
    if (isLinearizable(consistency)) await node.linearizableBarrier(deadline);
    else node.assertServing();
  };

  /** Proposes one transaction and returns its response; failures decided at apply are thrown. */
  const write = async (command: KvCommand & { op: 'txn' }, deadline: Date, stamp: AuthStamp | undefined): Promise<{ txn: TxnResponse__Output; revision: number }> => {
    const bytes = encodeCommand(stamp === undefined ? command : { ...command, stamp });
    if (bytes.byteLength > MAX_WRITE_REQUEST_BYTES) throw new TooLargeError('request', bytes.byteLength, MAX_WRITE_REQUEST_BYTES);
    const applied = await node.propose(bytes, deadline);
    const result = decodeResult(applied.result);
    throwIfFailed(result);
    if (result.txn === undefined) throw new Error(`a transaction entry (index ${applied.index}) returned no txn response`);
    return { txn: result.txn, revision: result.revision };
  };

  /** The response of the one operation of a Put or Delete. */
  const only = <K extends keyof ResponseOp>(txn: TxnResponse__Output, member: K): NonNullable<ResponseOp[K]> => {
    const r = txn.responses[0]?.[member];
    if (r === undefined || r === null) throw new Error(`the transaction returned no ${member}`);
    return r as NonNullable<ResponseOp[K]>;
  };

  return {
    async put(req: PutRequest__Output, deadline: Date, stamp?: AuthStamp): Promise<PutResponse> {
      const { put, grantTtlSeconds } = validatePut(req);
      const grant = grantTtlSeconds === undefined ? undefined : { id: newLeaseId(), ttlSeconds: grantTtlSeconds };
      const request_put = grant === undefined ? put : { ...put, lease: grant.id };
      const { txn, revision } = await write(
        { op: 'txn', txn: { compare: [], success: [{ request: 'request_put', request_put }], failure: [] }, ...(grant && { grant }) },
        deadline,
        stamp,
      );
      const res = only(txn, 'response_put');
      return { header: header(revision), ...(put.prev_kv && res.prev_kv && { prev_kv: res.prev_kv }), lease: request_put.lease };
    },

    async get(req: GetRequest__Output, deadline: Date): Promise<GetResponse> {
      validateKey(req.key);
      await readBarrier(parseConsistency(req.consistency), deadline);
      const { kv, revision } = await stateMachine.getRecord(req.key);
      if (kv === undefined) return { header: header(revision), found: false, value: Buffer.alloc(0) };
      const keyValue = keyValueOutput(kv);
      return { header: header(revision), found: true, value: keyValue.value, kv: keyValue };
    },

    async delete(req: DeleteRequest__Output, deadline: Date, stamp?: AuthStamp): Promise<DeleteResponse> {
      const valid = validateDelete(req);
      const { txn, revision } = await write(
        { op: 'txn', txn: { compare: [], success: [{ request: 'request_delete', request_delete: valid.delete }], failure: [] } },
        deadline,
        stamp,
      );
      const res = only(txn, 'response_delete');
      const deleted = String(res.deleted ?? '0');
      return { header: header(revision), found: deleted !== '0', deleted, prev_kvs: req.prev_kv ? (res.prev_kvs ?? []) : [] };
    },

    async range(req: RangeRequest__Output, deadline: Date): Promise<RangeResponse> {
      const valid = validateRange(req);
      await readBarrier(valid.consistency, deadline);
      const page = await stateMachine.range(valid.page, {
        limit: valid.limit,
        keysOnly: req.keys_only,
        countOnly: req.count_only,
        maxBytes: MAX_RANGE_PAGE_BYTES,
      });
      const last = page.kvs[page.kvs.length - 1];
      const more = !req.count_only && page.more && last !== undefined;
      return {
        header: header(page.revision),
        kvs: req.count_only ? [] : page.kvs.map(keyValueOutput),
        more,
        count: String(req.count_only ? page.count : page.kvs.length),
        next_page_token: more ? nextPageToken(last.key) : '',
      };
    },

    async txn(req: TxnRequest__Output, deadline: Date, stamp?: AuthStamp): Promise<TxnResponse> {
      const { txn, revision } = await write({ op: 'txn', txn: validateTxn(req) }, deadline, stamp);
      return withHeaders(txn, header(revision));
    },

    async compact(req: CompactRequest__Output, deadline: Date): Promise<CompactResponse> {
      const revision = Number(parseRevision('revision', req.revision));
      const applied = await node.propose(encodeCommand({ op: 'compact', revision }), deadline);
      const result = decodeResult(applied.result);
      throwIfFailed(result);
      return { header: header(result.revision) };
    },
  };
}

/** The Txn's answer with its header on every operation's response, nested Txns' included, so a client reading one op sees the revision too. */
function withHeaders(txn: TxnResponse__Output, h: ResponseHeader): TxnResponse {
  const responses = txn.responses.map((r): ResponseOp => {
    const member = r.response;
    if (member === undefined) return r;
    if (member === 'response_range' && r.response_range) {
      const rr = r.response_range;
      const last = rr.kvs[rr.kvs.length - 1];
      // Apply sets the token (an empty page, its budget spent, continues from the range's start).
      const next_page_token = rr.next_page_token ? rr.next_page_token : rr.more && last !== undefined ? nextPageToken(last.key) : '';
      return { response: member, response_range: { ...rr, header: h, next_page_token } };
    }
    if (member === 'response_txn' && r.response_txn) return { response: member, response_txn: withHeaders(r.response_txn, h) };
    const inner = r[member];
    return inner ? { response: member, [member]: { ...inner, header: h } } : r;
  });
  return { header: h, succeeded: txn.succeeded, responses };
}
