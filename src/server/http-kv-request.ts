/**
 * Turns an HTTP request on /v1/kv into the KvApi request it stands for; all
 * parsing of the HTTP door is here (docs/http-api.md):
 *
 *  - the key is everything after `/v1/kv/`, percent-decoded, so `/` inside a
 *    key needs no escaping (`/v1/kv/config/app/port` is the key
 *    `config/app/port`); `/v1/kv/` is the empty key, valid only as a range;
 *  - query values are percent-decoded and `+` is a plus, not a space (keys
 *    and range ends may contain either);
 *  - an unknown or misplaced query parameter is an error naming it, so a typo
 *    (`?prefx`) is never silently a different request;
 *  - flags (`prefix`, `prev_kv`, `keys_only`, `count_only`) take no value or
 *    true/false/1/0;
 *  - numbers are checked for shape here and for range by the KvApi, so range
 *    errors read exactly as over gRPC.
 */
import * as grpc from '@grpc/grpc-js';
import type { IncomingHttpHeaders } from 'node:http';
import { InvalidArgumentError } from '../errors';
import type { Consistency__Output } from '../generated/raftkv/kv/v1/Consistency';
import type { DeleteRequest__Output } from '../generated/raftkv/kv/v1/DeleteRequest';
import type { GetRequest__Output } from '../generated/raftkv/kv/v1/GetRequest';
import type { PutRequest__Output } from '../generated/raftkv/kv/v1/PutRequest';
import type { RangeRequest__Output } from '../generated/raftkv/kv/v1/RangeRequest';
import { HTTP_ONLY_CODES, HttpOnlyError } from './http-error';

export const KV_PATH = '/v1/kv';
/** The header a client sets to choose its own deadline (like a gRPC deadline). */
export const TIMEOUT_HEADER = 'x-raftkv-timeout-ms';
export const KV_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE'] as const;

export type KvHttpRequest =
  | { readonly op: 'get'; readonly request: GetRequest__Output; readonly format: 'raw' | 'json' }
  | { readonly op: 'range'; readonly request: RangeRequest__Output }
  /** The value is the request body, read after parsing. */
  | { readonly op: 'put'; readonly request: Omit<PutRequest__Output, 'value'> }
  | { readonly op: 'delete'; readonly request: DeleteRequest__Output };

export interface HttpRequestLine {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

/** Whether a path belongs to the JSON API (everything under /v1), as opposed to /metrics and friends. */
export function isApiPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}

const RANGE_ONLY = ['limit', 'page_token', 'keys_only', 'count_only'] as const;
const PARAMS: Readonly<Record<string, readonly string[]>> = {
  GET: ['consistency', 'format', 'prefix', 'range_end', ...RANGE_ONLY],
  HEAD: ['consistency', 'format', 'prefix', 'range_end', ...RANGE_ONLY],
  PUT: ['lease', 'ttl', 'prev_kv'],
  DELETE: ['prefix', 'range_end', 'prev_kv'],
};

export function parseKvRequest(line: HttpRequestLine): KvHttpRequest {
  const url = line.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path !== KV_PATH && !path.startsWith(`${KV_PATH}/`)) {
    throw new HttpOnlyError(404, grpc.status.NOT_FOUND, HTTP_ONLY_CODES.unknownPath, `no such path ${path}: the key-value API is under ${KV_PATH}/<key>`);
  }
  const method = line.method ?? 'GET';
  const allowed = PARAMS[method];
  if (allowed === undefined) {
    throw new HttpOnlyError(405, grpc.status.UNIMPLEMENTED, HTTP_ONLY_CODES.methodNotAllowed, `method ${method} is not allowed on ${KV_PATH}: use ${KV_METHODS.join(', ')}`, {
      allow: KV_METHODS.join(', '),
    });
  }
  const key = decode('key', path.slice(KV_PATH.length + 1));
  const query = parseQuery(q < 0 ? '' : url.slice(q + 1));
  for (const name of query.keys()) {
    if (!allowed.includes(name)) {
      throw new InvalidArgumentError(name, `unknown query parameter for ${method} ${KV_PATH}; it takes ${allowed.join(', ')}`);
    }
  }
  const prefix = flag(query, 'prefix');
  const rangeEnd = query.get('range_end');
  if (rangeEnd === '') throw new InvalidArgumentError('range_end', 'must not be empty (%00 means every key from key on)');
  const isRange = prefix || rangeEnd !== undefined;

  switch (method) {
    case 'PUT':
      return {
        op: 'put',
        request: { key, lease: whole(query, 'lease'), ttl_seconds: whole(query, 'ttl'), prev_kv: flag(query, 'prev_kv') },
      };
    case 'DELETE':
      return { op: 'delete', request: { key, range_end: rangeEnd ?? '', prefix, prev_kv: flag(query, 'prev_kv') } };
    default: {
      const consistency = parseConsistency(query.get('consistency'));
      const format = parseFormat(query.get('format'), line.headers.accept);
      if (!isRange) {
        const misplaced = RANGE_ONLY.find((p) => query.has(p));
        if (misplaced !== undefined) throw new InvalidArgumentError(misplaced, 'applies only to a range read: add ?prefix or ?range_end=');
        return { op: 'get', request: { key, consistency }, format };
      }
      if (query.get('format') === 'raw') throw new InvalidArgumentError('format', 'a range read always answers JSON');
      return {
        op: 'range',
        request: {
          key,
          range_end: rangeEnd ?? '',
          prefix,
          limit: whole(query, 'limit'),
          keys_only: flag(query, 'keys_only'),
          count_only: flag(query, 'count_only'),
          consistency,
          page_token: decodePageToken(query.get('page_token') ?? ''),
          count_all: false,
        },
      };
    }
  }
}

/**
 * The request's deadline: now + x-raftkv-timeout-ms when the client sent it,
 * else now + the server's request timeout. Like a gRPC deadline, the
 * client's may be longer than the default, up to an hour more.
 */
export function requestDeadline(headers: IncomingHttpHeaders, defaultTimeoutMs: number, now = Date.now()): Date {
  const raw = headers[TIMEOUT_HEADER];
  if (raw === undefined) return new Date(now + defaultTimeoutMs);
  const text = Array.isArray(raw) ? raw.join(',') : raw;
  if (!/^\d{1,12}$/.test(text) || Number(text) === 0) {
    throw new InvalidArgumentError(TIMEOUT_HEADER, `must be a positive whole number of milliseconds (got ${JSON.stringify(text)})`);
  }
  return new Date(now + Math.min(Number(text), defaultTimeoutMs + 3_600_000));
}

/**
 * Page tokens travel base64url-encoded on this door: the KvApi's token is a
 * key plus a NUL byte, which would need percent-encoding in every URL.
 */
export function encodePageToken(token: string): string {
  return Buffer.from(token, 'utf8').toString('base64url');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodePageToken(token: string): string {
  const bytes = Buffer.from(token, 'base64url');
  // Buffer skips characters outside the alphabet: re-encoding catches them.
  if (bytes.toString('base64url') !== token) {
    throw new InvalidArgumentError('page_token', 'is not a next_page_token from this API; pass it back exactly as received');
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new InvalidArgumentError('page_token', 'is not a next_page_token from this API; pass it back exactly as received');
  }
}

function decode(field: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new InvalidArgumentError(field, `invalid percent-encoding (got ${JSON.stringify(text)}); encode bytes as %XX of their UTF-8`);
  }
}

function parseQuery(search: string): Map<string, string> {
  const query = new Map<string, string>();
  for (const part of search.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode('query', eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(name, part.slice(eq + 1));
    if (query.has(name)) throw new InvalidArgumentError(name, 'is given more than once');
    query.set(name, value);
  }
  return query;
}

function flag(query: ReadonlyMap<string, string>, name: string): boolean {
  const v = query.get(name);
  if (v === undefined) return false;
  if (v === '' || v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new InvalidArgumentError(name, `must be true or false, or have no value (got ${JSON.stringify(v)})`);
}

/** A whole number, as the decimal string an int64 field holds; absent is "0". */
function whole(query: ReadonlyMap<string, string>, name: string): string {
  const v = query.get(name);
  if (v === undefined) return '0';
  if (!/^\d{1,20}$/.test(v)) throw new InvalidArgumentError(name, `must be a whole number (got ${JSON.stringify(v)})`);
  return v;
}

function parseConsistency(v: string | undefined): Consistency__Output {
  switch (v?.toLowerCase()) {
    case undefined:
    case 'linearizable':
      return 'CONSISTENCY_LINEARIZABLE';
    case 'serializable':
      return 'CONSISTENCY_SERIALIZABLE';
    default:
      throw new InvalidArgumentError('consistency', `unknown value ${JSON.stringify(v)}; expected linearizable or serializable`);
  }
}

/** ?format wins; else Accept: application/json asks for JSON; else the raw value. */
function parseFormat(format: string | undefined, accept: string | undefined): 'raw' | 'json' {
  if (format === 'raw' || format === 'json') return format;
  if (format !== undefined) throw new InvalidArgumentError('format', `unknown value ${JSON.stringify(format)}; expected raw or json`);
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  return types.includes('application/json') ? 'json' : 'raw';
}
