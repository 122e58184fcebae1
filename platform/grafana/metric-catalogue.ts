import { CLOUDWATCH_METRIC_DECLARATIONS, CloudWatchMetricDeclaration } from '../telemetry/cloudwatch-metrics';
import { SCRAPE_JOBS, ScrapeJob } from '../telemetry/scrape-jobs';

/**
 * What each scrape job of the metrics collector produces, by metric family. Dashboards and rules
 * may query only names listed here (tests enforce it), so a panel cannot silently show
 * "No data" because it asks for a metric nothing scrapes. Add a family here when a collector
 * starts scraping it, never to make a query pass.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
}

const counter = (name: string): MetricFamily => ({ name, type: 'counter' });
const gauge = (name: string): MetricFamily => ({ name, type: 'gauge' });
const histogram = (name: string): MetricFamily => ({ name, type: 'histogram' });
const summary = (name: string): MetricFamily => ({ name, type: 'summary' });

/** Series the Prometheus receiver adds for every target of every job. */
export const SCRAPE_SERIES: readonly MetricFamily[] = [gauge('up'), gauge('scrape_duration_seconds'), gauge('scrape_samples_scraped')];

export const METRIC_CATALOGUE: Readonly<Record<ScrapeJob, readonly MetricFamily[]>> = {
  // Kubelet /metrics and /metrics/cadvisor (metrics_path tells them apart).
  [SCRAPE_JOBS.kubelet]: [
    counter('container_cpu_usage_seconds_total'),
    gauge('container_memory_working_set_bytes'),
    counter('container_cpu_cfs_throttled_periods_total'),
    counter('container_cpu_cfs_periods_total'),
    counter('container_network_receive_bytes_total'),
    counter('container_network_transmit_bytes_total'),
    gauge('kubelet_running_pods'),
    gauge('kubelet_volume_stats_available_bytes'),
    gauge('kubelet_volume_stats_capacity_bytes'),
  ],
  [SCRAPE_JOBS.kubeStateMetrics]: [
    gauge('kube_pod_info'),
    gauge('kube_pod_status_phase'),
    gauge('kube_pod_status_ready'),
    counter('kube_pod_container_status_restarts_total'),
    gauge('kube_pod_container_status_waiting_reason'),
    gauge('kube_pod_container_resource_requests'),
    gauge('kube_pod_container_resource_limits'),
    gauge('kube_deployment_spec_replicas'),
    gauge('kube_deployment_status_replicas_available'),
    gauge('kube_node_info'),
    gauge('kube_node_status_allocatable'),
    gauge('kube_node_status_capacity'),
    gauge('kube_node_status_condition'),
  ],
  [SCRAPE_JOBS.nodeExporter]: [
    counter('node_cpu_seconds_total'),
    gauge('node_load1'),
    gauge('node_memory_MemAvailable_bytes'),
    gauge('node_memory_MemTotal_bytes'),
    gauge('node_filesystem_avail_bytes'),
    gauge('node_filesystem_size_bytes'),
    gauge('node_filesystem_readonly'),
    counter('node_network_receive_bytes_total'),
    counter('node_network_transmit_bytes_total'),
  ],
  [SCRAPE_JOBS.apiserver]: [counter('apiserver_request_total'), histogram('apiserver_request_duration_seconds')],
  // ho11y, the only app scraped by annotation today (see seed-pattern.md for its metrics).
  [SCRAPE_JOBS.annotatedPods]: [
    counter('ho11y_total'),
    gauge('ho11y_randval'),
    histogram('ho11y_randhist'),
    summary('ho11y_downstream_payload_bytes'),
    histogram('ho11y_downstream_duration_seconds'),
  ],
  // The collector's own telemetry on :8888 (OpenTelemetry SDK Prometheus exporter naming).
  [SCRAPE_JOBS.collector]: [
    counter('otelcol_receiver_accepted_metric_points_total'),
    counter('otelcol_receiver_refused_metric_points_total'),
    counter('otelcol_receiver_accepted_spans_total'),
    counter('otelcol_receiver_refused_spans_total'),
    counter('otelcol_exporter_sent_metric_points_total'),
    counter('otelcol_exporter_send_failed_metric_points_total'),
    counter('otelcol_exporter_enqueue_failed_metric_points_total'),
    counter('otelcol_exporter_sent_spans_total'),
    counter('otelcol_exporter_send_failed_spans_total'),
    counter('otelcol_exporter_enqueue_failed_spans_total'),
    gauge('otelcol_exporter_queue_size'),
    gauge('otelcol_exporter_queue_capacity'),
    gauge('otelcol_process_memory_rss_bytes'),
    gauge('otelcol_process_runtime_heap_alloc_bytes'),
    counter('otelcol_process_cpu_seconds_total'),
  ],
};

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
 * Exactly what the EMF exporter turns into CloudWatch metrics: the series of the scraped
 * families that a metric declaration selects, with that declaration's dimension sets. Anything
 * else stays in the log group and cannot be graphed.
 */
export function cloudWatchMetrics(declarations: readonly CloudWatchMetricDeclaration[] = CLOUDWATCH_METRIC_DECLARATIONS): CloudWatchMetric[] {
  const names = [...ampSeriesNames().keys()].sort();
  const metrics = new Map<string, (readonly string[])[]>();
  for (const declaration of declarations) {
    const selectors = declaration.metricNameSelectors.map((selector) => new RegExp(selector));
    for (const name of names.filter((candidate) => selectors.some((selector) => selector.test(candidate)))) {
      metrics.set(name, [...(metrics.get(name) ?? []), ...declaration.dimensions]);
    }
  }
  return [...metrics.entries()].map(([name, dimensionSets]) => ({ name, dimensionSets }));
}
