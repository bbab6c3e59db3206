/**
 * A data dir damaged while the node was stopped (a LevelDB table or the
 * MANIFEST cut short) refuses to start, naming the damaged file and the way
 * back, and never serves what it holds.
 */
import { readdirSync, truncateSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ProcessCluster } from '../support/process-cluster';
import { runKvctl } from '../../src/cli/kvctl-program';

jest.setTimeout(120_000);

describe('a data dir damaged offline', () => {
  let cluster: ProcessCluster | undefined;
  afterEach(async () => {
    await cluster?.stop();
    cluster = undefined;
  });

  /** A one-node cluster with data in LevelDB tables (defragmented), stopped. */
  async function stoppedWithTables(): Promise<{ c: ProcessCluster; db: string }> {
    const c = (cluster = await ProcessCluster.start({ size: 1 }));
    await c.waitForLeader();
    const client = c.client();
    for (let i = 0; i < 200; i += 1) await client.put(`k${i}`, randomBytes(512));
    expect(await runKvctl(['--endpoints', c.endpoints().join(','), 'defrag'], () => undefined, () => undefined)).toBe(0);
    await c.stopNode('n1');
    return { c, db: join(c.node('n1').dataDir, 'db') };
  }

  for (const [what, pick] of [
    ['a table', (files: string[]) => files.find((f) => f.endsWith('.ldb'))],
    ['the MANIFEST', (files: string[]) => files.find((f) => f.startsWith('MANIFEST-'))],
  ] as const) {
    test(`${what} cut short: the node refuses to start, naming the file and the recovery`, async () => {
      const { c, db } = await stoppedWithTables();
      const file = pick(readdirSync(db));
      expect(file).toBeDefined();
      const path = join(db, file!);
      truncateSync(path, Math.floor(statSync(path).size / 2));
      const before = c.logs('n1').length;
      c.startNode('n1');
      expect(await c.node('n1').exited).toBe(1);
      const log = c.logs('n1').slice(before);
      expect(log).toContain('raftkv failed to start');
      // The MANIFEST's damage shows as the tables it lost track of.
      expect(log).toMatch(what === 'a table' ? new RegExp(file!.replace('.', '\\.')) : /\.ldb/);
      expect(log).toContain('Recover as from a lost disk');
      expect(log).not.toContain('raftkv node started');
    });
  }
});
