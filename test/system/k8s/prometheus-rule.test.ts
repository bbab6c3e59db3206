/**
 * The chart's optional PrometheusRule: off by default; when on, its rule
 * group is what Prometheus accepts (`promtool check rules`), fires on the
 * conditions a user would page on (`promtool test rules`), and every metric
 * it reads is one docs/metrics.md documents.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { REPO_ROOT } from '../../support/process-cluster';
import { describeWithTools } from '../support/tools';
import { HELM, findObject, helmTemplate, provideK8sTools, run } from './support/k8s-tools';

jest.setTimeout(60_000);
provideK8sTools();

interface Rule {
  readonly alert: string;
  readonly expr: string;
}
interface RuleSpec {
  readonly groups: { name: string; rules: Rule[] }[];
}

describeWithTools('the chart PrometheusRule (metrics.prometheusRule)', [HELM, 'promtool'], () => {
  let dir: string;
  let spec: RuleSpec;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'raftkv-rules-'));
    spec = (findObject(helmTemplate({ 'metrics.prometheusRule.enabled': true }), 'PrometheusRule') as unknown as { spec: RuleSpec }).spec;
    writeFileSync(join(dir, 'rules.yaml'), stringify(spec));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is not rendered by default', () => {
    expect(helmTemplate().filter((o) => o.kind === 'PrometheusRule')).toEqual([]);
  });

  it('renders a rule group promtool check rules accepts', () => {
    const r = run('promtool', ['check', 'rules', join(dir, 'rules.yaml')]);
    expect({ status: r.status, output: r.stdout + r.stderr }).toMatchObject({ status: 0, output: expect.stringMatching(/SUCCESS: 15 rules found/) });
  });

  it('reads only metrics docs/metrics.md documents', () => {
    const documented = new Set([...readFileSync(join(REPO_ROOT, 'docs', 'metrics.md'), 'utf8').matchAll(/^\| `(raftkv_[a-z_]+)`/gm)].map((m) => m[1]));
    const used = new Set(spec.groups.flatMap((g) => g.rules.flatMap((r) => [...r.expr.matchAll(/\b(raftkv_[a-z_]+?)(?:_bucket)?\b(?=[{[\s)]|$)/g)].map((m) => m[1]))));
    expect([...used].filter((m) => !documented.has(m))).toEqual([]);
  });

  it('fires RaftkvNoLeader for a pod without a leader for a minute, and RaftkvLeaderCountNotOne for a cluster without one', () => {
    const series = (name: string, pod: string, values: string): { series: string; values: string } => ({
      series: `${name}{namespace="raftkv",job="kv-raftkv",pod="${pod}"}`,
      values,
    });
    const test = {
      rule_files: ['rules.yaml'],
      evaluation_interval: '15s',
      tests: [
        {
          interval: '15s',
          input_series: [
            // Pod 0 lost its leader at once; pod 1 only after a while: at 1m30s only pod 0 has been without one for a minute.
            series('raftkv_has_leader', 'kv-raftkv-0', '0x10'),
            series('raftkv_has_leader', 'kv-raftkv-1', '1 1 1 0x7'),
            series('raftkv_is_leader', 'kv-raftkv-0', '0x10'),
            series('raftkv_is_leader', 'kv-raftkv-1', '0x10'),
          ],
          alert_rule_test: [
            {
              eval_time: '90s',
              alertname: 'RaftkvNoLeader',
              exp_alerts: [
                {
                  exp_labels: { severity: 'critical', namespace: 'raftkv', job: 'kv-raftkv', pod: 'kv-raftkv-0' },
                  exp_annotations: {
                    summary: 'raftkv pod kv-raftkv-0 knows no leader',
                    description: 'The pod has known no Raft leader for a minute: writes and linearizable reads through it fail. See docs/operations.md.',
                  },
                },
              ],
            },
            {
              eval_time: '90s',
              alertname: 'RaftkvLeaderCountNotOne',
              exp_alerts: [
                {
                  exp_labels: { severity: 'critical', namespace: 'raftkv', job: 'kv-raftkv' },
                  exp_annotations: {
                    summary: 'raftkv kv-raftkv has 0 leaders',
                    description: 'Exactly one pod should report raftkv_is_leader 1: none means no quorum, more means pods in different terms that do not hear each other.',
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'test.yaml'), stringify(test));
    const r = run('promtool', ['test', 'rules', join(dir, 'test.yaml')]);
    expect({ status: r.status, output: r.stdout + r.stderr }).toMatchObject({ status: 0 });
  });
});
