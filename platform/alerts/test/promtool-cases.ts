/**
 * promtool unit tests: for every alert, input series that make it fire and series that keep it
 * quiet. Series are written in promtool's expanding notation (`0+60x90`: start at 0, add 60 each
 * minute, 90 times). Expected annotations are rendered from the rule itself by the test.
 */
export interface AlertCase {
  readonly alert: string;
  /** Series selector -> values. */
  readonly series: Readonly<Record<string, string>>;
  /** When to evaluate, e.g. `70m`; after the rule's `for`. */
  readonly evalTime: string;
  /** Labels of each expected alert (besides alertname and the rule's own labels); empty when quiet. */
  readonly firing: readonly Readonly<Record<string, string>>[];
  /** Severities expected, one per firing entry (a burn-rate alert has one rule per severity). */
  readonly severities?: readonly string[];
}

const pod = { cluster: 'prod1', namespace: 'geordie' };
const ho11y = (labels = '') => `{job="kubernetes-pods", cluster="prod1", namespace="geordie"${labels ? `, ${labels}` : ''}}`;
const collector = (labels: string) => `{job="otel-collector", cluster="prod1", instance="10.0.0.1:8888", ${labels}}`;
const ksm = (labels: string) => `{job="kube-state-metrics", cluster="prod1", ${labels}}`;
const node = (labels: string) => `{job="node-exporter", cluster="prod1", instance="10.0.1.1:9100"${labels ? `, ${labels}` : ''}}`;
const rootFs = 'device="/dev/nvme0n1p1", fstype="xfs", mountpoint="/"';

/** A case that fires, and its twin with a healthy value that stays quiet. */
function pair(alert: string, evalTime: string, firing: Record<string, string>, quiet: Record<string, string>, labels: Record<string, string>, severities?: string[]): AlertCase[] {
  const expected = severities ? severities.map(() => labels) : [labels];
  return [
    { alert, series: firing, evalTime, firing: expected, severities },
    { alert, series: quiet, evalTime, firing: [] },
  ];
}

export const ALERT_CASES: readonly AlertCase[] = [
  // Half the requests fail for 3 hours: both the fast and the slow burn fire.
  ...pair(
    'Ho11yAvailabilityErrorBudgetBurn',
    '70m',
    { [`ho11y_total${ho11y('http_status_code="200"')}`]: '0+60x180', [`ho11y_total${ho11y('http_status_code="500"')}`]: '0+60x180' },
    { [`ho11y_total${ho11y('http_status_code="200"')}`]: '0+60x180', [`ho11y_total${ho11y('http_status_code="500"')}`]: '0+0x180' },
    pod,
    ['critical', 'warning'],
  ),
  // 90% of downstream calls slower than the threshold.
  ...pair(
    'Ho11yLatencyErrorBudgetBurn',
    '70m',
    { [`ho11y_downstream_duration_seconds_bucket${ho11y('le="1"')}`]: '0+6x180', [`ho11y_downstream_duration_seconds_count${ho11y()}`]: '0+60x180' },
    { [`ho11y_downstream_duration_seconds_bucket${ho11y('le="1"')}`]: '0+60x180', [`ho11y_downstream_duration_seconds_count${ho11y()}`]: '0+60x180' },
    pod,
    ['critical', 'warning'],
  ),
  ...pair(
    'OtelCollectorMetricExportFailing',
    '20m',
    { [`otelcol_exporter_send_failed_metric_points_total${collector('exporter="prometheusremotewrite"')}`]: '0+60x30', [`otelcol_exporter_sent_metric_points_total${collector('exporter="prometheusremotewrite"')}`]: '0+60x30' },
    { [`otelcol_exporter_send_failed_metric_points_total${collector('exporter="prometheusremotewrite"')}`]: '0+0x30', [`otelcol_exporter_sent_metric_points_total${collector('exporter="prometheusremotewrite"')}`]: '0+60x30' },
    { cluster: 'prod1', instance: '10.0.0.1:8888', exporter: 'prometheusremotewrite' },
  ),
  ...pair(
    'OtelCollectorSpanExportFailing',
    '20m',
    { [`otelcol_exporter_send_failed_spans_total${collector('exporter="awsxray"')}`]: '0+30x30', [`otelcol_exporter_sent_spans_total${collector('exporter="awsxray"')}`]: '0+60x30' },
    { [`otelcol_exporter_send_failed_spans_total${collector('exporter="awsxray"')}`]: '0+0x30', [`otelcol_exporter_sent_spans_total${collector('exporter="awsxray"')}`]: '0+60x30' },
    { cluster: 'prod1', instance: '10.0.0.1:8888', exporter: 'awsxray' },
  ),
  ...pair(
    'OtelCollectorExporterQueueFilling',
    '20m',
    { [`otelcol_exporter_queue_size${collector('exporter="awsemf"')}`]: '900x30', [`otelcol_exporter_queue_capacity${collector('exporter="awsemf"')}`]: '1000x30' },
    { [`otelcol_exporter_queue_size${collector('exporter="awsemf"')}`]: '100x30', [`otelcol_exporter_queue_capacity${collector('exporter="awsemf"')}`]: '1000x30' },
    { cluster: 'prod1', instance: '10.0.0.1:8888', exporter: 'awsemf' },
  ),
  ...pair(
    'OtelCollectorRefusingData',
    '15m',
    { [`otelcol_receiver_refused_metric_points_total${collector('receiver="prometheus"')}`]: '0+60x20' },
    { [`otelcol_receiver_refused_metric_points_total${collector('receiver="prometheus"')}`]: '0+0x20' },
    { cluster: 'prod1', instance: '10.0.0.1:8888', receiver: 'prometheus' },
  ),
  ...pair(
    'OtelCollectorMemoryNearLimit',
    '25m',
    {
      'container_memory_working_set_bytes{job="kubelet", metrics_path="/metrics/cadvisor", cluster="prod1", namespace="observability", pod="metrics-collector-0", container="otc-container"}': '950x30',
      'kube_pod_container_resource_limits{job="kube-state-metrics", cluster="prod1", namespace="observability", pod="metrics-collector-0", container="otc-container", resource="memory"}': '1000x30',
    },
    {
      'container_memory_working_set_bytes{job="kubelet", metrics_path="/metrics/cadvisor", cluster="prod1", namespace="observability", pod="metrics-collector-0", container="otc-container"}': '500x30',
      'kube_pod_container_resource_limits{job="kube-state-metrics", cluster="prod1", namespace="observability", pod="metrics-collector-0", container="otc-container", resource="memory"}': '1000x30',
    },
    { cluster: 'prod1', namespace: 'observability', pod: 'metrics-collector-0' },
  ),
  ...pair(
    'KubePodCrashLooping',
    '30m',
    { [`kube_pod_container_status_waiting_reason${ksm('namespace="geordie", pod="frontend-0", container="ho11y", reason="CrashLoopBackOff"')}`]: '1x40' },
    { [`kube_pod_container_status_waiting_reason${ksm('namespace="geordie", pod="frontend-0", container="ho11y", reason="CrashLoopBackOff"')}`]: '0x40' },
    { job: 'kube-state-metrics', cluster: 'prod1', namespace: 'geordie', pod: 'frontend-0', container: 'ho11y', reason: 'CrashLoopBackOff' },
  ),
  ...pair(
    'KubePodNotReady',
    '30m',
    { [`kube_pod_status_phase${ksm('namespace="geordie", pod="yelb-db-0", phase="Pending"')}`]: '1x40', [`kube_pod_status_phase${ksm('namespace="geordie", pod="yelb-db-0", phase="Running"')}`]: '0x40' },
    { [`kube_pod_status_phase${ksm('namespace="geordie", pod="yelb-db-0", phase="Pending"')}`]: '0x40', [`kube_pod_status_phase${ksm('namespace="geordie", pod="yelb-db-0", phase="Running"')}`]: '1x40' },
    { cluster: 'prod1', namespace: 'geordie', pod: 'yelb-db-0' },
  ),
  ...pair(
    'NodeMemoryLow',
    '30m',
    { [`node_memory_MemAvailable_bytes${node('')}`]: '5x40', [`node_memory_MemTotal_bytes${node('')}`]: '100x40' },
    { [`node_memory_MemAvailable_bytes${node('')}`]: '50x40', [`node_memory_MemTotal_bytes${node('')}`]: '100x40' },
    { job: 'node-exporter', cluster: 'prod1', instance: '10.0.1.1:9100' },
  ),
  ...pair(
    'NodeFilesystemSpaceLow',
    '45m',
    { [`node_filesystem_avail_bytes${node(rootFs)}`]: '5x60', [`node_filesystem_size_bytes${node(rootFs)}`]: '100x60', [`node_filesystem_readonly${node(rootFs)}`]: '0x60' },
    { [`node_filesystem_avail_bytes${node(rootFs)}`]: '50x60', [`node_filesystem_size_bytes${node(rootFs)}`]: '100x60', [`node_filesystem_readonly${node(rootFs)}`]: '0x60' },
    { job: 'node-exporter', cluster: 'prod1', instance: '10.0.1.1:9100', device: '/dev/nvme0n1p1', fstype: 'xfs', mountpoint: '/' },
  ),
  ...pair(
    'TargetDown',
    '20m',
    { 'up{job="kube-state-metrics", cluster="prod1", namespace="kube-state-metrics", instance="a"}': '0x30', 'up{job="kube-state-metrics", cluster="prod1", namespace="kube-state-metrics", instance="b"}': '1x30' },
    { 'up{job="kube-state-metrics", cluster="prod1", namespace="kube-state-metrics", instance="a"}': '1x30', 'up{job="kube-state-metrics", cluster="prod1", namespace="kube-state-metrics", instance="b"}': '1x30' },
    { cluster: 'prod1', job: 'kube-state-metrics', namespace: 'kube-state-metrics' },
  ),
];
