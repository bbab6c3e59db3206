/**
 * The latency breakdown of docs/write-path.md: scrapes every node's /metrics,
 * runs a load command, scrapes again, and prints the mean time of each stage
 * over the load (nodes started with --trace-stages).
 *
 *   node dist/bench/stage-report.js [--http 127.0.0.1:8080,127.0.0.1:8090,127.0.0.1:8100] -- <load command...>
 *
 * Besides raftkv_stage_duration_seconds it reports the stages measured
 * elsewhere: the client handler (raftkv_grpc_server_handling_seconds), the
 * forward to the leader and peer sends (raftkv_peer_rpc_duration_seconds),
 * and syncs (raftkv_storage_sync_duration_seconds).
 */
import { spawnSync } from 'node:child_process';
import { get } from 'node:http';

/** Families whose _sum and _count are read, and the labels that name a row. */
const FAMILIES: Readonly<Record<string, readonly string[]>> = {
  raftkv_stage_duration_seconds: ['path', 'stage'],
  raftkv_grpc_server_handling_seconds: ['grpc_method'],
  raftkv_peer_rpc_duration_seconds: ['rpc', 'peer'],
  raftkv_storage_sync_duration_seconds: [],
};

interface Sample {
  sum: number;
  count: number;
}

type Scrape = Map<string, Sample>;

async function scrape(address: string): Promise<{ scrape: Scrape; leader: boolean; nodeId: string }> {
  const text = await fetchText(`http://${address}/metrics`);
  const out: Scrape = new Map();
  let leader = false;
  let nodeId = address;
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+?)(_sum|_count)?(?:\{([^}]*)\})? ([0-9.eE+-]+|NaN)$/.exec(line);
    if (m === null) continue;
    const [, family, suffix, labelText, value] = m as unknown as [string, string, string | undefined, string | undefined, string];
    const labels = parseLabels(labelText ?? '');
    if (labels.node_id !== undefined) nodeId = labels.node_id;
    if (family === 'raftkv_is_leader') leader = value === '1';
    const names = FAMILIES[family];
    if (names === undefined || suffix === undefined) continue;
    const row = [family.replace(/^raftkv_/, '').replace(/_seconds$/, ''), ...names.map((n) => labels[n] ?? '')].filter(Boolean).join(' ');
    const sample = out.get(row) ?? { sum: 0, count: 0 };
    if (suffix === '_sum') sample.sum += Number(value);
    else sample.count += Number(value);
    out.set(row, sample);
  }
  return { scrape: out, leader, nodeId };
}

/** A fresh connection per scrape: the load runs in between, longer than the server keeps an idle one. */
function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: 10_000 }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${url} timed out`)));
  });
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of text.matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) labels[m[1] as string] = m[2] as string;
  return labels;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dash = args.indexOf('--');
  if (dash < 0 || dash === args.length - 1) {
    process.stderr.write('usage: stage-report [--http host:port,...] -- <load command...>\n');
    process.exit(2);
  }
  const httpAt = args.indexOf('--http');
  const addresses = (httpAt >= 0 && httpAt < dash ? (args[httpAt + 1] ?? '') : '127.0.0.1:8080,127.0.0.1:8090,127.0.0.1:8100').split(',');
  const before = await Promise.all(addresses.map(scrape));
  const [command, ...commandArgs] = args.slice(dash + 1) as [string, ...string[]];
  const load = spawnSync(command, commandArgs, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (load.status !== 0) process.stderr.write(`the load command exited with ${load.status ?? load.signal}\n`);
  const after = await Promise.all(addresses.map(scrape));
  for (const [i, end] of after.entries()) {
    const start = before[i] as (typeof before)[number];
    process.stdout.write(`\n${end.nodeId} (${end.leader ? 'leader' : 'follower'})\n`);
    const rows = [...end.scrape.entries()]
      .map(([row, s]) => {
        const b = start.scrape.get(row) ?? { sum: 0, count: 0 };
        return { row, count: s.count - b.count, meanMs: ((s.sum - b.sum) / Math.max(1, s.count - b.count)) * 1000 };
      })
      .filter((r) => r.count > 0)
      .sort((a, b) => a.row.localeCompare(b.row));
    for (const r of rows) process.stdout.write(`  ${r.row.padEnd(52)} ${String(r.count).padStart(8)}  ${r.meanMs.toFixed(3).padStart(9)} ms\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
