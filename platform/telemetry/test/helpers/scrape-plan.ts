import { AttributeAction } from '../../../../charts/opentelemetry-collector-config';
import { ScrapeConfig } from '../../../../charts/prometheus-scrape-config';
import { ClusterObjects, discover } from './kubernetes-sd';
import { collectorExpand, distinctTargets, Labels, ScrapeTarget, scrapeTarget } from './relabel';
import { RenderedObject } from './rendered-cluster';

interface CollectorConfigShape {
  receivers: { prometheus?: { config: { scrape_configs: ScrapeConfig[] } } };
  processors: Record<string, { actions?: AttributeAction[] }>;
  service: { pipelines: Record<string, { processors: string[] }> };
}

export function collectorConfig(collector: RenderedObject): CollectorConfigShape {
  return (collector.spec as { config: CollectorConfigShape }).config;
}

/** The scrape configs as the collector reads them (after its `$$` unescaping). */
export function scrapeConfigsOf(collector: RenderedObject): ScrapeConfig[] {
  const prometheus = collectorConfig(collector).receivers.prometheus;
  if (!prometheus) throw new Error(`${collector.metadata.name} has no prometheus receiver`);
  return collectorExpand(prometheus.config.scrape_configs);
}

/** Every target the scrape configs keep over `objects`, collapsed per job as Prometheus does. */
export function scrapeTargets(configs: readonly ScrapeConfig[], objects: ClusterObjects): ScrapeTarget[] {
  return configs.flatMap((config) =>
    distinctTargets(
      config.kubernetes_sd_configs
        .flatMap((sd) => discover(sd, objects))
        .map((labels) => scrapeTarget(config, labels))
        .filter((target): target is ScrapeTarget => target !== undefined),
    ),
  );
}

/** The attributes processor's effect on one data point's attributes. */
export function applyAttributeActions(input: Labels, actions: readonly AttributeAction[]): Labels {
  const labels = { ...input };
  for (const action of actions) {
    const value = action.from_attribute !== undefined ? labels[action.from_attribute] : action.value;
    const exists = action.key in labels;
    switch (action.action) {
      case 'delete':
        delete labels[action.key];
        break;
      case 'insert':
        if (!exists && value !== undefined) labels[action.key] = value;
        break;
      case 'update':
        if (exists && value !== undefined) labels[action.key] = value;
        break;
      case 'upsert':
        if (value !== undefined) labels[action.key] = value;
        break;
    }
  }
  return labels;
}

/**
 * The labels a scraped series has when it reaches the exporter: the target's labels (`job` and
 * `instance` become resource attributes in the collector and are left out), the series' own
 * labels (winning clashes when the job honours them), then each `attributes` processor of the
 * metrics pipeline in order.
 */
export function exportedLabels(collector: RenderedObject, target: ScrapeTarget, honorLabels: boolean, seriesLabels: Labels): Labels {
  const { job: _job, instance: _instance, ...targetLabels } = target.labels;
  let labels = honorLabels ? { ...targetLabels, ...seriesLabels } : { ...seriesLabels, ...targetLabels };
  const config = collectorConfig(collector);
  for (const processor of config.service.pipelines.metrics.processors) {
    if (processor.split('/')[0] === 'attributes') labels = applyAttributeActions(labels, config.processors[processor].actions ?? []);
  }
  return labels;
}

/** ho11y's metric families (seed facts): OpenTelemetry name, Prometheus type and own labels. */
export const HO11Y_METRICS: readonly { name: string; type: 'counter' | 'gauge' | 'histogram' | 'summary'; labels: Labels }[] = [
  // A counter keeps its `_total` name through the prometheus receiver (suffixes are not trimmed by default).
  { name: 'ho11y_total', type: 'counter', labels: { http_status_code: '200' } },
  { name: 'ho11y_randval', type: 'gauge', labels: {} },
  // Histograms and summaries become one metric under their base name, not `_sum`/`_count`/`_bucket`.
  { name: 'ho11y_randhist', type: 'histogram', labels: {} },
  { name: 'ho11y_downstream_payload_bytes', type: 'summary', labels: { downstream: 'downstream0' } },
  { name: 'ho11y_downstream_duration_seconds', type: 'histogram', labels: {} },
];
