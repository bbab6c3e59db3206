/**
 * `npm run bench`: a bounded write and read load against a fresh local
 * three-node cluster (real processes, real disks, fsync on every batch).
 * The cells are those of the side-by-side comparison with etcd
 * (docs/benchmarks.md): put, get (linearizable) and sget (serializable), each
 * at concurrency 1, 16, 64 and 256, over 10,000 keys. Each cell runs through
 * raftkv.kv.v1 and then through the etcd v3 API on the same cluster, so the
 * cost of the etcd path reads off side by side. Requests in flight share two
 * connections per node (worker i uses connection i mod 2n, as the Go client
 * of the comparison does), so at c=1 the one worker talks to the first node.
 * Prints one JSON line per cell and API, comparable across commits:
 *   {"bench":"put","api":"etcd","concurrency":64,"ops":...,"seconds":...,"opsPerSec":...,"p50Ms":...,"p99Ms":...}
 * Knobs: BENCH_SECONDS (default 5 per cell), BENCH_CONCURRENCY (default
 * "1,16,64,256"), BENCH_WORKLOADS (default "put,get,sget"), BENCH_VALUE_BYTES
 * (default 256), BENCH_APIS (default "raftkv.kv.v1,etcd"),
 * BENCH_WARMUP_SECONDS (default 3, unmeasured puts through each API first).
 * Every loop is bounded in time and count. This client is grpc-js in one
 * process: near 5k requests/s it measures itself as much as the cluster.
 */
import { KvClient } from '../src/cli/kv-client';
import { EtcdKvClient } from './etcd-kv-client';
import { startBenchCluster } from './local-processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,16,64,256').split(',').map(Number).filter((c) => Number.isSafeInteger(c) && c > 0);
const WORKLOADS = (process.env.BENCH_WORKLOADS ?? 'put,get,sget').split(',');
/** Connections per node, shared by the workers (see the header). */
const CONNECTIONS_PER_NODE = 2;
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

async function workload(name: string, api: string, endpoints: string[], concurrency: number, op: (c: BenchClient, i: number) => Promise<unknown>, seconds = SECONDS, print = true): Promise<void> {
  const connect = API_CLIENTS[api]!;
  const clients = Array.from({ length: Math.min(concurrency, CONNECTIONS_PER_NODE * endpoints.length) }, (_, i) => connect(endpoints[i % endpoints.length] as string));
  const workers = Array.from({ length: concurrency }, (_, i) => clients[i % clients.length] as BenchClient);
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    workers.map(async (c) => {
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
    `${JSON.stringify({ bench: name, api, concurrency, valueBytes: VALUE_BYTES, ops: latencies.length, errors, seconds: round(took), opsPerSec: round(latencies.length / took), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) })}\n`,
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
    for (const api of APIS) await workload('warm-up', api, endpoints, 64, (c, i) => c.put(`key-${i % 10_000}`, value), WARMUP_SECONDS, false);
    const ops: Record<string, (c: BenchClient, i: number) => Promise<unknown>> = {
      put: (c, i) => c.put(`key-${i % 10_000}`, value),
      get: (c, i) => c.get(`key-${i % 10_000}`, false),
      sget: (c, i) => c.get(`key-${i % 10_000}`, true),
    };
    // Each cell runs through every API back to back, so both see the same store and the same machine load.
    for (const name of WORKLOADS) {
      const op = ops[name];
      if (op === undefined) throw new Error(`unknown workload "${name}" in BENCH_WORKLOADS (put, get, sget)`);
      for (const c of CONCURRENCY) for (const api of APIS) await workload(name, api, endpoints, c, op);
    }
  } finally {
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
