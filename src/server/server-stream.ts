/**
 * Pipes an async stream of messages into a grpc-js server stream with
 * back-pressure (a slow client pauses the producer instead of filling
 * memory), stops the producer when the client goes away, and ends the call
 * with the door's status on failure (toGrpcStatus, or etcd's mapping).
 */
import * as grpc from '@grpc/grpc-js';
import { once } from 'node:events';
import { toGrpcStatus, type GrpcStatus } from '../grpc-status';
import type { HandlerLogger } from './unary';

export function serverStream<Req, Res>(
  method: string,
  logger: HandlerLogger,
  produce: (request: Req) => AsyncGenerator<Res>,
  toStatus: (err: unknown) => GrpcStatus = toGrpcStatus,
): grpc.handleServerStreamingCall<Req, Res> {
  return (call) => {
    const source = produce(call.request);
    let cancelled = false;
    call.on('cancelled', () => {
      cancelled = true;
    });
    void (async () => {
      try {
        for await (const message of source) {
          if (cancelled) break;
          if (!call.write(message)) await Promise.race([once(call, 'drain'), once(call, 'cancelled')]);
          if (cancelled) break;
        }
        if (!cancelled) call.end();
      } catch (err) {
        const status = toStatus(err);
        if (status.code === grpc.status.INTERNAL) logger.error({ method, err: err instanceof Error ? err.stack : String(err) }, 'stream failed unexpectedly');
        else logger.debug({ method, details: status.details }, 'stream failed');
        if (!cancelled) call.destroy(Object.assign(new Error(status.details), { code: status.code, details: status.details, metadata: status.metadata }));
      } finally {
        // Closes the LevelDB snapshot behind the stream when the loop broke early.
        await source.return(undefined).catch(() => undefined);
      }
    })();
  };
}
