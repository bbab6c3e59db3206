/**
 * The etcdctl transcript of docs/etcd-compatibility.md runs as written, with
 * Debian's etcdctl, against a 3-node raftkv: every ```console command in
 * order, its output compared with what the doc shows (doc-examples.ts: "…"
 * stands for anything). The doc names the `npm start` ports; the cluster here
 * runs on free ports, so the documented addresses are swapped for the real
 * ones in each command, and back in its output, node for node.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_NODES } from '../../src/cli/local-cluster';
import { mismatch, parseConsoleBlocks } from '../support/doc-examples';
import { ProcessCluster, REPO_ROOT } from '../support/process-cluster';
import { waitFor } from '../support/wait';
import { describeWithTools } from './support/tools';

jest.setTimeout(120_000);

const DOC = join(REPO_ROOT, 'docs', 'etcd-compatibility.md');

describeWithTools('docs/etcd-compatibility.md: the etcdctl transcript', ['etcdctl'], () => {
  let cluster: ProcessCluster | undefined;

  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
    // Up, as the doc assumes: every member has recorded its client address (until then etcd shows it unstarted).
    const all = cluster.endpoints().join(',');
    await waitFor('every member to show started', () => {
      const list = spawnSync('etcdctl', [`--endpoints=${all}`, 'member', 'list'], { encoding: 'utf8', timeout: 10_000 });
      return list.status === 0 && list.stdout.trim().split('\n').every((line) => line.includes(', started, '));
    }, 30_000, 200);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  test('every command prints what the doc shows', () => {
    const commands = parseConsoleBlocks(readFileSync(DOC, 'utf8'));
    expect(commands.length).toBeGreaterThan(3);
    // Documented address -> real one, for the client and peer port of each node.
    const swaps = LOCAL_NODES.flatMap((doc, i) => {
      const real = cluster!.nodes[i]!;
      return [
        [`127.0.0.1:${doc.clientPort}`, `127.0.0.1:${real.clientPort}`],
        [`127.0.0.1:${doc.peerPort}`, `127.0.0.1:${real.peerPort}`],
      ] as const;
    });
    const toReal = (text: string): string => swaps.reduce((t, [doc, real]) => t.replaceAll(doc, real), text);
    const toDoc = (text: string): string => swaps.reduce((t, [doc, real]) => t.replaceAll(real, doc), text);
    const exports: string[] = [];
    for (const c of commands) {
      // An export holds for the rest of the transcript, as in the reader's shell.
      if (c.command.startsWith('export ')) exports.push(c.command);
      const run = spawnSync('bash', ['-c', [...exports, toReal(c.command)].join('\n')], { encoding: 'utf8', timeout: 20_000 });
      const context = `docs/etcd-compatibility.md:${c.line}: ${c.command}\nstderr: ${run.stderr}`;
      expect({ context, code: run.status }).toEqual({ context, code: c.exitCode });
      const why = mismatch(c.expected, toDoc(c.exitCode === 0 ? run.stdout : run.stderr));
      expect({ context, why }).toEqual({ context, why: undefined });
    }
  });
});
