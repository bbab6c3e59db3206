/**
 * Draws grafana/raftkv-cluster.json from a real Prometheus as one HTML page,
 * so headless Chromium can turn it into the picture in docs/ and a test can
 * check what a user would read on it (the stat values, the rows of the role
 * timeline). Not Grafana: the dashboard's layout (its 24-column grid), its
 * queries, legends, decimals, value mappings and threshold colours, for the
 * panel types the dashboard uses (row, stat, timeseries, state-timeline), in
 * Grafana's dark theme. Grafana is no Debian package; this keeps the system
 * tier on Debian tools.
 */

export interface Target {
  readonly expr: string;
  readonly legendFormat?: string;
  readonly refId?: string;
}

interface Step {
  readonly color: string;
  readonly value: number | null;
}

interface FieldDefaults {
  readonly decimals?: number;
  readonly unit?: string;
  readonly color?: { mode?: string; fixedColor?: string };
  readonly thresholds?: { steps: Step[] };
  readonly mappings?: { type: string; options: Record<string, { text: string; color?: string }> }[];
}

export interface Panel {
  readonly type: string;
  readonly title: string;
  readonly gridPos: { h: number; w: number; x: number; y: number };
  readonly targets?: Target[];
  readonly fieldConfig?: {
    defaults?: FieldDefaults;
    overrides?: { matcher: { id: string; options: string }; properties: { id: string; value: unknown }[] }[];
  };
}

export interface Dashboard {
  readonly title: string;
  readonly panels: Panel[];
}

export interface RenderOptions {
  readonly prometheusUrl: string;
  /** Seconds since the epoch. */
  readonly from: number;
  readonly to: number;
  readonly stepS: number;
  /** What `$__rate_interval` becomes (Grafana: at least four scrape intervals). */
  readonly rateInterval: string;
}

/** What a panel shows, for assertions: a stat's values by name, a timeline's rows. */
export interface Shown {
  readonly stats: Map<string, { name: string; value: number | undefined; text: string }[]>;
  readonly series: Map<string, string[]>;
}

const COLORS: Record<string, string> = {
  green: '#73BF69', red: '#F2495C', orange: '#FF9830', yellow: '#FADE2A', blue: '#5794F2', purple: '#B877D9', text: '#CCCCDC',
};
const PALETTE = ['#7EB26D', '#EAB839', '#6ED0E0', '#EF843C', '#E24D42', '#1F78C1', '#BA43A9', '#705DA0', '#508642', '#CCA300'];
const UNIT_W = 1600 / 24;
const UNIT_H = 30;

type Series = { labels: Record<string, string>; values: [number, number][] };

export async function renderDashboard(d: Dashboard, o: RenderOptions): Promise<{ html: string; height: number; shown: Shown }> {
  const shown: Shown = { stats: new Map(), series: new Map() };
  const parts: string[] = [];
  for (const p of d.panels) parts.push(await renderPanel(p, o, shown));
  const height = Math.max(...d.panels.map((p) => (p.gridPos.y + p.gridPos.h) * UNIT_H)) + 60;
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0; background: #111217; color: #CCCCDC; font: 12px Inter, Helvetica, Arial, sans-serif; }
    h1 { font-size: 16px; font-weight: 500; margin: 0; padding: 12px 16px; height: 20px; }
    .panel { position: absolute; box-sizing: border-box; padding: 4px; }
    .box { background: #181B1F; border: 1px solid #2B2D33; border-radius: 2px; height: 100%; box-sizing: border-box; padding: 6px 8px; overflow: hidden; }
    .title { font-weight: 500; margin-bottom: 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .row { font-size: 14px; font-weight: 500; padding: 4px 8px; border-bottom: 1px solid #2B2D33; }
    .stats { display: flex; gap: 8px; height: calc(100% - 22px); align-items: center; justify-content: space-around; }
    .stat { text-align: center; } .stat .v { font-size: 30px; font-weight: 500; } .stat .n { font-size: 11px; opacity: .8; }
    .legend { display: flex; flex-wrap: wrap; gap: 2px 10px; font-size: 10px; margin-top: 2px; }
    .legend i { display: inline-block; width: 10px; height: 3px; margin-right: 4px; vertical-align: middle; }
  </style></head><body><h1>${esc(d.title)}</h1><div style="position:relative">${parts.join('')}</div></body></html>`;
  return { html, height, shown };
}

async function renderPanel(p: Panel, o: RenderOptions, shown: Shown): Promise<string> {
  const { x, y, w, h } = p.gridPos;
  const style = `left:${x * UNIT_W}px;top:${y * UNIT_H}px;width:${w * UNIT_W}px;height:${h * UNIT_H}px`;
  if (p.type === 'row') return `<div class="panel" style="${style}"><div class="row">${esc(p.title)}</div></div>`;
  const inner = p.type === 'stat' ? await stat(p, o, shown) : p.type === 'state-timeline' ? await timeline(p, o, shown, w * UNIT_W - 26, h * UNIT_H - 40) : await timeseries(p, o, shown, w * UNIT_W - 26, h * UNIT_H - 56);
  return `<div class="panel" style="${style}"><div class="box"><div class="title">${esc(p.title)}</div>${inner}</div></div>`;
}

async function stat(p: Panel, o: RenderOptions, shown: Shown): Promise<string> {
  const items: { name: string; value: number | undefined; text: string }[] = [];
  const cells: string[] = [];
  for (const t of p.targets ?? []) {
    const result = await instant(o, t.expr);
    for (const r of result.length > 0 ? result : [{ labels: {}, values: [] as [number, number][] }]) {
      const value = r.values[0]?.[1];
      const name = legend(t.legendFormat ?? '', r.labels);
      const defaults = fieldDefaults(p, name);
      const text = value === undefined ? 'No data' : mapped(defaults, value)?.text ?? format(value, defaults);
      items.push({ name, value, text });
      const color = value === undefined ? COLORS.text : colorOf(defaults, value);
      cells.push(`<div class="stat"><div class="v" style="color:${color}">${esc(text)}</div>${name !== '' ? `<div class="n">${esc(name)}</div>` : ''}</div>`);
    }
  }
  shown.stats.set(p.title, items);
  return `<div class="stats">${cells.join('')}</div>`;
}

async function timeseries(p: Panel, o: RenderOptions, shown: Shown, width: number, height: number): Promise<string> {
  const lines: { name: string; values: [number, number][] }[] = [];
  for (const t of p.targets ?? []) for (const s of await range(o, t.expr)) lines.push({ name: legend(t.legendFormat ?? '', s.labels), values: s.values });
  shown.series.set(p.title, lines.map((l) => l.name));
  const all = lines.flatMap((l) => l.values.map(([, v]) => v)).filter(Number.isFinite);
  const min = Math.min(0, ...all);
  const max = Math.max(min + 1e-9, ...all);
  const defaults = p.fieldConfig?.defaults ?? {};
  const px = (ts: number): number => 40 + ((ts - o.from) / (o.to - o.from)) * (width - 40);
  const py = (v: number): number => height - 12 - ((v - min) / (max - min)) * (height - 18);
  const paths = lines.map((l, i) => {
    const points = l.values.filter(([, v]) => Number.isFinite(v)).map(([ts, v]) => `${px(ts).toFixed(1)},${py(v).toFixed(1)}`);
    return `<polyline fill="none" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="1.5" points="${points.join(' ')}"/>`;
  });
  const axis = `<text x="0" y="10" fill="#8E8E8E" font-size="10">${esc(format(max, defaults))}</text><text x="0" y="${height - 12}" fill="#8E8E8E" font-size="10">${esc(format(min, defaults))}</text>`;
  const grid = `<line x1="40" x2="${width}" y1="${height - 12}" y2="${height - 12}" stroke="#2B2D33"/>`;
  const legendHtml = lines.map((l, i) => `<span><i style="background:${PALETTE[i % PALETTE.length]}"></i>${esc(l.name)}</span>`).join('');
  return `<svg width="${width}" height="${height}">${grid}${axis}${paths.join('')}</svg><div class="legend">${legendHtml}</div>`;
}

async function timeline(p: Panel, o: RenderOptions, shown: Shown, width: number, height: number): Promise<string> {
  const rows: { name: string; values: [number, number][] }[] = [];
  for (const t of p.targets ?? []) for (const s of await range(o, t.expr)) rows.push({ name: legend(t.legendFormat ?? '', s.labels), values: s.values });
  rows.sort((a, b) => a.name.localeCompare(b.name));
  shown.series.set(p.title, rows.map((r) => r.name));
  const defaults = p.fieldConfig?.defaults ?? {};
  const labelW = 90;
  const rowH = Math.min(28, (height - 16) / Math.max(1, rows.length));
  const px = (ts: number): number => labelW + ((ts - o.from) / (o.to - o.from)) * (width - labelW);
  const cells: string[] = [];
  rows.forEach((r, i) => {
    const top = i * rowH;
    cells.push(`<text x="0" y="${top + rowH / 2 + 4}" fill="#CCCCDC" font-size="11">${esc(r.name)}</text>`);
    for (const [ts, v] of r.values) {
      const color = mapped(defaults, v)?.color ?? colorOf(defaults, v);
      cells.push(`<rect x="${px(ts).toFixed(1)}" y="${top + 2}" width="${(((width - labelW) * o.stepS) / (o.to - o.from) + 0.6).toFixed(1)}" height="${rowH - 4}" fill="${color}"/>`);
    }
  });
  const keys = Object.entries(defaults.mappings?.[0]?.options ?? {}).map(([, m]) => `<span><i style="background:${COLORS[m.color ?? 'text'] ?? m.color}"></i>${esc(m.text)}</span>`);
  return `<svg width="${width}" height="${rows.length * rowH}">${cells.join('')}</svg><div class="legend">${keys.join('')}<span>(gap: not scraped)</span></div>`;
}

/** The panel's field defaults with the overrides matching this series name applied. */
function fieldDefaults(p: Panel, name: string): FieldDefaults {
  let d: FieldDefaults = p.fieldConfig?.defaults ?? {};
  for (const ov of p.fieldConfig?.overrides ?? []) {
    if (ov.matcher.id !== 'byName' || ov.matcher.options !== name) continue;
    for (const prop of ov.properties) d = { ...d, [prop.id]: prop.value };
  }
  return d;
}

function mapped(d: FieldDefaults, v: number): { text: string; color?: string } | undefined {
  const m = d.mappings?.find((x) => x.type === 'value')?.options[String(Math.round(v))];
  return m === undefined ? undefined : { text: m.text, ...(m.color !== undefined ? { color: COLORS[m.color] ?? m.color } : {}) };
}

function colorOf(d: FieldDefaults, v: number): string {
  if (d.color?.mode === 'fixed') return COLORS[d.color.fixedColor ?? 'text'] ?? COLORS.text ?? '#CCCCDC';
  let color = 'text';
  for (const s of d.thresholds?.steps ?? []) if (s.value === null || v >= s.value) color = s.color;
  return COLORS[color] ?? color;
}

function format(v: number, d: FieldDefaults): string {
  if (d.unit === 'bytes') return `${(v / 2 ** 20).toFixed(1)} MiB`;
  if (d.unit === 's') return v < 1 ? `${(v * 1000).toFixed(1)} ms` : `${v.toFixed(2)} s`;
  if (d.decimals !== undefined) return v.toFixed(d.decimals);
  return Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(1)}k` : String(Math.round(v * 100) / 100);
}

function legend(format: string, labels: Record<string, string>): string {
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => labels[k] ?? '');
}

function expand(expr: string, o: RenderOptions): string {
  return expr.replace(/\$__rate_interval|\$\{__rate_interval\}/g, o.rateInterval).replace(/\$\{?(namespace|instance)\}?/g, '.*');
}

async function instant(o: RenderOptions, expr: string): Promise<Series[]> {
  const body = await api(o, `query?query=${encodeURIComponent(expand(expr, o))}&time=${o.to}`);
  return body.map((r) => ({ labels: r.metric, values: r.value !== undefined ? [[r.value[0], Number(r.value[1])]] : [] }));
}

async function range(o: RenderOptions, expr: string): Promise<Series[]> {
  const body = await api(o, `query_range?query=${encodeURIComponent(expand(expr, o))}&start=${o.from}&end=${o.to}&step=${o.stepS}`);
  return body.map((r) => ({ labels: r.metric, values: (r.values ?? []).map(([ts, v]) => [ts, Number(v)] as [number, number]) }));
}

async function api(o: RenderOptions, path: string): Promise<{ metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[]> {
  const res = await fetch(`${o.prometheusUrl}/api/v1/${path}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] } };
  if (body.status !== 'success') throw new Error(`Prometheus: ${body.error ?? res.status}: ${path}`);
  return body.data?.result ?? [];
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
