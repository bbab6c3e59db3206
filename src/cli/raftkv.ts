#!/usr/bin/env node
/**
 * `raftkv`: runs one node. Flags or RAFTKV_* environment variables configure
 * it (see `raftkv --help`). SIGTERM or SIGINT stops it cleanly; a second
 * signal forces the exit. `raftkv restore <file> ...` prepares a data dir
 * from a backup instead (restore-command.ts).
 */
// First: the thread pool is sized from the environment when first used.
import './threadpool-size';
import { rmSync } from 'node:fs';
import { parseConfig, usage } from '../config';
import { ConfigError, errorMessage } from '../errors';
import { createLogger } from './logger';
import { RaftKvServer } from '../server/raftkv-server';
import { runRestore } from './restore-command';

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'restore') {
    return runRestore(argv.slice(1), (s) => process.stdout.write(s), (s) => process.stderr.write(s));
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage());
    return 0;
  }
  let config;
  try {
    config = parseConfig(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`raftkv: ${err.message}\n\n${usage()}`);
      return 2;
    }
    throw err;
  }
  let server: RaftKvServer | undefined;
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    nodeId: config.id,
    // Every line says where in the protocol the node stood when it was written.
    mixin: () => {
      const s = server?.node.status();
      return s === undefined ? {} : { term: s.term, role: s.role };
    },
  });
  /** Starts the server; on failure logs why and returns the exit code (a certificate file found unusable only when loaded is bad configuration too: 2). */
  const start = async (): Promise<RaftKvServer | number> => {
    try {
      return await RaftKvServer.start(config, logger);
    } catch (err) {
      logger.fatal({ err: errorMessage(err) }, 'raftkv failed to start');
      logger.flush();
      return err instanceof ConfigError ? 2 : 1;
    }
  };
  const started = await start();
  if (typeof started === 'number') return started;
  server = started;
  return new Promise<number>((resolve) => {
    let stopping = false;
    let current = server as RaftKvServer;
    const stop = (signal: string): void => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting at once');
        process.exit(130);
      }
      stopping = true;
      logger.info({ signal }, 'stopping');
      current.close().then(
        () => resolve(0),
        (err: unknown) => {
          logger.error({ err: errorMessage(err) }, 'error while stopping');
          resolve(1);
        },
      );
    };
    // A removed member whose pod is wanted again (--follow-statefulset): its
    // data belongs to a member the cluster no longer counts, so it is dropped
    // and the node starts afresh, joining as a new member would.
    const rejoin = async (): Promise<void> => {
      await current.close();
      if (stopping) return resolve(0);
      rmSync(config.dataDir, { recursive: true, force: true });
      logger.warn({ dataDir: config.dataDir }, 'dropped the data of this removed member; starting again to join afresh');
      const next = await start();
      if (typeof next === 'number') return resolve(next);
      current = next;
      server = next;
      watch(next);
      if (stopping) void next.close().then(() => resolve(0));
    };
    const watch = (s: RaftKvServer): void => {
      s.onFatal(() => {
        void s.close().finally(() => resolve(1));
      });
      s.onRejoinWanted(() => void rejoin());
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    watch(current);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything is closed; should a library still hold a handle, do not hang.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (err: unknown) => {
    process.stderr.write(`raftkv: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
