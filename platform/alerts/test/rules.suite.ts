import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { ampRulesArtifact, AMP_RULES_FILE } from '../../../clusters/render/components/amp-rules-artifact';
import { fleetDashboards, dashboardJson } from '../../grafana/dashboards/fleet-dashboards';
import { ampSeriesNames } from '../../grafana/metric-catalogue';
import { exampleFleet } from '../../grafana/test/fixtures';
import { parsePromql } from '../../grafana/test/promql';
import { ampRuleFile } from '../rule-file';
import { AlertingRule, isAlertingRule, RecordingRule, Rule, RuleFile } from '../rule-types';
import { runbookFileName, runbookUrl, RUNBOOKS_FOLDER } from '../runbook-url';
import { ampClusters } from '../meta-monitoring';
import { modelProblems } from '../../grafana/test/model-check';
import { clusterTargets, healthyPlatform, ho11ySeries, ho11yTraffic, targetsUp } from './example-cluster';
import { alertCases, AlertCase, RecordingCase, workloadPodCase } from './promtool-cases';

const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..');
const fleet = exampleFleet();
const ruleFile = ampRuleFile(fleet);
const rules: Rule[] = ruleFile.groups.flatMap((group) => [...group.rules]);
const alerts = rules.filter(isAlertingRule);
const recordings = rules.filter((rule): rule is RecordingRule => !isAlertingRule(rule));
const [cluster] = ampClusters(fleet);
const ALERT_CASES = alertCases(cluster);
/** Labels each recorded series carries: the grouping of its outer aggregation. */
const recordedLabels = new Map(recordings.map((rule) => [rule.record, (/by \(([^)]*)\)/.exec(rule.expr)?.[1] ?? '').split(',').map((label) => label.trim())]));

/** promtool comes with Debian's `prometheus` package; CI installs it, so its absence is a failure. */
function promtool(args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (result.error) {
    throw new Error(`promtool is not installed (${result.error.message}); install it with "apt-get install -y prometheus".`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * The rule file narrowed to one alert and the recording rules it reads, directly or through other
 * recordings, in their groups and order. promtool evaluates every rule of the file at every step
 * of a test; whether an alert fires depends only on these, so a case evaluates only them.
 */
function ruleFileFor(alert: string): RuleFile {
  const needed = new Set<string>();
  const pending = alerts.filter((rule) => rule.alert === alert).map((rule) => rule.expr);
  for (let expr = pending.pop(); expr !== undefined; expr = pending.pop()) {
    for (const name of parsePromql(expr).metricNames) {
      if (needed.has(name)) continue;
      needed.add(name);
      pending.push(...recordings.filter((rule) => rule.record === name).map((rule) => rule.expr));
    }
  }
  const kept = (rule: Rule) => (isAlertingRule(rule) ? rule.alert === alert : needed.has(rule.record));
  return { groups: ruleFile.groups.map((group) => ({ ...group, rules: group.rules.filter(kept) })).filter((group) => group.rules.length > 0) };
}

function withRuleFile<T>(body: (folder: string) => T): T {
  const folder = mkdtempSync(join(tmpdir(), 'amp-rules-'));
  try {
    const [file] = ampRulesArtifact.render(fleet);
    writeFileSync(join(folder, 'rules.yaml'), file.content);
    return body(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** What Prometheus makes of `{{ $labels.name }}` in an annotation, for the expected alerts. */
function renderTemplate(text: string, labels: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, name: string) => labels[name] ?? '');
}

function ruleAnnotations(alertName: string): Record<string, string> {
  const rule = alerts.find((candidate) => candidate.alert === alertName);
  if (!rule) throw new Error(`No alert ${alertName}`);
  return { ...rule.annotations };
}

function alertTest(testCase: AlertCase) {
  // Rules generated per cluster and job carry those as labels: pick the one the case expects.
  const ruleFor = (labels: Readonly<Record<string, string>>, severity?: string): AlertingRule => {
    const matches = (candidate: AlertingRule) =>
      Object.entries(candidate.labels).every(([name, value]) => name === 'severity' || name === 'slo' || labels[name] === undefined || labels[name] === value);
    const rule = alerts.find((candidate) => candidate.alert === testCase.alert && (!severity || candidate.labels.severity === severity) && matches(candidate));
    if (!rule) throw new Error(`No alert ${testCase.alert}${severity ? ` with severity ${severity}` : ''} in the rule file.`);
    return rule;
  };
  return {
    interval: '1m',
    input_series: testCase.series.map(({ series, values }) => ({ series, values })),
    alert_rule_test: [
      {
        eval_time: testCase.evalTime,
        alertname: testCase.alert,
        exp_alerts: testCase.firing.map((labels, index) => {
          const rule = ruleFor(labels, testCase.severities?.[index]);
          const annotations = Object.fromEntries(Object.entries(rule.annotations).map(([key, value]) => [key, renderTemplate(value, labels)]));
          return { exp_labels: { ...labels, ...rule.labels }, exp_annotations: annotations };
        }),
      },
    ],
  };
}

/** A promtool test of a recording rule's output (promtool labels the expected series in PromQL selector form). */
function recordingTest(testCase: RecordingCase) {
  const selectorOf = ({ __name__: name, ...labels }: Readonly<Record<string, string>>) =>
    `${name}{${Object.entries(labels).map(([key, value]) => `${key}="${value}"`).join(', ')}}`;
  return {
    interval: '1m',
    input_series: testCase.series.map(({ series, values }) => ({ series, values })),
    promql_expr_test: [{ expr: testCase.expr, eval_time: testCase.evalTime, exp_samples: testCase.expected.map(({ labels, value }) => ({ labels: selectorOf(labels), value })) }],
  };
}

describe('AMP rule file', () => {
  it('is rendered to dist/amp/rules.yaml, the path the AWS layer loads', () => {
    expect(ampRulesArtifact.render(fleet).map((file) => file.path)).toEqual([AMP_RULES_FILE]);
    expect(AMP_RULES_FILE).toBe('amp/rules.yaml');
  });

  it('passes promtool check rules', () => {
    withRuleFile((folder) => {
      const result = promtool(['check', 'rules', 'rules.yaml'], folder);
      expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    });
  });

  it('passes promtool test rules: every alert fires on bad series and stays quiet on healthy ones', () => {
    const names = [...new Set(alerts.map((alert) => alert.alert))];
    for (const name of names) {
      const cases = ALERT_CASES.filter((testCase) => testCase.alert === name);
      // The Watchdog has no quiet case: it fires whatever the series.
      const quietExpected = name !== 'Watchdog';
      expect({ name, fires: cases.some((c) => c.firing.length > 0), quiet: cases.some((c) => c.firing.length === 0) }).toEqual({ name, fires: true, quiet: quietExpected });
    }
    withRuleFile((folder) => {
      // One test file per alert, each with its own narrowed rule file; promtool runs them all.
      const testFiles = names.map((name, index) => {
        writeFileSync(join(folder, `rules-${index}.yaml`), stringify(ruleFileFor(name), { lineWidth: 0 }));
        const tests = ALERT_CASES.filter((testCase) => testCase.alert === name).map(alertTest);
        writeFileSync(join(folder, `tests-${index}.yaml`), stringify({ rule_files: [`rules-${index}.yaml`], evaluation_interval: '1m', tests }, { lineWidth: 0 }));
        return `tests-${index}.yaml`;
      });
      // The pod-to-workload recording, evaluated for a few minutes with the whole rule file.
      writeFileSync(join(folder, 'tests-recordings.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [recordingTest(workloadPodCase(cluster))] }, { lineWidth: 0 }));
      const result = promtool(['test', 'rules', ...testFiles, 'tests-recordings.yaml'], folder);
      expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    });
  });

  it('gives every alert for, severity, summary, description and a runbook_url to a runbook file in this repository', () => {
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.for).toMatch(/^\d+[smhd]$/);
      expect(alert.alert === 'Watchdog' ? ['none'] : ['critical', 'warning']).toContain(alert.labels.severity);
      expect(alert.annotations.summary.length).toBeGreaterThan(0);
      expect(alert.annotations.description.length).toBeGreaterThan(0);
      expect(alert.annotations.runbook_url).toBe(runbookUrl(fleet.repository, alert.alert));
      expect(alert.annotations.runbook_url.startsWith(fleet.repository.url.replace(/\.git$/, ''))).toBe(true);
      const file = join(REPOSITORY_ROOT, RUNBOOKS_FOLDER, runbookFileName(alert.alert));
      expect({ alert: alert.alert, runbookExists: existsSync(file) }).toEqual({ alert: alert.alert, runbookExists: true });
    }
  });

  it('names in runbooks only dashboards that are rendered', () => {
    const titles = new Set(fleetDashboards(fleet).map((rendered) => rendered.definition.title));
    const named = readdirSync(join(REPOSITORY_ROOT, RUNBOOKS_FOLDER)).flatMap((file) =>
      [...readFileSync(join(REPOSITORY_ROOT, RUNBOOKS_FOLDER, file), 'utf8').matchAll(/\*\*((?:Kubernetes|OpenTelemetry|ho11y) \/ [^*]+)\*\*/g)].map((match) => ({ file, title: match[1] })),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter(({ title }) => !titles.has(title))).toEqual([]);
  });

  it('has no runbook without an alert', () => {
    const used = new Set(alerts.map((alert) => runbookFileName(alert.alert)));
    expect(readdirSync(join(REPOSITORY_ROOT, RUNBOOKS_FOLDER)).filter((file) => !used.has(file))).toEqual([]);
  });

  it('builds runbook links from the fleet repository and revision', () => {
    const url = runbookUrl({ url: 'https://github.com/acme/observability.git', revision: 'v2' }, 'TargetDown');
    expect(url).toBe('https://github.com/acme/observability/blob/v2/platform/alerts/runbooks/target-down.md');
  });

  it('writes every expression so that it parses and reads only metrics the AMP path produces', () => {
    const produced = new Set([...ampSeriesNames().keys(), ...recordings.map((rule) => rule.record)]);
    for (const rule of rules) {
      const parsed = parsePromql(rule.expr);
      expect({ rule: 'alert' in rule ? rule.alert : rule.record, errors: parsed.errors, unproduced: parsed.metricNames.filter((name) => !produced.has(name)) }).toEqual({
        rule: 'alert' in rule ? rule.alert : rule.record,
        errors: [],
        unproduced: [],
      });
    }
  });

  it('reads only series, labels, label values and bucket bounds the exporter models produce', () => {
    for (const rule of rules) {
      const name = 'alert' in rule ? rule.alert : rule.record;
      expect({ rule: name, problems: modelProblems(rule.expr, recordedLabels) }).toEqual({ rule: name, problems: [] });
    }
    // The checker itself: a bound ho11y never declares, a label its counter lacks, a value it never sets.
    expect(modelProblems('ho11y_downstream_duration_seconds_bucket{le="1"}')).toHaveLength(1);
    expect(modelProblems('ho11y_total{exporter="x"}')).toHaveLength(1);
    expect(modelProblems('kube_pod_status_phase{phase="Evicted"}')).toHaveLength(1);
    expect(modelProblems('sum by (pod) (node_load1)')).toHaveLength(1);
  });

  it('feeds promtool only series generated from the exporter models', () => {
    const inputs = ALERT_CASES.flatMap((testCase) => testCase.series.map((series) => series.series));
    expect(inputs.length).toBeGreaterThan(100);
    expect(inputs.flatMap((series) => modelProblems(series))).toEqual([]);
  });

  it('stays quiet on a healthy cluster running the shipped example for 3 days (only the Watchdog fires)', () => {
    const minutes = 4380;
    const series = [
      ...healthyPlatform(clusterTargets(cluster), minutes),
      ...ho11ySeries(clusterTargets(cluster), ho11yTraffic(Math.round(fleet.clusters[cluster].loadGenerator.requestsPerSecond * 60)), minutes),
      ...ampClusters(fleet)
        .filter((other) => other !== cluster)
        .flatMap((other) => targetsUp(clusterTargets(other), minutes)),
    ];
    const names = [...new Set(alerts.map((alert) => alert.alert))];
    const test = {
      interval: '1m',
      input_series: series.map(({ series: selector, values }) => ({ series: selector, values })),
      alert_rule_test: names.map((name) => ({
        // promtool does not evaluate at the last step of a test; 72h sees full 3-day windows.
        eval_time: '72h',
        alertname: name,
        exp_alerts: name === 'Watchdog' ? [{ exp_labels: { severity: 'none' }, exp_annotations: ruleAnnotations('Watchdog') }] : [],
      })),
    };
    withRuleFile((folder) => {
      // Hourly evaluation keeps 3 days of 1-minute samples fast; every window still sees 1-minute data.
      writeFileSync(join(folder, 'tests.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1h', tests: [test] }, { lineWidth: 0 }));
      const result = promtool(['test', 'rules', 'tests.yaml'], folder);
      expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    });
  });

  it('ships every recording rule a dashboard reads', () => {
    const recorded = new Set(recordings.map((rule) => rule.record));
    const used = fleetDashboards(fleet)
      .flatMap((rendered) => [...dashboardJson(rendered).matchAll(/[a-z_]+:[a-z0-9_]+:[a-z0-9_]+/g)].map((match) => match[0]));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !recorded.has(name))).toEqual([]);
  });

  it('narrows the rule file of an alert case to the alert and every recording rule it reads', () => {
    const narrowed = ruleFileFor('Ho11yAvailabilityErrorBudgetBurn').groups.flatMap((group) => group.rules);
    expect(narrowed.filter(isAlertingRule).map((rule) => rule.alert)).toEqual(['Ho11yAvailabilityErrorBudgetBurn', 'Ho11yAvailabilityErrorBudgetBurn']);
    const read = new Set(narrowed.flatMap((rule) => parsePromql(rule.expr).metricNames));
    const recorded = narrowed.filter((rule): rule is RecordingRule => !isAlertingRule(rule)).map((rule) => rule.record);
    expect(recorded.length).toBeGreaterThan(0);
    expect(recordings.filter((rule) => read.has(rule.record)).map((rule) => rule.record)).toEqual(recorded);
    expect(ruleFileFor('TargetDown').groups.flatMap((group) => group.rules).filter((rule) => !isAlertingRule(rule))).toEqual([]);
  });

  it('keeps recording rules in groups before the alerts that read them', () => {
    const firstAlertGroup = ruleFile.groups.findIndex((group) => group.rules.some(isAlertingRule));
    const lastRecordingGroup = ruleFile.groups.map((group) => group.rules.some((rule) => !isAlertingRule(rule))).lastIndexOf(true);
    expect(lastRecordingGroup).toBeLessThan(firstAlertGroup);
  });
});
