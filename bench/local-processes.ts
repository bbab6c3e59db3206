/**
 * A fresh three-node cluster of real raftkv processes for the bench and the
 * soak: free ports, data under a temp dir, stopped with SIGTERM and removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { KvClient } from '../src/cli/kv-client';
import { localNodeArgs, type LocalNode } from '../src/cli/local-cluster';

export interface BenchCluster {
  readonly root: string;
  readonly nodes: readonly LocalNode[];
  readonly endpoints: readonly string[];
  /** Process ids, in the order of `nodes`. */
  readonly pids: readonly number[];
  /** Stops one node (SIGTERM) and waits for it to exit; its data stays. */
  stopNode(index: number): Promise<void>;
  stop(): Promise<void>;
}

const exited = (c: ChildProcess): Promise<unknown> => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a !== null && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts the nodes with `extraArgs` and resolves once a write succeeds (within 30 s). */
export async function startBenchCluster(extraArgs: readonly string[] = []): Promise<BenchCluster> {
  const root = mkdtempSync(join(tmpdir(), 'raftkv-bench-'));
  const nodes: LocalNode[] = [];
  for (const id of ['n1', 'n2', 'n3']) nodes.push({ id, clientPort: await freePort(), peerPort: await freePort(), httpPort: await freePort() });
  const children: ChildProcess[] = nodes.map((n) =>
    spawn(process.execPath, [join(__dirname, '..', 'src', 'cli', 'raftkv.js'), ...localNodeArgs(n, nodes, root), '--log-level', 'warn', ...extraArgs], {
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  const endpoints = nodes.map((n) => `127.0.0.1:${n.clientPort}`);
  const stop = async (): Promise<void> => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map(exited));
    rmSync(root, { recursive: true, force: true });
  };
  const stopNode = async (index: number): Promise<void> => {
    const child = children[index];
    if (child === undefined) return;
    child.kill('SIGTERM');
    await exited(child);
  };
  const probe = new KvClient(endpoints, { timeoutMs: 2_000 });
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await probe.put('bench-warmup', Buffer.from('x'));
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    probe.close();
  }
  return { root, nodes, endpoints, pids: children.map((c) => c.pid ?? 0), stopNode, stop };
}
