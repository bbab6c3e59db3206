/**
 * `npm run bench:scale`: raftkv with many keys (issue #11, "Scale").
 * Loads BENCH_SCALE_KEYS keys (default 1,000,000) of BENCH_VALUE_BYTES (256)
 * into a fresh three-node cluster with Txns of 128 puts, then reports:
 * - each node's RSS and peak RSS (/proc/<pid>/status) after the load;
 * - how long a restarted node takes to answer /readyz 200;
 * - how long a new member (--join, empty data dir) takes to receive the
 *   data by snapshot and apply as far as the leader had.
 * Prints one JSON line. Every loop is bounded in count and time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { KvClient } from '../src/cli/kv-client';
import { localNodeArgs, type LocalNode } from '../src/cli/local-cluster';
import { freePort, startBenchCluster } from './local-processes';

const KEYS = Number(process.env.BENCH_SCALE_KEYS ?? 1_000_000);
const VALUE_BYTES = Number(process.env.BENCH_VALUE_BYTES ?? 256);
const PUTS_PER_TXN = 128;
const SNAPSHOT_ENTRIES = 1_000;
const TXNS_IN_FLIGHT = 16;
const LOAD_TIMEOUT_MS = 30 * 60_000;
const READY_TIMEOUT_MS = 120_000;
const CATCH_UP_TIMEOUT_MS = 15 * 60_000;
const ENTRY = join(__dirname, '..', 'src', 'cli', 'raftkv.js');

function rssMiB(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMiB: Math.round(kib('VmRSS') / 1024), peakMiB: Math.round(kib('VmHWM') / 1024) };
}

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false, timeout: 2_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
  });
}

async function appliedIndex(httpPort: number): Promise<number> {
  const { body } = await httpGet(httpPort, '/metrics');
  return Number(/^raftkv_applied_index\{[^}]*\} (\d+)/m.exec(body)?.[1] ?? 0);
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Math.round(performance.now() - started);
}

function startNode(node: LocalNode, nodes: readonly LocalNode[], root: string, extra: readonly string[] = []): ChildProcess {
  return spawn(process.execPath, [ENTRY, ...localNodeArgs(node, nodes, root), '--log-level', 'warn', ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function load(client: KvClient): Promise<number> {
  const value = Buffer.alloc(VALUE_BYTES, 'v');
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: TXNS_IN_FLIGHT }, async () => {
      while (next < KEYS && performance.now() - started < LOAD_TIMEOUT_MS) {
        const first = next;
        next = Math.min(KEYS, next + PUTS_PER_TXN);
        const success = [];
        for (let k = first; k < next; k += 1) success.push({ request_put: { key: `scale/${String(k).padStart(8, '0')}`, value } });
        await client.txn({ compare: [], success, failure: [] });
      }
    }),
  );
  if (next < KEYS) throw new Error(`loaded only ${next} of ${KEYS} keys within ${LOAD_TIMEOUT_MS} ms`);
  return Math.round((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  // Compact often enough that the log no longer holds the load: the new member must get a snapshot.
  const cluster = await startBenchCluster(['--snapshot-entries', String(SNAPSHOT_ENTRIES)]);
  const extra: ChildProcess[] = [];
  const client = new KvClient([...cluster.endpoints], { timeoutMs: 60_000 });
  try {
    const loadSeconds = await load(client);
    const rss = Object.fromEntries(cluster.nodes.map((n, i) => [n.id, rssMiB(cluster.pids[i] as number)]));

    // Restart the last node: SIGTERM, start again on its data, time /readyz.
    const restarted = cluster.nodes[2] as LocalNode;
    await cluster.stopNode(2);
    const again = startNode(restarted, cluster.nodes, cluster.root, ['--snapshot-entries', String(SNAPSHOT_ENTRIES)]);
    extra.push(again);
    const restartToReadyMs = await waitUntil('the restarted node to be ready', READY_TIMEOUT_MS, async () => (await httpGet(restarted.httpPort, '/readyz')).status === 200);

    // A new member on an empty data dir joins and receives the data by snapshot.
    const joiner: LocalNode = { id: 'n4', clientPort: await freePort(), peerPort: await freePort(), httpPort: await freePort() };
    const target = Math.max(...(await Promise.all(cluster.nodes.map((n) => appliedIndex(n.httpPort)))));
    const joined = startNode(joiner, [...cluster.nodes, joiner], cluster.root, ['--join', cluster.endpoints[0] as string]);
    extra.push(joined);
    const joinToCaughtUpMs = await waitUntil('the new member to catch up', CATCH_UP_TIMEOUT_MS, async () => (await appliedIndex(joiner.httpPort)) >= target);
    const joinerRss = rssMiB(joined.pid as number);
    process.stdout.write(`${JSON.stringify({ bench: 'scale', keys: KEYS, valueBytes: VALUE_BYTES, loadSeconds, rssAfterLoad: rss, restartToReadyMs, joinToCaughtUpMs, joinerRss })}\n`);
  } finally {
    client.close();
    for (const child of extra) child.kill('SIGTERM');
    await Promise.all(extra.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:scale failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
