import { formatBound } from '../grafana/exporter-models/exporter-model';
import { EXPORTER_MODELS } from '../grafana/exporter-models/exporter-models';
import { selector } from '../grafana/selectors';
import { AvailabilitySloConfig, BURN_RATE_ALERTS, BurnRateWindow, LatencySloConfig, sloWindows } from './alerts-config';
import { AlertingRule, RecordingRule } from './rule-types';

export type Slo = AvailabilitySloConfig | LatencySloConfig;

/**
 * Recording and alerting rules of one SLO: the ratio of bad events over every window the burn-rate
 * alerts need, recorded once, and a multi-window multi-burn-rate alert per severity.
 */

/** Name of the recorded bad-event ratio over `window`, e.g. `cluster_namespace:ho11y_availability_errors:ratio_rate5m`. */
export function sloRecordName(slo: Slo, window: string): string {
  return `${slo.groupBy.join('_')}:${slo.name}_errors:ratio_rate${window}`;
}

/** Alert name of the SLO's burn-rate alerts (one per severity). */
export function sloAlertName(slo: Slo): string {
  return `${slo.alertName}ErrorBudgetBurn`;
}

/** Sustainable error rate: the share of events the objective allows to be bad. */
export function errorBudget(slo: Slo): number {
  return round(1 - slo.objective);
}

/**
 * `le` matcher for the latency threshold, written as the exporter's bound reaches AMP. Refuses a
 * threshold that is not a bucket bound of the histogram's model: no series would match it.
 */
export function bucketBoundMatcher(slo: LatencySloConfig): string {
  const family = EXPORTER_MODELS.flatMap((model) => model.families).find((candidate) => candidate.name === slo.histogram.metric && candidate.type === 'histogram');
  const bounds = family?.buckets ?? [];
  if (!bounds.includes(slo.thresholdSeconds)) {
    throw new Error(
      `SLO ${slo.name}: thresholdSeconds ${slo.thresholdSeconds} is not a bucket bound of ${slo.histogram.metric} ` +
        `(bounds: ${bounds.map(formatBound).join(', ') || 'none modelled'}); pick one of them in platform/alerts/alerts-config.ts.`,
    );
  }
  return `le="${formatBound(slo.thresholdSeconds)}"`;
}

function badRatio(slo: Slo, window: string): string {
  const by = `sum by (${slo.groupBy.join(', ')})`;
  if (slo.kind === 'availability') {
    const { metric, selector: matchers } = slo.requests;
    return `${by} (rate(${metric}${selector(matchers, slo.errorMatcher)}[${window}])) / ${by} (rate(${metric}${selector(matchers)}[${window}]))`;
  }
  const { metric, selector: matchers } = slo.histogram;
  return `1 - (${by} (rate(${metric}_bucket${selector(matchers, bucketBoundMatcher(slo))}[${window}])) / ${by} (rate(${metric}_count${selector(matchers)}[${window}])))`;
}

export function sloRecordingRules(slo: Slo): RecordingRule[] {
  return sloWindows().map((window) => ({ record: sloRecordName(slo, window), expr: badRatio(slo, window) }));
}

/** Bad-event ratio above which a window burns the budget `window.burnRate` times too fast. */
export function burnRateThreshold(slo: Slo, window: BurnRateWindow): number {
  return round(window.burnRate * errorBudget(slo));
}

function windowCondition(slo: Slo, window: BurnRateWindow): string {
  const threshold = burnRateThreshold(slo, window);
  return `(${sloRecordName(slo, window.long)} > ${threshold} and ${sloRecordName(slo, window.short)} > ${threshold})`;
}

export function sloAlertingRules(slo: Slo, runbookUrl: string): AlertingRule[] {
  const labels = slo.groupBy.map((label) => `${label} {{ $labels.${label} }}`).join(', ');
  return BURN_RATE_ALERTS.map((alert) => ({
    alert: sloAlertName(slo),
    expr: alert.windows.map((window) => windowCondition(slo, window)).join(' or '),
    for: alert.for,
    labels: { severity: alert.severity, slo: slo.name },
    annotations: {
      summary: `${slo.alertName} SLO: error budget burning ${alert.severity === 'critical' ? 'fast' : 'steadily'}.`,
      description:
        `In ${labels}, ${slo.badEvents} exceed ${alert.windows.map((window) => `${window.burnRate}x the budget over ${window.long}`).join(' or ')} ` +
        `(objective ${round(slo.objective * 100)}%). At this rate the 30-day error budget runs out early.`,
      runbook_url: runbookUrl,
    },
  }));
}

/** Rounds away floating-point noise (1 - 0.99 = 0.010000000000000009). */
function round(value: number): number {
  return Number(value.toPrecision(12));
}
