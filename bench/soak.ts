/**
 * `npm run soak`: a continuous write load on a fresh three-node cluster
 * that samples, every SOAK_SAMPLE_SECONDS, each node's data directory size
 * and Raft log length, to show both stay bounded (issue #3). One JSON line
 * per sample, then a summary line. Knobs: SOAK_SECONDS (default 180),
 * SOAK_CLIENTS (16), SOAK_VALUE_BYTES (512), SOAK_KEYS (5000),
 * SOAK_SNAPSHOT_ENTRIES (2000), SOAK_SAMPLE_SECONDS (30). Bounded in time
 * and in count (at most 5,000,000 writes).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { KvClient } from '../src/cli/kv-client';
import { startBenchCluster } from './local-processes';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 16);
const VALUE_BYTES = Number(process.env.SOAK_VALUE_BYTES ?? 512);
const KEYS = Number(process.env.SOAK_KEYS ?? 5000);
const SNAPSHOT_ENTRIES = Number(process.env.SOAK_SNAPSHOT_ENTRIES ?? 2000);
const SAMPLE_SECONDS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 30);
const MAX_WRITES = 5_000_000;

function dirMiB(path: string): number {
  const kib = Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]);
  return Math.round((kib / 1024) * 10) / 10;
}

async function logEntries(httpPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('raftkv_log_entries'));
  return line === undefined ? -1 : Number(line.split(' ').pop());
}

async function main(): Promise<void> {
  const cluster = await startBenchCluster(['--snapshot-entries', String(SNAPSHOT_ENTRIES)]);
  const clients = Array.from({ length: CLIENTS }, (_, i) => new KvClient([cluster.endpoints[i % cluster.endpoints.length] as string], { timeoutMs: 10_000 }));
  const value = Buffer.alloc(VALUE_BYTES, 'v');
  const started = performance.now();
  const until = started + SECONDS * 1000;
  let writes = 0;
  let errors = 0;
  const samples: { dataMiB: number[]; logEntries: number[] }[] = [];
  const sample = async (): Promise<void> => {
    const dataMiB = cluster.nodes.map((n) => dirMiB(join(cluster.root, n.id)));
    const entries = await Promise.all(cluster.nodes.map((n) => logEntries(n.httpPort)));
    samples.push({ dataMiB, logEntries: entries });
    process.stdout.write(`${JSON.stringify({ atSeconds: Math.round((performance.now() - started) / 1000), writes, dataMiB, logEntries: entries })}\n`);
  };
  const sampler = setInterval(() => void sample(), SAMPLE_SECONDS * 1000);
  try {
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < until && writes + errors < MAX_WRITES) {
          try {
            await c.put(`soak-${(writes + errors) % KEYS}`, value);
            writes += 1;
          } catch {
            errors += 1;
          }
        }
      }),
    );
    clearInterval(sampler);
    await sample();
    const all = (f: (s: (typeof samples)[number]) => number[]): number[] => samples.flatMap(f);
    process.stdout.write(
      `${JSON.stringify({ summary: true, seconds: SECONDS, writes, errors, maxDataMiB: Math.max(...all((s) => s.dataMiB)), maxLogEntries: Math.max(...all((s) => s.logEntries)), snapshotEntries: SNAPSHOT_ENTRIES })}\n`,
    );
  } finally {
    clearInterval(sampler);
    clients.forEach((c) => c.close());
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`soak failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
