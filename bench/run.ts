/**
 * `npm run bench`: a bounded write and read load against a fresh local
 * three-node cluster (real processes, real disks, fsync on every batch).
 * Prints one JSON line per workload, comparable across commits:
 *   {"bench":"put","clients":32,"ops":...,"seconds":...,"opsPerSec":...,"p50Ms":...,"p99Ms":...}
 * Knobs: BENCH_SECONDS (default 10 per workload), BENCH_CLIENTS (default 32),
 * BENCH_VALUE_BYTES (default 256). Every loop is bounded in time and count.
 */
import { KvClient } from '../src/cli/kv-client';
import { startBenchCluster } from './local-processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const VALUE_BYTES = Number(process.env.BENCH_VALUE_BYTES ?? 256);
const MAX_OPS = 2_000_000;

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
  const cluster = await startBenchCluster();
  try {
    const value = Buffer.alloc(VALUE_BYTES, 'v');
    const endpoints = [...cluster.endpoints];
    await workload('put', endpoints, (c, i) => c.put(`key-${i % 10_000}`, value));
    await workload('get-linearizable', endpoints, (c, i) => c.get(`key-${i % 10_000}`));
    await workload('get-serializable', endpoints, (c, i) => c.get(`key-${i % 10_000}`, 'CONSISTENCY_SERIALIZABLE'));
  } finally {
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
