/**
 * raftkv nodes in the test's own process, for tests about a node's ports
 * (TLS, input checks) that need no process tree. Each node logs to memory,
 * so a test can assert on the lines an operator would read. close() stops
 * the nodes and removes their data dirs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { parseConfig } from '../../src/config';
import { RaftKvServer } from '../../src/server/raftkv-server';
import { freePorts } from './ports';
import { waitFor } from './wait';

export interface InProcessNode {
  readonly id: string;
  readonly server: RaftKvServer;
  readonly clientAddress: string;
  readonly peerAddress: string;
  readonly httpPort: number;
  readonly dataDir: string;
  /** Every log line so far, JSON, one per line. */
  logs(): string;
  /** Stops the node and keeps its data dir (see restartNode). */
  stop(): Promise<void>;
  /** Stops the node and removes its data dir. */
  close(): Promise<void>;
}

/** A pino logger that keeps its lines in memory. */
function memoryLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/** Starts one node with exactly these flags (besides --id, --data-dir, --tick-ms) on `dataDir`. */
export async function startNode(id: string, args: readonly string[], dataDir: string): Promise<InProcessNode> {
  const config = parseConfig(['--id', id, '--data-dir', dataDir, '--tick-ms', '20', ...args], {});
  const { logger, lines } = memoryLogger();
  let server: RaftKvServer;
  try {
    server = await RaftKvServer.start(config, logger);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    id,
    server,
    clientAddress: `127.0.0.1:${server.clientPort}`,
    peerAddress: `127.0.0.1:${server.peerPort}`,
    httpPort: server.httpPort,
    dataDir,
    logs: () => lines.join(''),
    stop: () => server.close(),
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Stops a node of startCluster and starts it again on its data dir and peer port with other flags. */
export async function restartNode(node: InProcessNode, peers: readonly InProcessNode[], args: readonly string[]): Promise<InProcessNode> {
  await node.stop();
  const list = peers.map((p) => `${p.id}=${p.peerAddress}`).join(',');
  return startNode(node.id, ['--peers', list, '--client-addr', '127.0.0.1:0', '--peer-addr', node.peerAddress, '--http-addr', '127.0.0.1:0', ...args], node.dataDir);
}

/** Starts a single-node cluster with the given extra flags and waits until it leads itself. */
export async function startSingleNode(extraArgs: readonly string[]): Promise<InProcessNode> {
  const dataDir = mkdtempSync(join(tmpdir(), 'raftkv-node-'));
  const node = await startNode('n1', ['--peers', 'n1=127.0.0.1:1', '--client-addr', '127.0.0.1:0', '--peer-addr', '127.0.0.1:0', '--http-addr', '127.0.0.1:0', ...extraArgs], dataDir);
  try {
    await waitFor('the single node to lead', () => node.server.node.leader === 'n1', 10_000);
  } catch (err) {
    await node.close();
    throw err;
  }
  return node;
}

/**
 * Starts nodes n1..nN as one cluster (fixed peer ports, so --peers can name
 * them), each with the extra flags `argsOf(id)` gives. Does not wait for a leader.
 */
export async function startCluster(size: number, argsOf: (id: string) => readonly string[]): Promise<InProcessNode[]> {
  const peerPorts = await freePorts(size);
  const ids = peerPorts.map((_, i) => `n${i + 1}`);
  const peers = ids.map((id, i) => `${id}=127.0.0.1:${peerPorts[i]}`).join(',');
  // Together: a node with an empty data dir asks the others before it bootstraps.
  const started = await Promise.allSettled(
    ids.map((id, i) =>
      startNode(
        id,
        ['--peers', peers, '--client-addr', '127.0.0.1:0', '--peer-addr', `127.0.0.1:${peerPorts[i]}`, '--http-addr', '127.0.0.1:0', ...argsOf(id)],
        mkdtempSync(join(tmpdir(), `raftkv-${id}-`)),
      ),
    ),
  );
  const nodes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(nodes.map((n) => n.close()));
    throw failed.reason;
  }
  return nodes;
}
