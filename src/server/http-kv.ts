/**
 * The HTTP/JSON door to the key-value API, for people with only curl
 * (docs/http-api.md):
 *
 *   GET    /v1/kv/<key>            the raw value (or JSON with ?format=json)
 *   GET    /v1/kv/<key>?prefix     a page of keys as JSON (also ?range_end=)
 *   PUT    /v1/kv/<key>            the body is the value
 *   DELETE /v1/kv/<key>[?prefix]   deletes a key, a prefix or a range
 *
 * Parsing lives in http-kv-request.ts, JSON shapes in http-json.ts, errors in
 * http-error.ts; this file routes a request to the KvApi (the same one gRPC
 * calls, so validation and consistency are identical) and writes the answer.
 * Every request runs under a deadline, and a client that goes away is simply
 * not answered.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { TooLargeError } from '../errors';
import type { AuthStamp } from '../kv/command';
import { MAX_VALUE_BYTES } from '../kv/limits';
import type { KvApi } from './kv-api';
import type { HandlerLogger } from './unary';
import { ClientGoneError, declaredLength, readBody } from './http-body';
import { keyNotFound, toHttpError, type HttpError } from './http-error';
import { bytesOf, deleteJson, getJson, int64, putJson, rangeJson } from './http-json';
import { encodePageToken, parseKvRequest, requestDeadline, type KvHttpRequest } from './http-kv-request';
import type { GetResponse } from '../generated/raftkv/kv/v1/GetResponse';

export interface HttpKvDeps {
  readonly api: KvApi;
  /** Deadline of a request that sends no x-raftkv-timeout-ms (--request-timeout-ms). */
  readonly requestTimeoutMs: number;
  readonly logger: HandlerLogger;
  /** Throws UnauthenticatedError or PermissionDeniedError when the caller may not make the request (src/auth). */
  /** Checks the request (throws when refused); returns the stamp a write carries (src/auth/apply-check.ts). */
  readonly authorize?: (req: IncomingMessage, route: KvHttpRequest) => AuthStamp;
}

export interface HttpKvHandler {
  /** Serves one request under /v1. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /**
   * For a request with `Expect: 100-continue`: answers it at once, before
   * the client sends its body, when the request is already known to fail
   * (a bad parameter, a Content-Length over the value limit). Returns
   * whether it answered; if not, the caller sends 100 Continue and handles it.
   */
  answerBeforeBody(req: IncomingMessage, res: ServerResponse): boolean;
}

export function httpKvHandler(deps: HttpKvDeps): HttpKvHandler {
  const { api, logger } = deps;

  const serve = async (req: IncomingMessage, res: ServerResponse, conn: ConnectionFate): Promise<void> => {
    const route = parseKvRequest(req);
    const deadline = requestDeadline(req.headers, deps.requestTimeoutMs);
    const stamp = deps.authorize?.(req, route);
    switch (route.op) {
      case 'get': {
        const got = await api.get(route.request, deadline);
        if (got.found !== true || !got.kv) return sendError(res, keyNotFound(route.request.key, got.header), false);
        if (route.format === 'json') return sendJson(res, getJson(got.header, got.kv));
        return sendRaw(res, got);
      }
      case 'range': {
        const page = await api.range(route.request, deadline);
        const token = page.next_page_token ?? '';
        return sendJson(
          res,
          rangeJson(page, {
            keysOnly: route.request.keys_only,
            countOnly: route.request.count_only,
            nextPageToken: token === '' ? '' : encodePageToken(token),
          }),
        );
      }
      case 'put': {
        const value = await readBody(req, { field: 'value', maxBytes: MAX_VALUE_BYTES, deadline }).catch((err: unknown) => {
          // Abandoned mid-body (the deadline passed): the rest must not be read as the next request.
          conn.close = !req.complete;
          throw err;
        });
        const put = await api.put({ ...route.request, value }, deadline, stamp);
        return sendJson(res, putJson(put, route.request.prev_kv));
      }
      case 'delete': {
        const deleted = await api.delete(route.request, deadline, stamp);
        return sendJson(res, deleteJson(deleted, route.request.prev_kv));
      }
      default:
        return assertNever(route);
    }
  };

  const fail = (req: IncomingMessage, res: ServerResponse, err: unknown, close: boolean): void => {
    if (err instanceof ClientGoneError) return;
    const answer = toHttpError(err);
    if (answer.status === 500) {
      logger.error({ method: `HTTP ${req.method} ${req.url}`, err: err instanceof Error ? err.stack : String(err) }, 'request failed unexpectedly');
    } else {
      logger.debug({ method: `HTTP ${req.method} ${req.url}`, code: answer.body.error_code, details: answer.body.message }, 'request failed');
    }
    sendError(res, answer, close);
  };

  return {
    handle(req, res) {
      const conn: ConnectionFate = { close: false };
      serve(req, res, conn).catch((err: unknown) => fail(req, res, err, conn.close));
    },
    answerBeforeBody(req, res) {
      try {
        parseKvRequest(req);
        requestDeadline(req.headers, deps.requestTimeoutMs);
        const declared = declaredLength(req);
        if (req.method === 'PUT' && declared !== undefined && declared > MAX_VALUE_BYTES) {
          throw new TooLargeError('value', declared, MAX_VALUE_BYTES);
        }
        return false;
      } catch (err) {
        // The client waits for 100 Continue before sending the body, or may
        // send it anyway: either way the connection cannot carry another request.
        fail(req, res, err, true);
        return true;
      }
    },
  };
}

/** Whether the connection must close after the answer. */
interface ConnectionFate {
  close: boolean;
}

function assertNever(route: never): never {
  throw new Error(`unhandled route ${JSON.stringify((route as KvHttpRequest).op)}`);
}

/** Whether an answer can still be written: the client may have gone, or a failure may follow a sent answer. */
function writable(res: ServerResponse): boolean {
  return !res.headersSent && !res.destroyed && !res.writableEnded;
}

const NO_CACHE = { 'cache-control': 'no-store' };

function sendJson(res: ServerResponse, body: object, status = 200, headers: OutgoingHttpHeaders = {}): void {
  if (!writable(res)) return;
  const text = `${JSON.stringify(body)}\n`;
  res
    .writeHead(status, {
      ...NO_CACHE,
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    })
    .end(text);
}

/** The value as the body; its metadata, and the header's, as x-raftkv-* headers. */
function sendRaw(res: ServerResponse, got: GetResponse): void {
  if (!writable(res)) return;
  const kv = got.kv ?? {};
  const value = bytesOf(got.value ?? kv.value);
  res
    .writeHead(200, {
      ...NO_CACHE,
      'content-type': 'application/octet-stream',
      // A value is data, never a page a browser should interpret.
      'x-content-type-options': 'nosniff',
      'content-length': value.byteLength,
      'x-raftkv-revision': int64(got.header?.revision),
      'x-raftkv-mod-revision': int64(kv.mod_revision),
      'x-raftkv-create-revision': int64(kv.create_revision),
      'x-raftkv-version': int64(kv.version),
      'x-raftkv-lease': int64(kv.lease),
      'x-raftkv-member-id': got.header?.member_id ?? '',
      'x-raftkv-raft-term': int64(got.header?.raft_term),
    })
    .end(value);
}

/**
 * `close` only when a body was left unread; otherwise Node reads and drops
 * any unread body itself, which keeps the connection and, unlike closing on
 * unread data (a TCP reset), never loses the answer.
 */
function sendError(res: ServerResponse, answer: HttpError, close: boolean): void {
  const header = answer.body.header;
  const revision = header === undefined ? {} : { 'x-raftkv-revision': header.revision, 'x-raftkv-member-id': header.member_id, 'x-raftkv-raft-term': header.raft_term };
  sendJson(res, answer.body, answer.status, { ...answer.headers, ...revision, ...(close && { connection: 'close' }) });
}
