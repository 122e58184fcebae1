import type { ScrapeJob } from '../../telemetry/scrape-jobs';

/**
 * A typed model of what one scrape target kind really exposes, at the version this repository
 * pins: family names as they reach AMP, their types, their label names (with the value sets where
 * the exporter fixes them), histogram bucket bounds and summary quantiles. Rule tests generate
 * their input series from these models, and every rule and panel query is checked against them,
 * so a query naming a metric, label, label value or bucket bound nothing emits fails the tests.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** Values a label takes: a fixed set the exporter chooses from, or `any` (names, addresses, ...). */
export type LabelValues = readonly string[] | 'any';

export interface MetricFamilyModel {
  /** Family name in AMP (counters with `_total`; histograms and summaries without `_bucket`/`_sum`/`_count`). */
  readonly name: string;
  readonly type: MetricType;
  /** Labels the exporter sets on the family (not the scrape's target labels). */
  readonly labels: Readonly<Record<string, LabelValues>>;
  /** Finite upper bounds of a histogram's buckets (`+Inf` is implied). */
  readonly buckets?: readonly number[];
  /** Quantiles of a summary; empty when the summary has none (only `_sum` and `_count`). */
  readonly quantiles?: readonly number[];
}

export interface ExporterModel {
  /** The `job` label of the scrape job reading this target kind. */
  readonly job: ScrapeJob;
  /** Target labels with one fixed value for this model (e.g. `metrics_path` of the kubelet's two paths). */
  readonly fixedLabels?: Readonly<Record<string, string>>;
  /** Further labels the scrape job's relabeling puts on every series (`instance`, `namespace`, ...). */
  readonly targetLabels: readonly string[];
  /** Where the facts come from: repository, tag and file. */
  readonly source: string;
  readonly families: readonly MetricFamilyModel[];
}

export const counter = (name: string, labels: MetricFamilyModel['labels'] = {}): MetricFamilyModel => ({ name, type: 'counter', labels });
export const gauge = (name: string, labels: MetricFamilyModel['labels'] = {}): MetricFamilyModel => ({ name, type: 'gauge', labels });
export const histogram = (name: string, buckets: readonly number[], labels: MetricFamilyModel['labels'] = {}): MetricFamilyModel => ({ name, type: 'histogram', labels, buckets });
export const summary = (name: string, quantiles: readonly number[], labels: MetricFamilyModel['labels'] = {}): MetricFamilyModel => ({ name, type: 'summary', labels, quantiles });

/**
 * client_golang's `prometheus.ExponentialBuckets(start, factor, count)`, multiplied step by step as
 * Go does, so a factor such as 2.5 gives Go's bounds to the last bit.
 */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  const buckets: number[] = [];
  for (let bound = start; buckets.length < count; bound *= factor) buckets.push(bound);
  return buckets;
}

/** client_golang's `prometheus.LinearBuckets(start, width, count)`. */
export function linearBuckets(start: number, width: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => start + width * index);
}

/**
 * A bucket bound as it reaches AMP: the prometheusremotewrite exporter writes `le` with Go's
 * shortest decimal form (`strconv.FormatFloat(bound, 'f', -1, 64)`), e.g. `0.0512`, `1`, `-0.5`.
 * JavaScript's shortest round-trip form matches it for bounds without an exponent.
 */
export function formatBound(bound: number): string {
  if (!Number.isFinite(bound)) return '+Inf';
  const text = String(bound);
  if (/e/i.test(text)) throw new Error(`Bucket bound ${text} needs an exponent; write it out in the model.`);
  return text;
}

/** Series the Prometheus receiver adds for every target of every job. */
export const SCRAPE_FAMILIES: readonly MetricFamilyModel[] = [gauge('up', {}), gauge('scrape_duration_seconds'), gauge('scrape_samples_scraped')];

/**
 * Labels every series carries after the metrics collector, whatever job scraped it
 * (`platform/telemetry/scrape-jobs.ts`, CLUSTER_IDENTITY_LABELS), plus `job` itself.
 */
export const COLLECTOR_LABELS: readonly string[] = ['job', 'cluster', 'region', 'account_id'];
