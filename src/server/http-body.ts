/**
 * Reads a request body under a size limit and a deadline, holding at most
 * `maxBytes` in memory whatever the client sends.
 *
 * A body over the limit is read to its end and thrown away rather than cut
 * off: closing the connection while the client still writes makes many
 * clients report a reset instead of the 413, and reading on lets the error
 * name the body's real size, word for word what gRPC says for the same
 * value. The deadline bounds that drain; a client that goes away fails the
 * read with ClientGoneError, which nobody answers.
 */
import type { IncomingMessage } from 'node:http';
import { TimeoutError, TooLargeError } from '../errors';

/** The client closed the connection before its request body ended: there is nobody to answer. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before the request body ended');
    this.name = 'ClientGoneError';
  }
}

export interface BodyLimit {
  /** The field the body is, for the error message ("value"). */
  readonly field: string;
  readonly maxBytes: number;
  readonly deadline: Date;
}

/** The Content-Length a request declares, or undefined (chunked, or none). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}

export function readBody(req: IncomingMessage, limit: BodyLimit): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const declared = declaredLength(req);
    let chunks: Buffer[] = [];
    let received = 0;
    let over = declared !== undefined && declared > limit.maxBytes;
    const tooLarge = (): TooLargeError => new TooLargeError(limit.field, Math.max(received, declared ?? 0), limit.maxBytes);

    const onData = (chunk: Buffer): void => {
      received += chunk.byteLength;
      if (!over && received > limit.maxBytes) {
        over = true;
        chunks = [];
      }
      if (!over) chunks.push(chunk);
    };
    const onEnd = (): void => settle(() => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks, received))));
    const onClose = (): void => {
      if (!req.complete) settle(() => reject(new ClientGoneError()));
    };
    const onError = (): void => settle(() => reject(new ClientGoneError()));
    const timer = setTimeout(
      () => settle(() => reject(over ? tooLarge() : new TimeoutError('deadline exceeded while reading the request body'))),
      Math.max(0, limit.deadline.getTime() - Date.now()),
    );

    let settled = false;
    function settle(finish: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onError);
      finish();
    }

    req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onError);
  });
}
