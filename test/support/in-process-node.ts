/**
 * One raftkv node in the test's own process, on ports picked by the kernel
 * (127.0.0.1:0), for tests about one node's ports (TLS, input checks) that
 * need no process tree. close() stops it and removes its data dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig } from '../../src/config';
import { RaftKvServer } from '../../src/server/raftkv-server';
import { waitFor } from './wait';

export interface InProcessNode {
  readonly server: RaftKvServer;
  readonly clientAddress: string;
  readonly httpPort: number;
  close(): Promise<void>;
}

/** Starts a single-node cluster with the given extra flags and waits until it leads itself. */
export async function startSingleNode(extraArgs: readonly string[]): Promise<InProcessNode> {
  const dataDir = mkdtempSync(join(tmpdir(), 'raftkv-node-'));
  const config = parseConfig(
    ['--id', 'n1', '--peers', 'n1=127.0.0.1:1', '--client-addr', '127.0.0.1:0', '--peer-addr', '127.0.0.1:0', '--http-addr', '127.0.0.1:0', '--data-dir', dataDir, '--tick-ms', '20', ...extraArgs],
    {},
  );
  let server: RaftKvServer;
  try {
    server = await RaftKvServer.start(config, pino({ level: 'silent' }));
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  await waitFor('the single node to lead', () => server.node.leader === 'n1', 10_000);
  return {
    server,
    clientAddress: `127.0.0.1:${server.clientPort}`,
    httpPort: server.httpPort,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
