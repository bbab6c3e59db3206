import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const SOURCE = join(ROOT, 'grafana', 'raftkv-cluster.json');
const CHART_COPY = join(ROOT, 'helm', 'raftkv', 'dashboards', 'raftkv-cluster.json');

interface Panel {
  title: string;
  type: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string; legendFormat?: string }[];
  fieldConfig?: { defaults?: { decimals?: number; mappings?: { options: Record<string, { text: string }> }[] } };
}
interface Variable {
  name: string;
  type: string;
  query: string | { query: string };
  allValue?: string;
}

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(SOURCE, 'utf8')) as { schemaVersion: number; panels: Panel[]; templating: { list: Variable[] } };

  it('is the same file the Helm chart ships', () => {
    expect(readFileSync(CHART_COPY, 'utf8')).toBe(readFileSync(SOURCE, 'utf8'));
  });

  it('has a Prometheus datasource variable and namespace/instance filters', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    const vars = Object.fromEntries(dashboard.templating.list.map((v) => [v.name, v]));
    expect(vars.datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
    expect(vars.namespace).toMatchObject({ type: 'query', allValue: '.*', query: { query: 'label_values(raftkv_term, namespace)' } });
    expect(vars.instance).toMatchObject({ type: 'query', allValue: '.*' });
  });

  it('queries the chosen datasource and applies both filters in every panel', () => {
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThan(20);
    for (const p of panels) {
      expect({ panel: p.title, ds: p.datasource?.uid }).toEqual({ panel: p.title, ds: '${datasource}' });
      for (const t of p.targets ?? []) {
        // Every metric selector in the expression carries both filters.
        const selectors = t.expr.match(/\b(raftkv_|process_|nodejs_)[a-z0-9_]+(\{[^}]*\})?/g) ?? [];
        for (const s of selectors) expect({ panel: p.title, selector: s }).toEqual({ panel: p.title, selector: expect.stringContaining('namespace=~"$namespace", instance=~"$instance"') });
      }
    }
  });

  const panel = (title: string): Panel => {
    const p = dashboard.panels.find((x) => x.title === title);
    if (p === undefined) throw new Error(`no panel "${title}"`);
    return p;
  };

  it('shows a member down at a glance: live pods (up) against the voters of the configuration (raftkv_members), and how many are down', () => {
    const p = panel('Live members / voters');
    expect(p.type).toBe('stat');
    expect(p.targets?.map((t) => t.legendFormat)).toEqual(['live', 'voters', 'down']);
    expect(p.targets?.[0]?.expr).toMatch(/^sum\(up\{/);
    expect(p.targets?.[1]?.expr).toContain('raftkv_members{namespace=~"$namespace", instance=~"$instance", suffrage="voter"}');
  });

  it('names series by node id, never by scrape address', () => {
    for (const p of dashboard.panels) {
      for (const t of p.targets ?? []) {
        expect({ panel: p.title, legend: t.legendFormat ?? '' }).not.toEqual({ panel: p.title, legend: expect.stringContaining('{{instance}}') });
        expect({ panel: p.title, expr: t.expr }).not.toEqual({ panel: p.title, expr: expect.stringMatching(/by \([^)]*\binstance\b/) });
      }
    }
  });

  it('draws each node\'s role as a state timeline, named', () => {
    const p = panel('Role');
    expect(p.type).toBe('state-timeline');
    const texts = Object.values(p.fieldConfig?.defaults?.mappings?.[0]?.options ?? {}).map((o) => o.text);
    expect(texts).toEqual(['follower', 'pre-candidate', 'candidate', 'leader']);
  });

  it('keeps client errors apart from server unavailability', () => {
    const client = panel('Client errors (the request was refused)').targets?.[0]?.expr ?? '';
    const server = panel('Server unavailability (retry, or outcome unknown)').targets?.[0]?.expr ?? '';
    // grpc_code carries Go's code names (go-grpc-prometheus), as src/server/grpc-server-metrics.ts writes them.
    expect(client).toContain('InvalidArgument');
    expect(client).not.toContain('Unavailable');
    expect(server).toContain('Unavailable|DeadlineExceeded');
    expect(server).not.toContain('InvalidArgument');
  });

  it('shows counts as integers', () => {
    for (const title of ['Live members / voters', 'Leaders', 'Term', 'Leader changes (1h)', 'Log entries', 'Replication lag per follower']) {
      expect({ title, decimals: panel(title).fieldConfig?.defaults?.decimals }).toEqual({ title, decimals: 0 });
    }
  });
});
