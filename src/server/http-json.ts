/**
 * How KV responses look as JSON on the HTTP port (docs/http-api.md). One
 * representation everywhere, so a reader learns it once:
 *
 *  - field names are the proto field names (snake_case), like grpcurl prints;
 *  - int64 fields (revisions, versions, counts, lease ids) are decimal
 *    strings, as in the proto3 JSON mapping: lease ids use all 63 bits, which
 *    a JSON number (a double) would silently round;
 *  - a value is `value` (text) when its bytes are valid UTF-8 and
 *    `value_base64` (standard base64) otherwise; exactly one of the two is
 *    present, except with keys_only, where neither is.
 *
 * The KvApi answers with the generated *input* shapes (int64 as
 * number | string | Long, bytes as Buffer | Uint8Array | string), so every
 * field is normalised here rather than trusted to be one representation.
 */
import type { Long } from '@grpc/proto-loader';
import type { DeleteResponse } from '../generated/raftkv/kv/v1/DeleteResponse';
import type { KeyValue } from '../generated/raftkv/kv/v1/KeyValue';
import type { PutResponse } from '../generated/raftkv/kv/v1/PutResponse';
import type { RangeResponse } from '../generated/raftkv/kv/v1/RangeResponse';
import type { ResponseHeader } from '../generated/raftkv/kv/v1/ResponseHeader';

export interface HeaderJson {
  readonly member_id: string;
  readonly raft_term: string;
  readonly applied_index: string;
  readonly revision: string;
}

export type ValueJson = { readonly value: string } | { readonly value_base64: string };

export interface KeyValueJson {
  readonly key: string;
  /** One of value and value_base64 (neither with keys_only). */
  readonly value?: string;
  readonly value_base64?: string;
  readonly create_revision: string;
  readonly mod_revision: string;
  readonly version: string;
  readonly lease: string;
}

type Int64 = number | string | Long | null | undefined;

/** An int64 field as its decimal string; unset is 0, as in proto3. */
export function int64(v: Int64): string {
  return v === undefined || v === null ? '0' : String(v);
}

/** A bytes field as a Buffer; a string there is base64, as protobufjs reads it. */
export function bytesOf(v: Buffer | Uint8Array | string | null | undefined): Buffer {
  if (v === undefined || v === null) return Buffer.alloc(0);
  if (typeof v === 'string') return Buffer.from(v, 'base64');
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

// fatal: invalid UTF-8 throws instead of becoming U+FFFD (which would not
// round-trip); ignoreBOM: a leading BOM is part of the value, keep it.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function valueJson(bytes: Uint8Array): ValueJson {
  try {
    return { value: strictUtf8.decode(bytes) };
  } catch {
    return { value_base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
  }
}

export function headerJson(h: ResponseHeader | null | undefined): HeaderJson {
  return {
    member_id: h?.member_id ?? '',
    raft_term: int64(h?.raft_term),
    applied_index: int64(h?.applied_index),
    revision: int64(h?.revision),
  };
}

export function keyValueJson(kv: KeyValue, opts: { keysOnly?: boolean } = {}): KeyValueJson {
  return {
    key: kv.key ?? '',
    ...(opts.keysOnly === true ? {} : valueJson(bytesOf(kv.value))),
    create_revision: int64(kv.create_revision),
    mod_revision: int64(kv.mod_revision),
    version: int64(kv.version),
    lease: int64(kv.lease),
  };
}

export function getJson(header: ResponseHeader | null | undefined, kv: KeyValue): object {
  return { header: headerJson(header), kv: keyValueJson(kv) };
}

export function rangeJson(res: RangeResponse, opts: { keysOnly: boolean; countOnly: boolean; nextPageToken: string }): object {
  const base = { header: headerJson(res.header), count: int64(res.count) };
  if (opts.countOnly) return base;
  return {
    ...base,
    kvs: (res.kvs ?? []).map((kv) => keyValueJson(kv, { keysOnly: opts.keysOnly })),
    more: res.more ?? false,
    next_page_token: opts.nextPageToken,
  };
}

/** prev_kv appears (object, or null when the key did not exist) only when it was asked for. */
export function putJson(res: PutResponse, prevKvAsked: boolean): object {
  return {
    header: headerJson(res.header),
    lease: int64(res.lease),
    ...(prevKvAsked && { prev_kv: res.prev_kv ? keyValueJson(res.prev_kv) : null }),
  };
}

/** prev_kvs appears only when it was asked for. */
export function deleteJson(res: DeleteResponse, prevKvAsked: boolean): object {
  return {
    header: headerJson(res.header),
    deleted: int64(res.deleted),
    ...(prevKvAsked && { prev_kvs: (res.prev_kvs ?? []).map((kv) => keyValueJson(kv)) }),
  };
}
