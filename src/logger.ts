/**
 * The logging interface of every component outside the Raft core (storage,
 * transport, state machine, driver, discovery). The process builds one pino
 * root (src/cli/logger.ts) and hands each component a child, which
 * satisfies this interface; tests pass silentLogger or a capture. The core
 * keeps its own smaller interface (src/raft/logger.ts) so it stays free of
 * anything but its rules. Object first, message second, as pino.
 */
export interface Logger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
