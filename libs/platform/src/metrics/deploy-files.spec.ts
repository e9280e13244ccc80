import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Metrics } from './metrics';

/*
 * The Grafana dashboard and the Prometheus alert rules shipped in deploy/ name only metrics a
 * Duban process exports: renaming an instrument without them fails here, not on a night shift.
 */
const ROOT = join(__dirname, '..', '..', '..', '..');

async function exported(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const metric of await new Metrics('test').registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) names.add(`${metric.name}${suffix}`);
  }
  return names;
}

/** Metric names in a PromQL expression: Duban's own, the HTTP histogram and Node's process metrics. */
const metricNames = (expr: string) => [...expr.matchAll(/\b(?:duban|http|process|nodejs)_[a-z0-9_]+\b/g)].map((m) => m[0]);

describe('deploy/ files', () => {
  it('the Grafana dashboard queries only exported metrics, in every panel', async () => {
    const names = await exported();
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/duban.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of dashboard.panels) {
      const used = panel.targets.flatMap((t) => metricNames(t.expr));
      expect({ panel: panel.title, used: used.length > 0 }).toEqual({ panel: panel.title, used: true });
      expect({ panel: panel.title, unknown: used.filter((n) => !names.has(n)) }).toEqual({ panel: panel.title, unknown: [] });
    }
  });

  it('the alert rules cover late steps, failed deliveries, a queue without consumer, a missing tick and an unused replica, on exported metrics', async () => {
    const names = await exported();
    const rules = (parse(readFileSync(join(ROOT, 'deploy/prometheus/alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap(
      (g) => g.rules,
    );
    expect(rules.map((r) => r.alert)).toEqual(['DubanStepsLate', 'DubanDeliveriesFailing', 'DubanQueueWithoutConsumer', 'DubanTickNotSeen', 'DubanReplicaNotUsed']);
    for (const rule of rules) {
      expect({ alert: rule.alert, unknown: metricNames(rule.expr).filter((n) => !names.has(n)) }).toEqual({ alert: rule.alert, unknown: [] });
    }
  });
});
