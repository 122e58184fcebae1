import { CLOUDWATCH_METRIC_DECLARATIONS, CloudWatchMetricDeclaration } from '../telemetry/cloudwatch-metrics';
import { SCRAPE_JOBS, ScrapeJob } from '../telemetry/scrape-jobs';

import { EXPORTER_MODELS } from './exporter-models/exporter-models';
import { ExporterModel, MetricFamilyModel, MetricType, SCRAPE_FAMILIES } from './exporter-models/exporter-model';

/**
 * What each scrape job of the metrics collector produces, derived from the exporter models
 * (`exporter-models/`). Dashboards and rules may query only series, labels, label values and bucket
 * bounds these produce (tests enforce it), so a panel cannot silently show "No data" because it
 * asks for something nothing emits. Model a family when a collector starts scraping it and its
 * source says it exists, never to make a query pass.
 */
export type { MetricType };

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
}

/** Series the Prometheus receiver adds for every target of every job. */
export const SCRAPE_SERIES: readonly MetricFamily[] = SCRAPE_FAMILIES;

/** What each scrape job produces, by family: the union of the exporter models of its targets. */
export const METRIC_CATALOGUE: Readonly<Record<ScrapeJob, readonly MetricFamily[]>> = catalogue();

function catalogue(): Record<ScrapeJob, readonly MetricFamily[]> {
  const byJob = {} as Record<ScrapeJob, readonly MetricFamily[]>;
  for (const job of Object.values(SCRAPE_JOBS)) byJob[job] = EXPORTER_MODELS.filter((model) => model.job === job).flatMap((model) => model.families);
  return byJob;
}

/** One series name in AMP and what produces it. */
export interface ModelledSeries {
  readonly model: ExporterModel;
  readonly family: MetricFamilyModel;
  /** Which part of the family the name is: the value itself, or a histogram/summary part. */
  readonly part: 'value' | 'bucket' | 'sum' | 'count';
}

/** Every series name on the AMP path with the model(s) producing it (`up` comes from every model). */
export function modelledSeries(): ReadonlyMap<string, readonly ModelledSeries[]> {
  const byName = new Map<string, ModelledSeries[]>();
  const add = (name: string, entry: ModelledSeries) => byName.set(name, [...(byName.get(name) ?? []), entry]);
  for (const model of EXPORTER_MODELS) {
    for (const family of [...model.families, ...SCRAPE_FAMILIES]) {
      if (family.type === 'histogram') {
        add(`${family.name}_bucket`, { model, family, part: 'bucket' });
      } else {
        add(family.name, { model, family, part: 'value' });
      }
      if (family.type === 'histogram' || family.type === 'summary') {
        add(`${family.name}_sum`, { model, family, part: 'sum' });
        add(`${family.name}_count`, { model, family, part: 'count' });
      }
    }
  }
  return byName;
}

/** Series names a family exposes in the Prometheus data model. */
export function seriesNames(family: MetricFamily): string[] {
  switch (family.type) {
    case 'histogram':
      return [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`];
    case 'summary':
      return [family.name, `${family.name}_sum`, `${family.name}_count`];
    default:
      return [family.name];
  }
}

/** Every series name a job produces on the AMP path, including the receiver's own per-target series. */
export function jobSeriesNames(job: ScrapeJob): string[] {
  return [...METRIC_CATALOGUE[job], ...SCRAPE_SERIES].flatMap(seriesNames);
}

/** Every series name that reaches AMP, by name, with the jobs producing it. */
export function ampSeriesNames(): ReadonlyMap<string, readonly ScrapeJob[]> {
  const byName = new Map<string, ScrapeJob[]>();
  for (const job of Object.keys(METRIC_CATALOGUE) as ScrapeJob[]) {
    for (const name of jobSeriesNames(job)) byName.set(name, [...(byName.get(name) ?? []), job]);
  }
  return byName;
}

/** A metric the CloudWatch path publishes, with the dimension sets it can be queried by. */
export interface CloudWatchMetric {
  readonly name: string;
  readonly dimensionSets: readonly (readonly string[])[];
}

/**
 * Exactly what the EMF exporter turns into CloudWatch metrics: the scraped families that a
 * metric declaration selects, with that declaration's dimension sets. EMF publishes a family
 * under its own name (a histogram or summary as one statistic set of count, sum, min and max,
 * never as `_sum`/`_count`/`_bucket` series). Anything else stays in the log group and cannot
 * be graphed.
 */
export function cloudWatchMetrics(declarations: readonly CloudWatchMetricDeclaration[] = CLOUDWATCH_METRIC_DECLARATIONS): CloudWatchMetric[] {
  const names = [...new Set([...Object.values(METRIC_CATALOGUE).flat(), ...SCRAPE_SERIES].map((family) => family.name))].sort();
  const metrics = new Map<string, (readonly string[])[]>();
  for (const declaration of declarations) {
    const selectors = declaration.metricNameSelectors.map((selector) => new RegExp(selector));
    for (const name of names.filter((candidate) => selectors.some((selector) => selector.test(candidate)))) {
      metrics.set(name, [...(metrics.get(name) ?? []), ...declaration.dimensions]);
    }
  }
  return [...metrics.entries()].map(([name, dimensionSets]) => ({ name, dimensionSets }));
}
