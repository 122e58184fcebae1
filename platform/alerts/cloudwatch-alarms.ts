import { parser } from '@prometheus-io/lezer-promql';
import { Memo } from '../../clusters/bundle/memo';
import { EXPORTER_MODELS } from '../grafana/exporter-models/exporter-models';
import { cloudWatchMetrics } from '../grafana/metric-catalogue';
import { CLOUDWATCH_DIMENSION_LABELS, CLOUDWATCH_METRICS_NAMESPACE } from '../telemetry/cloudwatch-metrics';
import { ALERTS_CONFIG, BURN_RATE_ALERTS, durationSeconds } from './alerts-config';
import { CLUSTER_ABSENT_ALERT, WATCHDOG_ALERT } from './meta-monitoring';
import { AlertingRule, isAlertingRule, RuleFile, Severity } from './rule-types';
import { burnRateThreshold, sloAlertName } from './slo-rules';

/**
 * The CloudWatch-path equivalents of the AMP alerts: for a cluster whose metrics go to CloudWatch
 * (`metrics.sink: cloudwatch`), the alarms the AWS layer creates in its account and region, built
 * from the same config (`alerts-config.ts`) and linking the same runbooks. An alert gets an
 * equivalent only where the metrics it reads are published on that path; every other alert is
 * listed as lacking, with the reason computed from what the collector publishes
 * (`cloudWatchCoverage`).
 *
 * Alarms query with CloudWatch Metrics Insights (`SELECT ... FROM SCHEMA(...)`): the EMF dimension
 * values of pods and services exist only at run time, and a query aggregates over them. Metrics
 * Insights alarms evaluate the most recent 3 hours only, filter dimensions by exact value, and
 * aggregate a window as one period-aligned bucket (not a sliding window).
 */

/** The longest window a Metrics Insights alarm can evaluate. */
export const METRICS_INSIGHTS_ALARM_WINDOW_SECONDS = 3 * 3600;

export type MetricsInsightsFunction = 'AVG' | 'COUNT' | 'MAX' | 'MIN' | 'SUM';

/** One Metrics Insights query over the EMF namespace. */
export interface MetricsInsightsQuery {
  readonly function: MetricsInsightsFunction;
  readonly metricName: string;
  /** The exact dimension set (`SCHEMA`): only metrics published with exactly these dimensions match. */
  readonly dimensions: readonly string[];
  /** Per dimension, the values that match (`=` joined with `OR`); dimensions are joined with `AND`. */
  readonly where: Readonly<Record<string, readonly string[]>>;
}

/** CloudFormation's spelling of the comparison operators the equivalents use. */
export type AlarmComparison = 'GreaterThanThreshold' | 'LessThanThreshold';

/** CloudFormation's `TreatMissingData`. */
export type MissingData = 'breaching' | 'notBreaching';

/** One metric alarm: the queries, the expression over them, and when it is in alarm. */
export interface CloudWatchAlarmCondition {
  /** Suffix of the alarm name, e.g. `1h`. */
  readonly name: string;
  /** Queries by id (lower camel case, as metric math ids must be). */
  readonly queries: Readonly<Record<string, MetricsInsightsQuery>>;
  /** Metric math over the query ids; absent when there is one query, which the alarm watches as it is. */
  readonly expression?: string;
  readonly periodSeconds: number;
  readonly comparison: AlarmComparison;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: MissingData;
}

/** One alarm of a cluster standing for (part of) an AMP alert. */
export interface CloudWatchAlarmSpec {
  /** The AMP alert it stands for; its runbook is the alarm's. */
  readonly alert: string;
  /** Alarm name after the `<cluster>-` prefix. */
  readonly name: string;
  readonly severity: Severity;
  /** One line for the alarm description, before the runbook link. */
  readonly summary: string;
  /** In alarm when every condition is (one metric alarm, or a composite alarm over several). */
  readonly conditions: readonly CloudWatchAlarmCondition[];
}

/** An AMP alert's equivalent on the CloudWatch path. */
export interface CloudWatchEquivalent {
  readonly alarms: (cluster: string) => CloudWatchAlarmSpec[];
  /** What of the AMP alert the alarms leave out; absent when they cover it whole. */
  readonly notCovered?: string;
}

const { clusterName: CLUSTER_DIMENSION, namespace: NAMESPACE_DIMENSION, service: SERVICE_DIMENSION } = CLOUDWATCH_DIMENSION_LABELS;

/** The metric whose absence means the collector is down: cAdvisor's per-pod memory, present on every cluster. */
export const PRESENCE_METRIC = 'container_memory_working_set_bytes';
const PRESENCE_DIMENSIONS = [CLUSTER_DIMENSION, NAMESPACE_DIMENSION.label, 'pod'] as const;

function clusterAbsent(cluster: string): CloudWatchAlarmSpec[] {
  const absentSeconds = durationSeconds(ALERTS_CONFIG.metaMonitoring.absentFor);
  return [
    {
      alert: CLUSTER_ABSENT_ALERT,
      name: CLUSTER_ABSENT_ALERT,
      severity: 'critical',
      summary: `Cluster ${cluster} has published no metrics to CloudWatch for ${ALERTS_CONFIG.metaMonitoring.absentFor}: its metrics collector is down or cannot write, and every other alarm about it is silent.`,
      conditions: [
        {
          name: 'samples',
          queries: { samples: { function: 'COUNT', metricName: PRESENCE_METRIC, dimensions: PRESENCE_DIMENSIONS, where: { [CLUSTER_DIMENSION]: [cluster] } } },
          periodSeconds: 60,
          comparison: 'LessThanThreshold',
          threshold: 1,
          evaluationPeriods: absentSeconds / 60,
          datapointsToAlarm: absentSeconds / 60,
          // No data at all is the failure this alarm exists for.
          treatMissingData: 'breaching',
        },
      ],
    },
  ];
}

const AVAILABILITY = ALERTS_CONFIG.slos.availability;

/** Values of the SLO's error label that its matcher selects, from the exporter model (no hand list). */
export function errorLabelValues(slo: typeof AVAILABILITY): { readonly label: string; readonly values: string[] } {
  const match = /^(\w+)=~"(.+)"$/.exec(slo.errorMatcher);
  if (!match) throw new Error(`SLO ${slo.name}: errorMatcher ${slo.errorMatcher} is not of the form label=~"regex"; write it so in platform/alerts/alerts-config.ts.`);
  const [, label, regex] = match;
  const family = EXPORTER_MODELS.flatMap((model) => model.families).find((candidate) => candidate.name === slo.requests.metric);
  const known = family?.labels[label];
  if (!Array.isArray(known)) throw new Error(`SLO ${slo.name}: the exporter model of ${slo.requests.metric} fixes no values of label ${label}, so the CloudWatch alarm cannot list them.`);
  const anchored = new RegExp(`^(?:${regex})$`);
  return { label, values: known.filter((value) => anchored.test(value)) };
}

/** Burn-rate window pairs short enough for a Metrics Insights alarm, and the rest. */
function windowPairs() {
  const pairs = BURN_RATE_ALERTS.flatMap((alert) => alert.windows.map((window) => ({ severity: alert.severity, window })));
  const fits = (pair: (typeof pairs)[number]) => durationSeconds(pair.window.long) <= METRICS_INSIGHTS_ALARM_WINDOW_SECONDS;
  return { alarmed: pairs.filter(fits), left: pairs.filter((pair) => !fits(pair)) };
}

function availabilityBurn(cluster: string): CloudWatchAlarmSpec[] {
  const slo = AVAILABILITY;
  const errors = errorLabelValues(slo);
  const requests = (where: Record<string, readonly string[]>, dimensions: readonly string[]): MetricsInsightsQuery => ({
    function: 'SUM',
    metricName: slo.requests.metric,
    dimensions,
    where: { [CLUSTER_DIMENSION]: [cluster], ...where },
  });
  const serviceDimensions = [CLUSTER_DIMENSION, NAMESPACE_DIMENSION.label, SERVICE_DIMENSION.label];
  return windowPairs().alarmed.map(({ severity, window }) => ({
    alert: sloAlertName(slo),
    name: `${sloAlertName(slo)}-${severity}-${window.long}`,
    severity,
    summary:
      `In cluster ${cluster}, ${slo.badEvents} exceed ${window.burnRate}x the error budget over ${window.long} and ${window.short} ` +
      `(objective ${Number((slo.objective * 100).toPrecision(12))}%).`,
    conditions: [window.long, window.short].map((length) => ({
      name: length,
      queries: {
        errors: requests({ [errors.label]: errors.values }, [...serviceDimensions, errors.label]),
        requests: requests({}, serviceDimensions),
      },
      expression: 'errors / requests',
      periodSeconds: durationSeconds(length),
      comparison: 'GreaterThanThreshold',
      threshold: burnRateThreshold(slo, window),
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // No requests: nothing burns.
      treatMissingData: 'notBreaching',
    })),
  }));
}

/** The alerts with a CloudWatch-path equivalent. */
export const CLOUDWATCH_EQUIVALENTS: Readonly<Record<string, CloudWatchEquivalent>> = {
  [CLUSTER_ABSENT_ALERT]: { alarms: clusterAbsent },
  [sloAlertName(AVAILABILITY)]: {
    alarms: availabilityBurn,
    notCovered:
      `the ${windowPairs()
        .left.map(({ severity, window }) => `${severity} ${window.long}/${window.short}`)
        .join(', ')} window pairs (Metrics Insights alarms read the last 3 hours only); ` +
      `measured per cluster, not per namespace; each window is one period-aligned bucket`,
  },
};

/**
 * Alerts whose metrics the CloudWatch path does publish but that have no equivalent, with why.
 * Alerts reading metrics the path does not publish need no entry: their reason is computed.
 */
export const UNMAPPED_ALERT_REASONS: Readonly<Record<string, string>> = {
  [WATCHDOG_ALERT]:
    'it proves that AMP evaluates rules and delivers notifications; a CloudWatch alarm notifies only when its state changes, so an always-firing one sends no heartbeat (a collector that stops is caught by ClusterMetricsAbsent)',
};

/** Every alarm of one CloudWatch cluster. */
export function cloudWatchAlarms(cluster: string): CloudWatchAlarmSpec[] {
  return Object.values(CLOUDWATCH_EQUIVALENTS).flatMap((equivalent) => equivalent.alarms(cluster));
}

/** `SELECT SUM(m) FROM SCHEMA("ns", A, B) WHERE A = 'x' AND (B = 'y' OR B = 'z')`. */
export function metricsInsightsSql(query: MetricsInsightsQuery): string {
  const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
  const conditions = Object.entries(query.where).map(([dimension, values]) => {
    if (values.length === 0) throw new Error(`Metrics Insights query on ${query.metricName}: no value for dimension ${dimension}.`);
    const terms = values.map((value) => `${dimension} = ${quote(value)}`);
    return terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`;
  });
  const schema = [`"${CLOUDWATCH_METRICS_NAMESPACE}"`, ...query.dimensions].join(', ');
  return `SELECT ${query.function}(${query.metricName}) FROM SCHEMA(${schema})${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
}

/** An AMP alert and what a CloudWatch cluster gets for it. */
export interface AlertCoverage {
  readonly alert: string;
  /** Alarm names (after `<cluster>-`) standing for it; empty when the cluster lacks it. */
  readonly alarms: readonly string[];
  /** Why the cluster lacks it, or what of it the alarms leave out; absent when covered whole. */
  readonly lacking?: string;
}

/**
 * Metric names by expression. Parsing is a tenth of a render (the parser's first expressions run
 * cold), so `npm run synth` keeps them for its next run (clusters/bundle/memo.ts).
 */
const selected = new Memo<string[]>('promql-metrics', (value): value is string[] => Array.isArray(value) && value.every((name) => typeof name === 'string'), 10_000);

/** Metric names every vector selector of a PromQL expression reads. */
function selectedMetrics(expression: string): string[] {
  let names = selected.get(expression);
  if (!names) {
    names = parsedMetrics(expression);
    selected.set(expression, names);
  }
  return names;
}

function parsedMetrics(expression: string): string[] {
  const names: string[] = [];
  const cursor = parser.parse(expression).cursor();
  do {
    if (cursor.name === 'VectorSelector') {
      const identifier = cursor.node.getChild('Identifier');
      if (identifier) names.push(expression.slice(identifier.from, identifier.to));
    }
  } while (cursor.next());
  return names;
}

/**
 * For every alert of an AMP rule file, the alarms a CloudWatch cluster gets for it or why it lacks
 * it: the scraped series the alert reads (through recording rules) that the CloudWatch path does
 * not publish (`cloudWatchMetrics`: the collector's metric declarations over the exporter models).
 * Throws when an alert reads only published metrics yet has neither an equivalent nor a reason.
 */
export function cloudWatchCoverage(rules: RuleFile, published: ReadonlySet<string> = new Set(cloudWatchMetrics().map((metric) => metric.name))): AlertCoverage[] {
  const all = rules.groups.flatMap((group) => group.rules);
  const recorded = new Map<string, string>();
  for (const rule of all) if (!isAlertingRule(rule)) recorded.set(rule.record, rule.expr);
  const sources = (expression: string, seen: Set<string> = new Set()): string[] =>
    selectedMetrics(expression).flatMap((name) => {
      const definition = recorded.get(name);
      if (definition === undefined) return [name];
      if (seen.has(name)) return [];
      seen.add(name);
      return sources(definition, seen);
    });
  const byAlert = new Map<string, AlertingRule[]>();
  for (const rule of all.filter(isAlertingRule)) byAlert.set(rule.alert, [...(byAlert.get(rule.alert) ?? []), rule]);

  const missingReason: string[] = [];
  const coverage = [...byAlert.entries()].map(([alert, alertRules]): AlertCoverage => {
    const equivalent = CLOUDWATCH_EQUIVALENTS[alert];
    if (equivalent) {
      return { alert, alarms: equivalent.alarms('<cluster>').map((alarm) => alarm.name), ...(equivalent.notCovered ? { lacking: equivalent.notCovered } : {}) };
    }
    const unpublished = [...new Set(alertRules.flatMap((rule) => sources(rule.expr)).filter((name) => !published.has(name)))].sort();
    const reason = unpublished.length > 0 ? `reads ${unpublished.join(', ')}, not published on the CloudWatch path` : UNMAPPED_ALERT_REASONS[alert];
    if (reason === undefined) missingReason.push(alert);
    return { alert, alarms: [], lacking: reason };
  });
  if (missingReason.length > 0) {
    throw new Error(
      `Alert(s) ${missingReason.join(', ')} read only metrics the CloudWatch path publishes but have no CloudWatch equivalent: ` +
        'add one to CLOUDWATCH_EQUIVALENTS, or the reason there is none to UNMAPPED_ALERT_REASONS, in platform/alerts/cloudwatch-alarms.ts.',
    );
  }
  return coverage.sort((a, b) => a.alert.localeCompare(b.alert));
}
