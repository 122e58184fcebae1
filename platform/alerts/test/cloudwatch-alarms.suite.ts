import { cloudWatchAlarmsArtifact, CLOUDWATCH_ALARMS_FILE } from '../../../clusters/render/components/cloudwatch-alarms-artifact';
import { forkFleetBuilder, testFleet } from '../../../clusters/test/support/test-fleet';
import { cloudWatchMetrics } from '../../grafana/metric-catalogue';
import { EXPORTER_MODELS } from '../../grafana/exporter-models/exporter-models';
import { CloudWatchMetricDeclaration } from '../../telemetry/cloudwatch-metrics';
import { metricsCollectorConfig } from '../../telemetry/metrics-collector';
import { ALERTS_CONFIG, durationSeconds } from '../alerts-config';
import {
  CLOUDWATCH_EQUIVALENTS,
  cloudWatchAlarms,
  cloudWatchCoverage,
  errorLabelValues,
  METRICS_INSIGHTS_ALARM_WINDOW_SECONDS,
  metricsInsightsSql,
  UNMAPPED_ALERT_REASONS,
} from '../cloudwatch-alarms';
import { cloudWatchClusterNames, cloudWatchCoverageMarkdown, ruleFileAsIfOnAmp } from '../cloudwatch-coverage';
import { CLUSTER_ABSENT_ALERT } from '../meta-monitoring';
import { isAlertingRule, RuleFile } from '../rule-types';
import { sloRecordName } from '../slo-rules';

const fleet = forkFleetBuilder().build();
const [cluster] = cloudWatchClusterNames(fleet);
const ruleFile = ruleFileAsIfOnAmp(fleet);
const alertNames = [...new Set(ruleFile.groups.flatMap((group) => group.rules).filter(isAlertingRule).map((rule) => rule.alert))].sort();

/** What the rendered collector config of a CloudWatch cluster publishes: its EMF declarations over the exporter models. */
function publishedByRenderedCollector(clusterName: string) {
  const account = fleet.accounts[fleet.clusters[clusterName].account];
  const config = metricsCollectorConfig({ site: { clusterName, region: account.region, accountId: account.id }, sink: 'cloudwatch', memoryMiB: 512 });
  const emf = config.exporters.awsemf;
  if (!emf) throw new Error(`the metrics collector of CloudWatch cluster ${clusterName} has no awsemf exporter`);
  const declarations: CloudWatchMetricDeclaration[] = emf.metric_declarations.map((declaration) => ({
    dimensions: declaration.dimensions,
    metricNameSelectors: declaration.metric_name_selectors,
    labelMatchers: declaration.label_matchers?.map((matcher) => ({ labelNames: matcher.label_names, regex: matcher.regex })),
  }));
  const clusterNameAction = config.processors['attributes/cloudwatch']?.actions.find((action) => action.key === 'ClusterName');
  return { namespace: emf.namespace, metrics: cloudWatchMetrics(declarations), clusterNameValue: clusterNameAction?.value };
}

describe('CloudWatch alarms from the alert config', () => {
  test('every alert is either given CloudWatch alarms or listed as lacking, with a reason', () => {
    const coverage = cloudWatchCoverage(ruleFile);
    expect(coverage.map((entry) => entry.alert).sort()).toEqual(alertNames);
    for (const entry of coverage) {
      expect(entry.alarms.length > 0 || (entry.lacking ?? '').length > 0).toBe(true);
    }
    // Equivalents and hand-written reasons name alerts that exist, and a reason is only hand-written
    // where none can be computed (the alert reads nothing the path lacks).
    expect(alertNames).toEqual(expect.arrayContaining([...Object.keys(CLOUDWATCH_EQUIVALENTS), ...Object.keys(UNMAPPED_ALERT_REASONS)]));
    for (const alert of Object.keys(UNMAPPED_ALERT_REASONS)) {
      expect(coverage.find((entry) => entry.alert === alert)?.lacking).toBe(UNMAPPED_ALERT_REASONS[alert]);
    }
    // The generated listing holds every alert.
    const markdown = cloudWatchCoverageMarkdown(fleet);
    for (const alert of alertNames) expect(markdown).toContain(`| ${alert} |`);
  });

  test('an alert reading only published metrics without an equivalent or a reason fails the render', () => {
    const extra: RuleFile = {
      groups: [
        ...ruleFile.groups,
        { name: 'extra', interval: '1m', rules: [{ alert: 'Ho11yTrafficStopped', expr: 'sum(rate(ho11y_total[5m])) == 0', for: '5m', labels: { severity: 'warning' }, annotations: { summary: 's', description: 'd', runbook_url: 'u' } }] },
      ],
    };
    expect(() => cloudWatchCoverage(extra)).toThrow(/Ho11yTrafficStopped read only metrics the CloudWatch path publishes.*CLOUDWATCH_EQUIVALENTS/);
    // Reading an unpublished series (through a recording rule) is a computed reason instead.
    const unpublished: RuleFile = {
      groups: [
        ...ruleFile.groups,
        { name: 'extra', interval: '1m', rules: [{ record: 'cluster:up:sum', expr: 'sum by (cluster) (up)' }, { alert: 'NothingUp', expr: 'cluster:up:sum == 0', for: '5m', labels: { severity: 'warning' }, annotations: { summary: 's', description: 'd', runbook_url: 'u' } }] },
      ],
    };
    expect(cloudWatchCoverage(unpublished).find((entry) => entry.alert === 'NothingUp')?.lacking).toBe('reads up, not published on the CloudWatch path');
  });

  test('each alarm queries a metric and dimension set the rendered CloudWatch collector config publishes', () => {
    const rendered = publishedByRenderedCollector(cluster);
    expect(rendered.clusterNameValue).toBe(cluster);
    const alarms = cloudWatchAlarms(cluster);
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      for (const condition of alarm.conditions) {
        for (const query of Object.values(condition.queries)) {
          const metric = rendered.metrics.find((candidate) => candidate.name === query.metricName);
          expect({ alarm: alarm.name, metric: query.metricName, published: metric !== undefined }).toEqual({ alarm: alarm.name, metric: query.metricName, published: true });
          const sets = (metric?.dimensionSets ?? []).map((set) => [...set].sort().join(','));
          expect(sets).toContain([...query.dimensions].sort().join(','));
          expect(query.dimensions).toEqual(expect.arrayContaining(Object.keys(query.where)));
          // Every query is scoped to the cluster, by the value the collector writes.
          expect(query.where.ClusterName).toEqual([rendered.clusterNameValue]);
          expect(metricsInsightsSql(query)).toContain(`FROM SCHEMA("${rendered.namespace}", `);
        }
      }
    }
  });

  test('the error filter takes the failing status codes from the exporter model', () => {
    const slo = ALERTS_CONFIG.slos.availability;
    const { label, values } = errorLabelValues(slo);
    const family = EXPORTER_MODELS.flatMap((model) => model.families).find((candidate) => candidate.name === slo.requests.metric);
    const modelled = family?.labels[label];
    expect(Array.isArray(modelled) && modelled.filter((value) => value.startsWith('5'))).toEqual(values);
    // ho11y's injected failures are 5xx, so the alarm has something to count.
    expect(values.length).toBeGreaterThan(0);
  });

  test('alarms are valid CloudWatch alarms within the Metrics Insights limits and read the config', () => {
    const alarms = cloudWatchAlarms(cluster);
    expect(new Set(alarms.map((alarm) => alarm.name)).size).toBe(alarms.length);
    for (const alarm of alarms) {
      for (const condition of alarm.conditions) {
        expect(condition.periodSeconds % 60).toBe(0);
        expect(condition.periodSeconds * condition.evaluationPeriods).toBeLessThanOrEqual(METRICS_INSIGHTS_ALARM_WINDOW_SECONDS);
        expect(condition.datapointsToAlarm).toBeLessThanOrEqual(condition.evaluationPeriods);
        expect(`${cluster}-${alarm.name}-${condition.name}`.length).toBeLessThanOrEqual(255);
      }
    }
    // The dead-collector alarm: missing data is the failure; its window is the AMP alert's `for`.
    const absent = alarms.find((alarm) => alarm.alert === CLUSTER_ABSENT_ALERT);
    expect(absent?.conditions).toHaveLength(1);
    const [condition] = absent?.conditions ?? [];
    expect(condition.treatMissingData).toBe('breaching');
    expect(condition.periodSeconds * condition.evaluationPeriods).toBe(durationSeconds(ALERTS_CONFIG.metaMonitoring.absentFor));
  });

  test('burn-rate alarms use the windows and thresholds of the AMP rule of the same alert and severity', () => {
    const slo = ALERTS_CONFIG.slos.availability;
    const burns = cloudWatchAlarms(cluster).filter((alarm) => alarm.alert !== CLUSTER_ABSENT_ALERT);
    expect(burns.length).toBeGreaterThan(0);
    const ampRules = ruleFile.groups.flatMap((group) => group.rules).filter(isAlertingRule);
    for (const alarm of burns) {
      const rule = ampRules.find((candidate) => candidate.alert === alarm.alert && candidate.labels.severity === alarm.severity);
      expect(rule).toBeDefined();
      for (const condition of alarm.conditions) {
        // The AMP rule compares the recorded ratio over this window with the same threshold.
        expect(rule?.expr).toContain(`${sloRecordName(slo, condition.name)} > ${condition.threshold}`);
        expect(condition.periodSeconds).toBe(durationSeconds(condition.name));
      }
    }
  });

  test('the listing is rendered only for a fleet with CloudWatch clusters', () => {
    const ampOnly = testFleet((input) => {
      input.clusters.prod2.metrics.sink = 'amp';
    });
    expect(cloudWatchClusterNames(ampOnly)).toEqual([]);
    expect(cloudWatchAlarmsArtifact.render(ampOnly)).toEqual([]);
    expect(cloudWatchAlarmsArtifact.render(fleet).map((file) => file.path)).toEqual([CLOUDWATCH_ALARMS_FILE]);
  });
});
