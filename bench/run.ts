/**
 * `npm run bench`: a bounded write and read load against a fresh local
 * three-node cluster (real processes, real disks, fsync on every batch).
 * Each workload runs through raftkv.kv.v1 and then through the etcd v3 API
 * on the same cluster, so the cost of the etcd path reads off side by side.
 * Prints one JSON line per workload and API, comparable across commits:
 *   {"bench":"put","api":"etcd","clients":32,"ops":...,"seconds":...,"opsPerSec":...,"p50Ms":...,"p99Ms":...}
 * Knobs: BENCH_SECONDS (default 10 per workload), BENCH_CLIENTS (default 32),
 * BENCH_VALUE_BYTES (default 256), BENCH_APIS (default "raftkv.kv.v1,etcd"),
 * BENCH_WARMUP_SECONDS (default 3, unmeasured puts through each API first).
 * Every loop is bounded in time and count.
 */
import { KvClient } from '../src/cli/kv-client';
import { EtcdKvClient } from './etcd-kv-client';
import { startBenchCluster } from './local-processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const VALUE_BYTES = Number(process.env.BENCH_VALUE_BYTES ?? 256);
const MAX_OPS = 2_000_000;
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A client of one API: raftkv.kv.v1 (KvClient) or etcd's (EtcdKvClient), with the ops every cell needs. */
interface BenchClient {
  put(key: string, value: Buffer): Promise<unknown>;
  get(key: string, serializable: boolean): Promise<unknown>;
  close(): void;
}

const API_CLIENTS: Record<string, (endpoint: string) => BenchClient> = {
  'raftkv.kv.v1': (endpoint) => {
    const c = new KvClient([endpoint], { timeoutMs: 10_000 });
    return { put: (k, v) => c.put(k, v), get: (k, s) => c.get(k, s ? 'CONSISTENCY_SERIALIZABLE' : 'CONSISTENCY_LINEARIZABLE'), close: () => c.close() };
  },
  etcd: (endpoint) => new EtcdKvClient(endpoint, 10_000),
};

async function workload(name: string, api: string, endpoints: string[], op: (c: BenchClient, i: number) => Promise<unknown>, seconds = SECONDS, print = true): Promise<void> {
  const connect = API_CLIENTS[api]!;
  const clients = Array.from({ length: CLIENTS }, (_, i) => connect(endpoints[i % endpoints.length] as string));
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
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
  const took = (performance.now() - started) / 1000;
  clients.forEach((c) => c.close());
  if (!print) return;
  latencies.sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 100) / 100;
  process.stdout.write(
    `${JSON.stringify({ bench: name, api, clients: CLIENTS, valueBytes: VALUE_BYTES, ops: latencies.length, errors, seconds: round(took), opsPerSec: round(latencies.length / took), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) })}\n`,
  );
}

/** The APIs each cell runs through, in turn (BENCH_APIS, comma-separated; default both). */
const APIS = (process.env.BENCH_APIS ?? 'raftkv.kv.v1,etcd').split(',').filter((a) => a in API_CLIENTS);

async function main(): Promise<void> {
  const cluster = await startBenchCluster();
  try {
    const value = Buffer.alloc(VALUE_BYTES, 'v');
    const endpoints = [...cluster.endpoints];
    // Unmeasured puts through every API first: without them the first cell pays the warm-up (JIT, an empty
    // store growing), which showed as the first API's puts running a third slower whichever API it was.
    for (const api of APIS) await workload('warm-up', api, endpoints, (c, i) => c.put(`key-${i % 10_000}`, value), WARMUP_SECONDS, false);
    // Each cell runs through every API back to back, so both see the same store and the same machine load.
    for (const api of APIS) await workload('put', api, endpoints, (c, i) => c.put(`key-${i % 10_000}`, value));
    for (const api of APIS) await workload('get-linearizable', api, endpoints, (c, i) => c.get(`key-${i % 10_000}`, false));
    for (const api of APIS) await workload('get-serializable', api, endpoints, (c, i) => c.get(`key-${i % 10_000}`, true));
  } finally {
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
