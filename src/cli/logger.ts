/**
 * Builds the process's one pino root logger: JSON lines on stdout by default,
 * or human-readable lines (pino-pretty, synchronous, no worker thread) for
 * `npm start`. Components get children: logger.child({ component: 'raft' }).
 */
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat, LogLevel } from '../config';

export function createLogger(opts: { level: LogLevel; format: LogFormat; nodeId: string; mixin?: () => object }): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level,
    base: { node: opts.nodeId },
    ...(opts.mixin ? { mixin: opts.mixin } : {}),
  };
  if (opts.format === 'pretty') {
    return pino(options, pretty({ colorize: process.stdout.isTTY, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true, sync: true }));
  }
  return pino(options);
}
