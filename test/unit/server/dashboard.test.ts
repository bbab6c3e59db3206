import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const SOURCE = join(ROOT, 'grafana', 'raftkv-cluster.json');
const CHART_COPY = join(ROOT, 'helm', 'raftkv', 'dashboards', 'raftkv-cluster.json');

interface Panel {
  title: string;
  type: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string }[];
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
});
