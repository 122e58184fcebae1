import { SELECTORS, selector } from '../grafana/selectors';
import { ALERTS_CONFIG } from './alerts-config';
import { AlertingRule, Severity } from './rule-types';

/**
 * Alerts on the platform itself: collectors, pods, nodes and scrape targets. Only components EKS
 * exposes and this repository scrapes are covered (no etcd or scheduler rules).
 */

interface AlertSpec {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly description: string;
}

const { collector, pods, nodes, targets } = ALERTS_CONFIG;
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

const collectorSelector = (...matchers: string[]) => selector(SELECTORS.collector, ...matchers);

function exportFailing(signal: 'metric_points' | 'spans', alert: string, noun: string): AlertSpec {
  const failed = `sum by (cluster, instance, exporter) (rate(otelcol_exporter_send_failed_${signal}_total${collectorSelector()}[5m]))`;
  const sent = `sum by (cluster, instance, exporter) (rate(otelcol_exporter_sent_${signal}_total${collectorSelector()}[5m]))`;
  return {
    alert,
    expr: `${failed} / (${failed} + ${sent}) > ${collector.exportFailureRatio}`,
    for: collector.exportFailureFor,
    severity: 'warning',
    summary: `A collector fails to export ${noun}.`,
    description: `Exporter {{ $labels.exporter }} of collector {{ $labels.instance }} in cluster {{ $labels.cluster }} fails to send more than ${percent(collector.exportFailureRatio)} of its ${noun}; they are retried, then dropped.`,
  };
}

const SPECS: readonly AlertSpec[] = [
  exportFailing('metric_points', 'OtelCollectorMetricExportFailing', 'metric points'),
  exportFailing('spans', 'OtelCollectorSpanExportFailing', 'spans'),
  {
    alert: 'OtelCollectorExporterQueueFilling',
    expr: `max by (cluster, instance, exporter) (otelcol_exporter_queue_size${collectorSelector()} / otelcol_exporter_queue_capacity${collectorSelector()}) > ${collector.queueFillRatio}`,
    for: collector.queueFor,
    severity: 'warning',
    summary: 'A collector exporter queue is nearly full.',
    description: `The sending queue of exporter {{ $labels.exporter }} in collector {{ $labels.instance }} (cluster {{ $labels.cluster }}) is over ${percent(collector.queueFillRatio)} full; once full, new data is dropped.`,
  },
  {
    alert: 'OtelCollectorRefusingData',
    // Metric and span receivers differ, so the two signals are joined with `or`, not added.
    expr:
      `sum by (cluster, instance, receiver) (rate(otelcol_receiver_refused_metric_points_total${collectorSelector()}[5m])) > 0` +
      ` or sum by (cluster, instance, receiver) (rate(otelcol_receiver_refused_spans_total${collectorSelector()}[5m])) > 0`,
    for: collector.refusedFor,
    severity: 'warning',
    summary: 'A collector refuses incoming data (memory pressure).',
    description: 'Receiver {{ $labels.receiver }} of collector {{ $labels.instance }} in cluster {{ $labels.cluster }} refuses data: its memory_limiter is over the soft limit.',
  },
  {
    alert: 'OtelCollectorMemoryNearLimit',
    expr:
      `max by (cluster, namespace, pod) (container_memory_working_set_bytes${selector(SELECTORS.cadvisor, `namespace="${collector.namespace}"`, SELECTORS.containers)})` +
      ` / max by (cluster, namespace, pod) (kube_pod_container_resource_limits${selector(SELECTORS.kubeStateMetrics, `namespace="${collector.namespace}"`, 'resource="memory"')})` +
      ` > ${collector.memoryLimitRatio}`,
    for: collector.memoryFor,
    severity: 'warning',
    summary: 'A collector pod is close to its memory limit.',
    description: `Pod {{ $labels.namespace }}/{{ $labels.pod }} in cluster {{ $labels.cluster }} uses over ${percent(collector.memoryLimitRatio)} of its memory limit and risks being OOM-killed.`,
  },
  {
    alert: 'KubePodCrashLooping',
    expr: `max_over_time(kube_pod_container_status_waiting_reason${selector(SELECTORS.kubeStateMetrics, 'reason="CrashLoopBackOff"')}[5m]) >= 1`,
    for: pods.crashLoopingFor,
    severity: 'warning',
    summary: 'A container is crash-looping.',
    description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} in cluster {{ $labels.cluster }} is in CrashLoopBackOff.',
  },
  {
    alert: 'KubePodNotReady',
    expr: `max by (cluster, namespace, pod) (kube_pod_status_phase${selector(SELECTORS.kubeStateMetrics, 'phase=~"Pending|Unknown|Failed"')}) > 0`,
    for: pods.notReadyFor,
    severity: 'warning',
    summary: 'A pod has not been ready for a while.',
    description: `Pod {{ $labels.namespace }}/{{ $labels.pod }} in cluster {{ $labels.cluster }} has been Pending, Unknown or Failed for longer than ${pods.notReadyFor}.`,
  },
  {
    alert: 'NodeMemoryLow',
    expr: `node_memory_MemAvailable_bytes${selector(SELECTORS.nodeExporter)} / node_memory_MemTotal_bytes${selector(SELECTORS.nodeExporter)} < ${nodes.memoryAvailableRatio}`,
    for: nodes.memoryFor,
    severity: 'warning',
    summary: 'A node is low on memory.',
    description: `Node {{ $labels.instance }} in cluster {{ $labels.cluster }} has less than ${percent(nodes.memoryAvailableRatio)} of its memory available; the kubelet will start evicting pods.`,
  },
  {
    alert: 'NodeFilesystemSpaceLow',
    expr:
      `node_filesystem_avail_bytes${selector(SELECTORS.nodeExporter, nodes.filesystemSelector)} / node_filesystem_size_bytes${selector(SELECTORS.nodeExporter, nodes.filesystemSelector)} < ${nodes.filesystemAvailableRatio}` +
      ` and node_filesystem_readonly${selector(SELECTORS.nodeExporter, nodes.filesystemSelector)} == 0`,
    for: nodes.filesystemFor,
    severity: 'warning',
    summary: 'A node filesystem is low on space.',
    description: `Filesystem {{ $labels.mountpoint }} on node {{ $labels.instance }} in cluster {{ $labels.cluster }} has less than ${percent(nodes.filesystemAvailableRatio)} space left; the kubelet evicts pods under disk pressure.`,
  },
  {
    alert: 'TargetDown',
    expr: `100 * (count by (cluster, job, namespace) (up == 0) / count by (cluster, job, namespace) (up)) > ${targets.downPercent}`,
    for: targets.for,
    severity: 'warning',
    summary: 'Scrape targets are down.',
    description: `More than ${targets.downPercent}% of the {{ $labels.job }} targets in namespace {{ $labels.namespace }} of cluster {{ $labels.cluster }} cannot be scraped; their metrics are missing.`,
  },
];

/** The platform alerts, each pointing at its runbook. */
export function platformAlertingRules(runbookUrl: (alertName: string) => string): AlertingRule[] {
  return SPECS.map((spec) => ({
    alert: spec.alert,
    expr: spec.expr,
    for: spec.for,
    labels: { severity: spec.severity },
    annotations: { summary: spec.summary, description: spec.description, runbook_url: runbookUrl(spec.alert) },
  }));
}
