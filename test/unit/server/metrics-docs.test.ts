import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeMetrics } from '../../../src/server/metrics';
import { stageMetrics } from '../../../src/server/stage-metrics';

const DOC = join(__dirname, '..', '..', '..', 'docs', 'metrics.md');

/** Rows of docs/metrics.md's tables: | `name` | type | labels | meaning | alert |. */
function documented(): Map<string, { type: string; labels: string }> {
  const rows = new Map<string, { type: string; labels: string }>();
  for (const line of readFileSync(DOC, 'utf8').split('\n')) {
    const m = /^\| `([a-z_:][a-z0-9_:]*)` \|\s*(\w+)\s*\|([^|]*)\|/.exec(line);
    if (m) rows.set(m[1] as string, { type: m[2] as string, labels: (m[3] as string).trim() });
  }
  return rows;
}

describe('docs/metrics.md', () => {
  it('documents every metric a node registers, with its type and labels, and nothing the code does not register', async () => {
    const metrics = new NodeMetrics('n1');
    // Registered only with --trace-stages; documented like the rest.
    stageMetrics(metrics.registry);
    const registered = await metrics.registry.getMetricsAsJSON();
    const docs = documented();
    const undocumented = registered.map((m) => m.name).filter((n) => !docs.has(n));
    expect(undocumented).toEqual([]);
    for (const m of registered) {
      const row = docs.get(m.name);
      expect({ name: m.name, type: row?.type }).toEqual({ name: m.name, type: m.type });
      // Every label the code declares is named in the labels column (default label node_id aside).
      const declared = (metrics.registry.getSingleMetric(m.name) as unknown as { labelNames?: string[] } | undefined)?.labelNames ?? [];
      for (const label of declared) expect({ name: m.name, labels: row?.labels }).toEqual({ name: m.name, labels: expect.stringContaining(`\`${label}\``) });
    }
    // Default process metrics vary by platform; raftkv's own must all exist.
    const names = new Set(registered.map((m) => m.name));
    const stale = [...docs.keys()].filter((n) => n.startsWith('raftkv_') && !names.has(n));
    expect(stale).toEqual([]);
  });

  it('names every metric raftkv_ except prom-client defaults', async () => {
    const registered = await new NodeMetrics('n1').registry.getMetricsAsJSON();
    const foreign = registered.map((m) => m.name).filter((n) => !/^(raftkv_|process_|nodejs_)/.test(n));
    expect(foreign).toEqual([]);
  });
});
