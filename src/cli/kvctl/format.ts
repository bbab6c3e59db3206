/**
 * Every piece of kvctl output is shaped here, so the formats stay the same
 * across commands: `json` documents, aligned `table`s, and the plain text
 * forms. Functions return text; commands decide where it goes.
 */
import type { KeyValue__Output } from '../../generated/raftkv/kv/v1/KeyValue';
import type { ResponseHeader__Output } from '../../generated/raftkv/kv/v1/ResponseHeader';
import type { Event__Output } from '../../generated/raftkv/kv/v1/Event';
import type { TxnRequest } from '../../generated/raftkv/kv/v1/TxnRequest';
import type { TxnResponse__Output } from '../../generated/raftkv/kv/v1/TxnResponse';

/** `get` formats. `simple`: a single key prints its value; a range prints key and value lines in turn. */
export const GET_FORMATS = ['simple', 'value', 'table', 'json'] as const;
export type GetFormat = (typeof GET_FORMATS)[number];

/** Formats of the commands that print one result: plain text or one JSON document. */
export const PLAIN_FORMATS = ['simple', 'json'] as const;
export type PlainFormat = (typeof PLAIN_FORMATS)[number];

/** Formats of commands whose plain output is a table. */
export const TABLE_FORMATS = ['table', 'json'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Revisions fit a JS number (< 2^53 changes); lease ids are 64-bit and stay strings. */
function revision(n: string | number | undefined): number {
  return Number(n ?? 0);
}

export interface KeyValueJson {
  key: string;
  /** The value as UTF-8 text; absent when it is not valid UTF-8 (then value_base64 is set). */
  value?: string;
  value_base64?: string;
  create_revision: number;
  mod_revision: number;
  version: number;
  lease: string;
}

/** A KeyValue as JSON: text values stay readable, binary ones are base64 under another name so they cannot be mistaken. */
export function keyValueJson(kv: KeyValue__Output, opts: { keysOnly?: boolean } = {}): KeyValueJson {
  return {
    key: kv.key,
    ...(opts.keysOnly === true ? {} : valueJson(kv.value ?? Buffer.alloc(0))),
    create_revision: revision(kv.create_revision),
    mod_revision: revision(kv.mod_revision),
    version: revision(kv.version),
    lease: kv.lease || '0',
  };
}

function valueJson(bytes: Uint8Array): { value: string } | { value_base64: string } {
  const text = utf8OrUndefined(bytes);
  return text !== undefined ? { value: text } : { value_base64: Buffer.from(bytes).toString('base64') };
}

export interface HeaderJson {
  member_id: string;
  raft_term: number;
  applied_index: number;
  revision: number;
}

export function headerJson(h: ResponseHeader__Output | null | undefined): HeaderJson {
  return {
    member_id: h?.member_id ?? '',
    raft_term: revision(h?.raft_term),
    applied_index: revision(h?.applied_index),
    revision: revision(h?.revision),
  };
}

/** One JSON document, pretty-printed, with a final newline. */
export function jsonDocument(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** One JSON document on one line (for streams: one line per event). */
export function jsonLine(doc: unknown): string {
  return `${JSON.stringify(doc)}\n`;
}

/** Text lines, each ending in a newline; nothing for no lines. */
export function lines(ls: readonly string[]): string {
  return ls.map((l) => `${l}\n`).join('');
}

/** Raw bytes of a value, as written: `-o value` and the simple format do not alter values. */
export function rawValue(kv: KeyValue__Output): string {
  return Buffer.from(kv.value ?? []).toString('utf8');
}

/** The plain forms of a list of keys (see GET_FORMATS); `table` and `json` are formatted elsewhere. */
export function simpleKvs(kvs: readonly KeyValue__Output[], opts: { keysOnly?: boolean; singleKey?: boolean }): string {
  if (opts.keysOnly === true) return lines(kvs.map((kv) => kv.key));
  if (opts.singleKey === true) return lines(kvs.map(rawValue));
  return lines(kvs.flatMap((kv) => [kv.key, rawValue(kv)]));
}

export function valueKvs(kvs: readonly KeyValue__Output[]): string {
  return lines(kvs.map(rawValue));
}

const TABLE_VALUE_WIDTH = 48;

/** A value made safe for one table cell: control characters escaped, long values cut with an ellipsis. */
export function cellValue(bytes: Uint8Array): string {
  const text = utf8OrUndefined(bytes);
  const shown =
    text === undefined
      ? `base64:${Buffer.from(bytes).toString('base64')}`
      : // eslint-disable-next-line no-control-regex
        text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  return shown.length > TABLE_VALUE_WIDTH ? `${shown.slice(0, TABLE_VALUE_WIDTH - 1)}…` : shown;
}

/** Columns padded to the widest cell, two spaces apart, no trailing spaces. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return lines([line(header), ...rows.map(line)]);
}

export function kvTable(kvs: readonly KeyValue__Output[], opts: { keysOnly?: boolean } = {}): string {
  const header = opts.keysOnly === true ? ['KEY', 'CREATE-REV', 'MOD-REV', 'VERSION', 'LEASE'] : ['KEY', 'VALUE', 'CREATE-REV', 'MOD-REV', 'VERSION', 'LEASE'];
  return table(
    header,
    kvs.map((kv) => {
      const meta = [String(kv.create_revision), String(kv.mod_revision), String(kv.version), kv.lease === '0' || kv.lease === '' ? '-' : kv.lease];
      return opts.keysOnly === true ? [cellValue(Buffer.from(kv.key)), ...meta] : [cellValue(Buffer.from(kv.key)), cellValue(kv.value ?? Buffer.alloc(0)), ...meta];
    }),
  );
}

/** `PUT` or `DELETE` (UNSPECIFIED for an event type this version does not know). */
export function eventTypeName(type: Event__Output['type']): string {
  return String(type).replace(/^EVENT_TYPE_/, '');
}

/**
 * A watch event for people: `PUT key value` or `DELETE key`, and with
 * --prev-kv a second line `  prev: <previous value>` when there was one.
 */
export function simpleEvent(ev: Event__Output): string {
  const type = eventTypeName(ev.type);
  const kv = ev.kv;
  const key = kv?.key ?? '';
  const first = type === 'PUT' && kv !== null ? `PUT ${key} ${rawValue(kv)}` : `${type} ${key}`;
  return lines(ev.prev_kv ? [first, `  prev: ${rawValue(ev.prev_kv)}`] : [first]);
}

export interface EventJson {
  type: string;
  kv: KeyValueJson | null;
  prev_kv?: KeyValueJson;
}

export function eventJson(ev: Event__Output): EventJson {
  return { type: eventTypeName(ev.type), kv: ev.kv ? keyValueJson(ev.kv) : null, ...(ev.prev_kv ? { prev_kv: keyValueJson(ev.prev_kv) } : {}) };
}

/** `ROLE_LEADER` -> `leader`, `SUFFRAGE_VOTER` -> `voter`. */
export function enumWord(value: string, prefix: string): string {
  return value.replace(prefix, '').toLowerCase().replace(/_/g, '-');
}

/**
 * A transaction's outcome for people: SUCCEEDED or FAILED, then one block per
 * operation of the branch that ran: put `OK`, del the deleted count, get the
 * keys as `kvctl get` prints a range (or the count, for --count-only).
 */
export function simpleTxn(request: TxnRequest, response: TxnResponse__Output): string {
  const branch = (response.succeeded ? request.success : request.failure) ?? [];
  const blocks = response.responses.map((r, i) => {
    const op = branch[i];
    if (r.response_put) {
      const prev = r.response_put.prev_kv;
      return lines(['OK', ...(prev ? [prev.key, rawValue(prev)] : [])]);
    }
    if (r.response_delete) {
      const d = r.response_delete;
      return lines([String(Number(d.deleted) || (d.found ? 1 : 0)), ...d.prev_kvs.flatMap((kv) => [kv.key, rawValue(kv)])]);
    }
    if (r.response_range) {
      const req = op?.request_range;
      if (req?.count_only === true) return lines([r.response_range.count]);
      return simpleKvs(r.response_range.kvs, { keysOnly: req?.keys_only === true });
    }
    return '';
  });
  return lines([response.succeeded ? 'SUCCEEDED' : 'FAILED']) + blocks.join('');
}

export function txnJson(response: TxnResponse__Output): unknown {
  return {
    header: headerJson(response.header),
    succeeded: response.succeeded,
    responses: response.responses.map((r) => {
      if (r.response_put) {
        const p = r.response_put;
        return { response_put: { lease: p.lease || '0', ...(p.prev_kv ? { prev_kv: keyValueJson(p.prev_kv) } : {}) } };
      }
      if (r.response_delete) {
        const d = r.response_delete;
        return { response_delete: { deleted: Number(d.deleted), prev_kvs: d.prev_kvs.map((kv) => keyValueJson(kv)) } };
      }
      if (r.response_range) {
        const g = r.response_range;
        return { response_range: { kvs: g.kvs.map((kv) => keyValueJson(kv)), count: Number(g.count), more: g.more } };
      }
      return {};
    }),
  };
}
