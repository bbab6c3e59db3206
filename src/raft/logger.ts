/**
 * The core's own small logging interface, so it stays free of I/O: the driver
 * passes a pino child logger, which satisfies it. Object first, message second.
 */
export interface RaftLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export const silentLogger: RaftLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
};
