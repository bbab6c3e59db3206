/**
 * `npm run bench:snapshot`: how much memory a snapshot transfer takes on
 * both sides (docs/snapshots.md, docs/benchmarks.md). A one-node cluster is
 * loaded with SNAPSHOT_BENCH_BYTES (default 2 GiB) of incompressible values,
 * its log compacted; a second node then joins with an empty data dir and
 * receives the whole state as a snapshot. Prints one JSON line: load and
 * transfer times and each process's peak resident set (VmHWM, the leader's
 * reset after the load so it covers the transfer only).
 *
 * Needs about 3 × the data set on disk while it runs (the leader's copy, the
 * follower's staged copy and its live copy); everything is removed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { KvClient } from '../src/cli/kv-client';
import { directoryBytes } from '../src/storage/disk-usage';

const TOTAL_BYTES = Number(process.env.SNAPSHOT_BENCH_BYTES ?? 2 * 1024 ** 3);
const VALUE_BYTES = Number(process.env.SNAPSHOT_BENCH_VALUE_BYTES ?? 256 * 1024);
const CLIENTS = Number(process.env.SNAPSHOT_BENCH_CLIENTS ?? 4);
/** The whole run gives up after this long. */
const DEADLINE_MS = Number(process.env.SNAPSHOT_BENCH_TIMEOUT_SECONDS ?? 3600) * 1000;
const RAFTKV = join(__dirname, '..', 'src', 'cli', 'raftkv.js');
const MIB = 1024 * 1024;

interface Node {
  readonly id: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly httpPort: number;
  readonly dataDir: string;
  child?: ChildProcess;
}

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

async function node(id: string, root: string): Promise<Node> {
  return { id, clientPort: await freePort(), peerPort: await freePort(), httpPort: await freePort(), dataDir: join(root, id) };
}

function start(n: Node, root: string, membership: string[]): ChildProcess {
  const log = openSync(join(root, `${n.id}.log`), 'a');
  const args = [
    RAFTKV,
    '--id', n.id,
    '--client-addr', `127.0.0.1:${n.clientPort}`,
    '--peer-addr', `127.0.0.1:${n.peerPort}`,
    '--http-addr', `127.0.0.1:${n.httpPort}`,
    '--data-dir', n.dataDir,
    // A short log: the joining node must get the state as a snapshot, and the leader's in-memory log stays small.
    '--snapshot-entries', '100',
    '--log-level', 'info',
    // The data set is the default quota's size, and the follower holds it twice while it installs.
    '--quota-backend-bytes', String(8 * TOTAL_BYTES),
    ...membership,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', log, log] });
  closeSync(log);
  n.child = child;
  return child;
}

/** A /proc/<pid>/status field in MiB (VmRSS, VmHWM). */
function procMib(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  const kib = Number(line?.split(/\s+/)[1] ?? NaN);
  return Math.round(kib / 1024);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, deadline: number): Promise<T> {
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250)); // polling period, not synchronisation
  }
}

async function main(): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  const root = mkdtempSync(join(tmpdir(), 'raftkv-snapbench-'));
  const leader = await node('n1', root);
  const follower = await node('n2', root);
  const clients: KvClient[] = [];
  try {
    const leaderPid = start(leader, root, ['--peers', `n1=127.0.0.1:${leader.peerPort}`]).pid!;
    const writer = new KvClient([`127.0.0.1:${leader.clientPort}`], { timeoutMs: 30_000 });
    clients.push(writer);
    await until('the leader', async () => (await writer.put('bench-warmup', Buffer.from('x')), true), deadline);

    const keys = Math.ceil(TOTAL_BYTES / VALUE_BYTES);
    const loadStarted = Date.now();
    let next = 0;
    let reported = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < keys) {
          const i = next++;
          await writer.put(`bulk-${String(i).padStart(8, '0')}`, randomBytes(VALUE_BYTES));
          if (i - reported >= keys / 10) {
            reported = i;
            process.stderr.write(`loaded ${Math.round((i * VALUE_BYTES) / MIB)} MiB\n`);
          }
        }
      }),
    );
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const leaderLoadPeakMib = procMib(leaderPid, 'VmHWM');
    // From here on the leader's peak is the transfer's (Linux: 5 resets VmHWM to the current RSS).
    writeFileSync(`/proc/${leaderPid}/clear_refs`, '5');
    const commit = Number((await writer.status()).commit_index);

    const joinStarted = Date.now();
    const followerPid = start(follower, root, ['--join', `127.0.0.1:${leader.clientPort}`]).pid!;
    // Sampled maxima of the resident set's parts: private memory (RssAnon) and mapped files (RssFile: the binary, LevelDB's tables).
    const sampled = { leaderAnon: 0, leaderFile: 0, followerAnon: 0, followerFile: 0 };
    const sampler = setInterval(() => {
      try {
        sampled.leaderAnon = Math.max(sampled.leaderAnon, procMib(leaderPid, 'RssAnon'));
        sampled.leaderFile = Math.max(sampled.leaderFile, procMib(leaderPid, 'RssFile'));
        sampled.followerAnon = Math.max(sampled.followerAnon, procMib(followerPid, 'RssAnon'));
        sampled.followerFile = Math.max(sampled.followerFile, procMib(followerPid, 'RssFile'));
      } catch {
        // a process exited; the check below reports it
      }
    }, 100);
    const reader = new KvClient([`127.0.0.1:${follower.clientPort}`], { timeoutMs: 5_000 });
    clients.push(reader);
    try {
      await until('the follower to apply the snapshot', async () => (Number((await reader.status()).applied_index) >= commit ? true : undefined), deadline);
    } finally {
      clearInterval(sampler);
    }
    const transferSeconds = (Date.now() - joinStarted) / 1000;
    const probe = await reader.get(`bulk-${String(keys - 1).padStart(8, '0')}`, 'CONSISTENCY_SERIALIZABLE');
    if (!probe.found || probe.value.length !== VALUE_BYTES) throw new Error('the follower lacks the last key written');
    const result = {
      bench: 'snapshot-transfer',
      dataMiB: Math.round((keys * VALUE_BYTES) / MIB),
      keys,
      valueBytes: VALUE_BYTES,
      loadSeconds: Number(loadSeconds.toFixed(1)),
      transferSeconds: Number(transferSeconds.toFixed(1)),
      leaderPeakRssMiB: procMib(leaderPid, 'VmHWM'),
      followerPeakRssMiB: procMib(followerPid, 'VmHWM'),
      leaderMaxRssAnonMiB: sampled.leaderAnon,
      leaderMaxRssFileMiB: sampled.leaderFile,
      followerMaxRssAnonMiB: sampled.followerAnon,
      followerMaxRssFileMiB: sampled.followerFile,
      leaderPeakRssDuringLoadMiB: leaderLoadPeakMib,
      followerDataDirMiB: Math.round((await directoryBytes(join(follower.dataDir, 'db'))) / MIB),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const c of clients) c.close();
    for (const n of [leader, follower]) n.child?.kill('SIGTERM');
    await Promise.all([leader, follower].map((n) => new Promise((r) => (n.child === undefined || n.child.exitCode !== null ? r(null) : n.child.once('exit', r)))));
    if (process.env.KEEP_BENCH_DATA === undefined) rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
