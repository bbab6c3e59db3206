/**
 * `npm run bench`: a bounded write and read load against a fresh local
 * three-node cluster (real processes, real disks, fsync on every batch).
 * Prints one JSON line per workload, comparable across commits:
 *   {"bench":"put","clients":32,"ops":...,"seconds":...,"opsPerSec":...,"p50Ms":...,"p99Ms":...}
 * Knobs: BENCH_SECONDS (default 10 per workload), BENCH_CLIENTS (default 32),
 * BENCH_VALUE_BYTES (default 256). Every loop is bounded in time and count.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { KvClient } from '../src/cli/kv-client';
import { localNodeArgs, type LocalNode } from '../src/cli/local-cluster';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const VALUE_BYTES = Number(process.env.BENCH_VALUE_BYTES ?? 256);
const MAX_OPS = 2_000_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a !== null && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function workload(name: string, endpoints: string[], op: (c: KvClient, i: number) => Promise<unknown>): Promise<void> {
  const clients = Array.from({ length: CLIENTS }, (_, i) => new KvClient([endpoints[i % endpoints.length] as string], { timeoutMs: 10_000 }));
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < until && next < MAX_OPS) {
        const i = next++;
        const t0 = performance.now();
        try {
          await op(c, i);
          latencies.push(performance.now() - t0);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clients.forEach((c) => c.close());
  latencies.sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 100) / 100;
  process.stdout.write(
    `${JSON.stringify({ bench: name, clients: CLIENTS, valueBytes: VALUE_BYTES, ops: latencies.length, errors, seconds: round(seconds), opsPerSec: round(latencies.length / seconds), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) })}\n`,
  );
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'raftkv-bench-'));
  const nodes: LocalNode[] = [];
  for (const id of ['n1', 'n2', 'n3']) nodes.push({ id, clientPort: await freePort(), peerPort: await freePort(), httpPort: await freePort() });
  const children: ChildProcess[] = nodes.map((n) =>
    spawn(process.execPath, [join(__dirname, '..', 'src', 'cli', 'raftkv.js'), ...localNodeArgs(n, nodes, root), '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'inherit'] }),
  );
  const endpoints = nodes.map((n) => `127.0.0.1:${n.clientPort}`);
  try {
    const probe = new KvClient(endpoints, { timeoutMs: 2_000 });
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
    probe.close();
    const value = Buffer.alloc(VALUE_BYTES, 'v');
    await workload('put', endpoints, (c, i) => c.put(`key-${i % 10_000}`, value));
    await workload('get-linearizable', endpoints, (c, i) => c.get(`key-${i % 10_000}`));
    await workload('get-serializable', endpoints, (c, i) => c.get(`key-${i % 10_000}`, 'CONSISTENCY_SERIALIZABLE'));
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
