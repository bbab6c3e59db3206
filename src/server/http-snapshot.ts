/**
 * GET /v1/snapshot on the HTTP port: the same backup stream as
 * MaintenanceService.Snapshot (backup-source.ts), as
 * application/octet-stream, for `curl -o backup.rkv`. Back-pressure: the
 * next piece is produced only once the socket took the last one; a client
 * that goes away ends the stream and closes its LevelDB snapshot. With auth
 * enabled it needs the root role, as MaintenanceService.Snapshot: a backup
 * holds every key.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { errorMessage } from '../errors';
import { toHttpError } from './http-error';
import type { HandlerLogger } from './unary';

export const SNAPSHOT_PATH = '/v1/snapshot';

export function serveSnapshot(
  req: IncomingMessage,
  res: ServerResponse,
  backup: () => AsyncGenerator<Buffer>,
  logger: HandlerLogger,
  authorize: (req: IncomingMessage) => void = () => undefined,
): void {
  if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('use GET\n');
    return;
  }
  try {
    authorize(req);
  } catch (err) {
    // 401 without a valid token, 403 for a user without the root role: the KV door's JSON error.
    const e = toHttpError(err);
    res.writeHead(e.status, { 'content-type': 'application/json', ...e.headers }).end(`${JSON.stringify(e.body)}\n`);
    return;
  }
  const stream = backup();
  let gone = false;
  res.on('close', () => {
    gone = !res.writableFinished;
  });
  void (async () => {
    try {
      for await (const piece of stream) {
        if (gone) break;
        if (!res.headersSent) res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="raftkv-backup.rkv"' });
        if (!res.write(piece)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      }
      if (!gone) res.end();
    } catch (err) {
      logger.error({ err: errorMessage(err) }, 'snapshot over HTTP failed');
      // Once bytes went out the status is sent: cutting the connection is the only way to say "incomplete" (the file then fails its checksum).
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'text/plain' }).end(`snapshot failed: ${errorMessage(err)}\n`);
    } finally {
      await stream.return(undefined).catch(() => undefined);
    }
  })();
}
