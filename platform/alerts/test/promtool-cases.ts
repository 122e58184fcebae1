import { ModelSeries, rising, steady } from '../../grafana/exporter-models/model-series';
import { PLATFORM_NAMESPACES } from '../../platform-namespaces';
import { SCRAPE_JOBS } from '../../telemetry/scrape-jobs';
import { WORKLOAD_POD_SERIES } from '../workload-rules';
import { HO11Y_COMPONENTS } from '../../../workloads/ho11y/ho11y-topology';
import { apiserverTraffic, clusterTargets, ho11ySeries, ho11yTraffic, TEAM_NAMESPACE, targetsUp } from './example-cluster';

/**
 * promtool unit tests: for every alert, series that make it fire on a realistic failure of its
 * kind and series that keep it quiet. Every series comes from the exporter models
 * (`ModelTarget`), so it has the names, labels and bucket bounds the real exporters emit.
 * Expected annotations are rendered from the rule itself by the test.
 */
export interface AlertCase {
  readonly alert: string;
  /** What the case shows, for failure messages. */
  readonly story: string;
  readonly series: readonly ModelSeries[];
  /** When to evaluate, e.g. `70m`; after the rule's `for`. */
  readonly evalTime: string;
  /** Labels of each expected alert (besides alertname and the rule's own labels); empty when quiet. */
  readonly firing: readonly Readonly<Record<string, string>>[];
  /** Severities expected, one per firing entry (a burn-rate alert has one rule per severity). */
  readonly severities?: readonly string[];
}

/** Requests per minute the cases' load generator sends (the fleet default, 2 per second). */
const RPM = 120;

export function alertCases(cluster: string): AlertCase[] {
  const t = clusterTargets(cluster);
  const team = { cluster, namespace: TEAM_NAMESPACE };
  const collectorLabels = { cluster, instance: '10.0.3.1:8888' };
  const ksmPod = (name: string) => ({ namespace: TEAM_NAMESPACE, pod: name, uid: `uid-${name}` });
  const owner = (name: string, kind: string, minutes: number) =>
    t.kubeStateMetrics.gauge('kube_pod_owner', { ...ksmPod(name), owner_kind: kind, owner_name: `${name}-owner`, owner_is_controller: 'true' }, steady(1, minutes));
  const phase = (name: string, current: string, minutes: number) =>
    ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'].map((value) =>
      t.kubeStateMetrics.gauge('kube_pod_status_phase', { ...ksmPod(name), phase: value }, steady(value === current ? 1 : 0, minutes)),
    );
  const container = (namespace: string, podName: string, name: string) => ({ container: name, id: `/kubepods/${podName}/${name}`, image: `${name}:1`, name, namespace, pod: podName });
  const fs = { device: '/dev/nvme0n1p1', fstype: 'xfs', mountpoint: '/' };
  const shipped = ho11yTraffic(RPM);
  const slowBackend = ho11yTraffic(
    RPM,
    HO11Y_COMPONENTS.map((component) => ({
      ...component,
      downstreams: component.downstreams.map((downstream) => ('dummy' in downstream ? { dummy: { ...downstream.dummy, latency: '100ms' } } : downstream)),
    })),
  );
  // The frontend answers 501 to everything, so it calls no downstream.
  const frontendDown: ReturnType<typeof ho11yTraffic> = ho11yTraffic(RPM).map((entry, index) => ({
    ...entry,
    statuses: index === 0 ? ({ '200': 0, '501': RPM } as Record<string, number>) : { '200': 0 },
    observations: [],
  }));
  const allUp = (minutes: number) => targetsUp(t, minutes);

  return [
    {
      alert: 'Ho11yAvailabilityErrorBudgetBurn',
      story: 'the frontend answers every request with 501 for 3 hours',
      series: ho11ySeries(t, frontendDown, 180),
      evalTime: '70m',
      firing: [team, team],
      severities: ['critical', 'warning'],
    },
    { alert: 'Ho11yAvailabilityErrorBudgetBurn', story: 'the shipped failure injection', series: ho11ySeries(t, shipped, 180), evalTime: '70m', firing: [] },
    {
      alert: 'Ho11yLatencyErrorBudgetBurn',
      story: 'the simulated backends answer in 100 ms instead of 42 ms and 2 ms',
      series: ho11ySeries(t, slowBackend, 180),
      evalTime: '70m',
      firing: [team, team],
      severities: ['critical', 'warning'],
    },
    { alert: 'Ho11yLatencyErrorBudgetBurn', story: 'the shipped backends', series: ho11ySeries(t, shipped, 180), evalTime: '70m', firing: [] },
    {
      alert: 'KubeAPIAvailabilityErrorBudgetBurn',
      story: 'a fifth of API requests fail with 500',
      series: apiserverTraffic(t.apiserver, { ok: 480, failed: 120, readSeconds: 0.04 }, 180),
      evalTime: '70m',
      firing: [{ cluster }, { cluster }],
      severities: ['critical', 'warning'],
    },
    { alert: 'KubeAPIAvailabilityErrorBudgetBurn', story: 'no API errors', series: apiserverTraffic(t.apiserver, { ok: 600, failed: 0, readSeconds: 0.04 }, 180), evalTime: '70m', firing: [] },
    {
      alert: 'KubeAPIReadLatencyErrorBudgetBurn',
      story: 'every list takes 8 s',
      series: apiserverTraffic(t.apiserver, { ok: 600, failed: 0, readSeconds: 8 }, 180),
      evalTime: '70m',
      firing: [{ cluster }, { cluster }],
      severities: ['critical', 'warning'],
    },
    { alert: 'KubeAPIReadLatencyErrorBudgetBurn', story: 'lists take 40 ms', series: apiserverTraffic(t.apiserver, { ok: 600, failed: 0, readSeconds: 0.04 }, 180), evalTime: '70m', firing: [] },
    ...(['metric_points', 'spans'] as const).flatMap((signal): AlertCase[] => {
      const alert = signal === 'spans' ? 'OtelCollectorSpanExportFailing' : 'OtelCollectorMetricExportFailing';
      const exporter = signal === 'spans' ? 'awsxray' : 'prometheusremotewrite';
      const series = (failedPerMinute: number) => [
        t.collector.counter(`otelcol_exporter_send_failed_${signal}_total`, { exporter, error_type: 'timeout' }, rising(failedPerMinute, 30)),
        t.collector.counter(`otelcol_exporter_sent_${signal}_total`, { exporter }, rising(600, 30)),
      ];
      return [
        { alert, story: `${exporter} fails a third of its sends`, series: series(300), evalTime: '20m', firing: [{ ...collectorLabels, exporter }] },
        { alert, story: 'no failed sends', series: series(0), evalTime: '20m', firing: [] },
      ];
    }),
    ...[900, 100].map((size): AlertCase => ({
      alert: 'OtelCollectorExporterQueueFilling',
      story: `queue at ${size} of 1000`,
      series: [
        t.collector.gauge('otelcol_exporter_queue_size', { exporter: 'awsemf', data_type: 'metrics' }, steady(size, 30)),
        t.collector.gauge('otelcol_exporter_queue_capacity', { exporter: 'awsemf', data_type: 'metrics' }, steady(1000, 30)),
      ],
      evalTime: '20m',
      firing: size > 800 ? [{ ...collectorLabels, exporter: 'awsemf' }] : [],
    })),
    ...[60, 0].map((refused): AlertCase => ({
      alert: 'OtelCollectorRefusingData',
      story: `${refused} points refused per minute`,
      series: [t.collector.counter('otelcol_receiver_refused_metric_points_total', { receiver: 'prometheus', transport: 'http' }, rising(refused, 20))],
      evalTime: '15m',
      firing: refused > 0 ? [{ ...collectorLabels, receiver: 'prometheus' }] : [],
    })),
    ...[950, 500].map((workingSet): AlertCase => ({
      alert: 'OtelCollectorMemoryNearLimit',
      story: `working set ${workingSet} of a 1000 limit`,
      series: [
        t.cadvisor.gauge('container_memory_working_set_bytes', container(PLATFORM_NAMESPACES.collectors, 'metrics-collector-0', 'otc-container'), steady(workingSet, 30)),
        t.kubeStateMetrics.gauge(
          'kube_pod_container_resource_limits',
          { namespace: PLATFORM_NAMESPACES.collectors, pod: 'metrics-collector-0', uid: 'u', container: 'otc-container', node: 'node-a', resource: 'memory', unit: 'byte' },
          steady(1000, 30),
        ),
      ],
      evalTime: '25m',
      firing: workingSet > 900 ? [{ cluster, namespace: PLATFORM_NAMESPACES.collectors, pod: 'metrics-collector-0' }] : [],
    })),
    ...[1, 0].map((waiting): AlertCase => ({
      alert: 'KubePodCrashLooping',
      story: waiting ? 'a container in CrashLoopBackOff' : 'no container waiting',
      series: [t.kubeStateMetrics.gauge('kube_pod_container_status_waiting_reason', { ...ksmPod('frontend-0'), container: 'ho11y', reason: 'CrashLoopBackOff' }, steady(waiting, 40))],
      evalTime: '30m',
      firing: waiting ? [{ job: SCRAPE_JOBS.kubeStateMetrics, cluster, region: 'test-region-1', account_id: '000000000000', instance: '10.0.2.1:8080', ...ksmPod('frontend-0'), container: 'ho11y', reason: 'CrashLoopBackOff' }] : [],
    })),
    {
      alert: 'KubePodNotReady',
      story: 'a ReplicaSet pod stays Pending',
      series: [...phase('app-0', 'Pending', 40), owner('app-0', 'ReplicaSet', 40)],
      evalTime: '30m',
      firing: [{ ...team, pod: 'app-0' }],
    },
    {
      alert: 'KubePodNotReady',
      story: 'a ReplicaSet pod runs but fails its readiness probe',
      series: [...phase('app-0', 'Running', 40), owner('app-0', 'ReplicaSet', 40), t.kubeStateMetrics.gauge('kube_pod_status_ready', { ...ksmPod('app-0'), condition: 'true' }, steady(0, 40))],
      evalTime: '30m',
      firing: [{ ...team, pod: 'app-0' }],
    },
    { alert: 'KubePodNotReady', story: 'an evicted (Failed) pod is left behind', series: [...phase('app-1', 'Failed', 40), owner('app-1', 'ReplicaSet', 40)], evalTime: '30m', firing: [] },
    { alert: 'KubePodNotReady', story: "a Job's pod waits Pending", series: [...phase('job-0', 'Pending', 40), owner('job-0', 'Job', 40)], evalTime: '30m', firing: [] },
    ...[0, 2].map((available): AlertCase => {
      const deployment = { namespace: TEAM_NAMESPACE, deployment: 'app' };
      return {
        alert: 'KubeDeploymentReplicasMismatch',
        story: `${available} of 2 replicas available, no rollout`,
        series: [
          t.kubeStateMetrics.gauge('kube_deployment_spec_replicas', deployment, steady(2, 40)),
          t.kubeStateMetrics.gauge('kube_deployment_status_replicas_available', deployment, steady(available, 40)),
          t.kubeStateMetrics.gauge('kube_deployment_status_replicas_updated', deployment, steady(2, 40)),
        ],
        evalTime: '30m',
        firing: available < 2 ? [{ job: SCRAPE_JOBS.kubeStateMetrics, cluster, region: 'test-region-1', account_id: '000000000000', instance: '10.0.2.1:8080', ...deployment }] : [],
      };
    }),
    ...[1, 3].map((ready): AlertCase => {
      const statefulset = { namespace: TEAM_NAMESPACE, statefulset: 'db' };
      return {
        alert: 'KubeStatefulSetReplicasMismatch',
        story: `${ready} of 3 ready`,
        series: [t.kubeStateMetrics.gauge('kube_statefulset_replicas', statefulset, steady(3, 40)), t.kubeStateMetrics.gauge('kube_statefulset_status_replicas_ready', statefulset, steady(ready, 40))],
        evalTime: '30m',
        firing: ready < 3 ? [{ job: SCRAPE_JOBS.kubeStateMetrics, cluster, region: 'test-region-1', account_id: '000000000000', instance: '10.0.2.1:8080', ...statefulset }] : [],
      };
    }),
    ...[1, 2].map((available): AlertCase => {
      const daemonset = { namespace: PLATFORM_NAMESPACES.nodeExporter, daemonset: 'node-exporter' };
      return {
        alert: 'KubeDaemonSetNotScheduled',
        story: `${available} of 2 node-exporter pods available`,
        series: [
          t.kubeStateMetrics.gauge('kube_daemonset_status_desired_number_scheduled', daemonset, steady(2, 40)),
          t.kubeStateMetrics.gauge('kube_daemonset_status_number_available', daemonset, steady(available, 40)),
          t.kubeStateMetrics.gauge('kube_daemonset_status_number_misscheduled', daemonset, steady(0, 40)),
        ],
        evalTime: '30m',
        firing: available < 2 ? [{ job: SCRAPE_JOBS.kubeStateMetrics, cluster, region: 'test-region-1', account_id: '000000000000', instance: '10.0.2.1:8080', ...daemonset }] : [],
      };
    }),
    ...[1, 0].map((waiting): AlertCase => ({
      alert: 'KubeContainerWaiting',
      story: waiting ? 'an image that cannot be pulled for 70 minutes' : 'no container waiting',
      series: [t.kubeStateMetrics.gauge('kube_pod_container_status_waiting_reason', { ...ksmPod('app-0'), container: 'app', reason: 'ImagePullBackOff' }, steady(waiting, 80))],
      evalTime: '70m',
      firing: waiting ? [{ ...team, pod: 'app-0', container: 'app', reason: 'ImagePullBackOff' }] : [],
    })),
    ...['true', 'false'].map((failed): AlertCase => ({
      alert: 'KubeJobFailed',
      story: failed === 'true' ? 'a Job failed' : 'a Job that has not failed',
      series: [
        t.kubeStateMetrics.gauge('kube_job_failed', { namespace: TEAM_NAMESPACE, job_name: 'backup', condition: 'true' }, steady(failed === 'true' ? 1 : 0, 30)),
        t.kubeStateMetrics.gauge('kube_job_failed', { namespace: TEAM_NAMESPACE, job_name: 'backup', condition: 'false' }, steady(failed === 'true' ? 0 : 1, 30)),
      ],
      evalTime: '20m',
      firing:
        failed === 'true'
          ? [{ job: SCRAPE_JOBS.kubeStateMetrics, cluster, region: 'test-region-1', account_id: '000000000000', instance: '10.0.2.1:8080', namespace: TEAM_NAMESPACE, job_name: 'backup', condition: 'true' }]
          : [],
    })),
    ...[300, 6].map((throttled): AlertCase => ({
      alert: 'CPUThrottlingHigh',
      story: `${throttled} of 600 periods throttled`,
      series: [
        t.cadvisor.counter('container_cpu_cfs_periods_total', container(TEAM_NAMESPACE, 'app-0', 'app'), rising(600, 30)),
        t.cadvisor.counter('container_cpu_cfs_throttled_periods_total', container(TEAM_NAMESPACE, 'app-0', 'app'), rising(throttled, 30)),
      ],
      evalTime: '25m',
      firing: throttled > 150 ? [{ ...team, pod: 'app-0', container: 'app' }] : [],
    })),
    ...[2, 50].map((available): AlertCase => {
      const claim = { namespace: TEAM_NAMESPACE, persistentvolumeclaim: 'data' };
      const labels = { job: SCRAPE_JOBS.kubelet, metrics_path: '/metrics', cluster, region: 'test-region-1', account_id: '000000000000', instance: '10.0.1.1:10250', node: 'node-a', ...claim };
      return {
        alert: 'KubePersistentVolumeFillingUp',
        story: `${available}% of a volume free`,
        series: [
          t.kubelet.gauge('kubelet_volume_stats_available_bytes', claim, steady(available, 10)),
          t.kubelet.gauge('kubelet_volume_stats_capacity_bytes', claim, steady(100, 10)),
          t.kubelet.gauge('kubelet_volume_stats_used_bytes', claim, steady(100 - available, 10)),
        ],
        evalTime: '5m',
        firing: available < 3 ? [labels] : [],
      };
    }),
    ...['false', 'true'].map((ready): AlertCase => ({
      alert: 'KubeNodeNotReady',
      story: ready === 'true' ? 'the node is Ready' : 'the node reports Ready=false',
      series: ['true', 'false', 'unknown'].map((status) =>
        t.kubeStateMetrics.gauge('kube_node_status_condition', { node: 'node-a', condition: 'Ready', status }, steady(status === ready ? 1 : 0, 30)),
      ),
      evalTime: '20m',
      firing: ready === 'false' ? [{ job: SCRAPE_JOBS.kubeStateMetrics, cluster, region: 'test-region-1', account_id: '000000000000', instance: '10.0.2.1:8080', node: 'node-a', condition: 'Ready', status: 'true' }] : [],
    })),
    ...[29, 12].map((running): AlertCase => ({
      alert: 'KubeletTooManyPods',
      story: `${running} of 29 pods`,
      series: [t.kubelet.gauge('kubelet_running_pods', {}, steady(running, 30)), t.kubeStateMetrics.gauge('kube_node_status_capacity', { node: 'node-a', resource: 'pods', unit: 'integer' }, steady(29, 30))],
      evalTime: '20m',
      firing: running > 27 ? [{ cluster, node: 'node-a' }] : [],
    })),
    ...[5, 50].map((available): AlertCase => ({
      alert: 'NodeMemoryLow',
      story: `${available}% memory available`,
      series: [t.nodeExporter.gauge('node_memory_MemAvailable_bytes', {}, steady(available, 40)), t.nodeExporter.gauge('node_memory_MemTotal_bytes', {}, steady(100, 40))],
      evalTime: '30m',
      firing: available < 10 ? [{ job: SCRAPE_JOBS.nodeExporter, cluster, region: 'test-region-1', account_id: '000000000000', instance: 'node-a' }] : [],
    })),
    ...[5, 50].map((available): AlertCase => ({
      alert: 'NodeFilesystemSpaceLow',
      story: `${available}% of / free`,
      series: [
        t.nodeExporter.gauge('node_filesystem_avail_bytes', fs, steady(available, 60)),
        t.nodeExporter.gauge('node_filesystem_size_bytes', fs, steady(100, 60)),
        t.nodeExporter.gauge('node_filesystem_readonly', fs, steady(0, 60)),
      ],
      evalTime: '45m',
      firing: available < 10 ? [{ job: SCRAPE_JOBS.nodeExporter, cluster, region: 'test-region-1', account_id: '000000000000', instance: 'node-a', ...fs }] : [],
    })),
    ...[5, 50].map((free): AlertCase => ({
      alert: 'NodeFilesystemFilesLow',
      story: `${free}% of inodes free`,
      series: [
        t.nodeExporter.gauge('node_filesystem_files_free', fs, steady(free, 60)),
        t.nodeExporter.gauge('node_filesystem_files', fs, steady(100, 60)),
        t.nodeExporter.gauge('node_filesystem_readonly', fs, steady(0, 60)),
      ],
      evalTime: '45m',
      firing: free < 10 ? [{ job: SCRAPE_JOBS.nodeExporter, cluster, region: 'test-region-1', account_id: '000000000000', instance: 'node-a', ...fs }] : [],
    })),
    ...[600, 0].map((errors): AlertCase => ({
      alert: 'NodeNetworkErrors',
      story: `${errors} interface errors per minute`,
      series: [
        t.nodeExporter.counter('node_network_receive_bytes_total', { device: 'eth0' }, rising(60000000, 80)),
        t.nodeExporter.counter('node_network_transmit_bytes_total', { device: 'eth0' }, rising(60000000, 80)),
        t.nodeExporter.counter('node_network_receive_errs_total', { device: 'eth0' }, rising(errors, 80)),
        t.nodeExporter.counter('node_network_transmit_errs_total', { device: 'eth0' }, rising(0, 80)),
      ],
      evalTime: '75m',
      firing: errors > 0 ? [{ cluster, instance: 'node-a', device: 'eth0' }] : [],
    })),
    ...[0, 1].map((up): AlertCase => ({
      alert: 'TargetDown',
      story: up ? 'kube-state-metrics up' : 'kube-state-metrics cannot be scraped',
      series: [t.kubeStateMetrics.up(steady(up, 30))],
      evalTime: '20m',
      firing: up ? [] : [{ cluster, job: SCRAPE_JOBS.kubeStateMetrics }],
    })),
    ...rolloutCases(cluster),
    ...storageAndNodeCases(cluster),
    { alert: 'Watchdog', story: 'no series at all', series: [], evalTime: '1m', firing: [{}] },
    { alert: 'ClusterMetricsAbsent', story: 'the cluster sends nothing', series: [], evalTime: '15m', firing: [{ cluster }] },
    { alert: 'ClusterMetricsAbsent', story: 'every target up', series: allUp(20), evalTime: '15m', firing: [] },
    {
      alert: 'ScrapeJobAbsent',
      story: 'kube-state-metrics vanished, the rest up',
      series: allUp(20).filter((series) => !series.series.includes(`job="${SCRAPE_JOBS.kubeStateMetrics}"`)),
      evalTime: '15m',
      firing: [{ cluster, job: SCRAPE_JOBS.kubeStateMetrics }],
    },
    { alert: 'ScrapeJobAbsent', story: 'every job has a target up', series: allUp(20), evalTime: '15m', firing: [] },
  ];
}

/** Labels every kube-state-metrics series of the cases' cluster carries. */
function ksmTargetLabels(cluster: string) {
  return { job: SCRAPE_JOBS.kubeStateMetrics, cluster, region: 'test-region-1', account_id: '000000000000', instance: '10.0.2.1:8080' };
}

/** Generation mismatches, stuck rollouts and a Job that does not end. */
function rolloutCases(cluster: string): AlertCase[] {
  const t = clusterTargets(cluster);
  const ksm = t.kubeStateMetrics;
  const target = ksmTargetLabels(cluster);
  const deployment = { namespace: TEAM_NAMESPACE, deployment: 'app' };
  const statefulset = { namespace: TEAM_NAMESPACE, statefulset: 'db' };
  const daemonset = { namespace: PLATFORM_NAMESPACES.nodeExporter, daemonset: 'node-exporter' };
  const job = { namespace: TEAM_NAMESPACE, job_name: 'backup' };
  return [
    ...([
      ['KubeDeploymentGenerationMismatch', 'deployment', deployment],
      ['KubeStatefulSetGenerationMismatch', 'statefulset', statefulset],
    ] as const).flatMap(([alert, kind, object]) =>
      [3, 4].map((observed): AlertCase => ({
        alert,
        story: observed < 4 ? 'generation 4 applied, the controller still at 3' : 'the controller observed generation 4',
        series: [ksm.gauge(`kube_${kind}_metadata_generation`, object, steady(4, 30)), ksm.gauge(`kube_${kind}_status_observed_generation`, object, steady(observed, 30))],
        evalTime: '20m',
        firing: observed < 4 ? [{ ...target, ...object }] : [],
      })),
    ),
    ...[false, true].map((progressing): AlertCase => ({
      alert: 'KubeDeploymentRolloutStuck',
      story: progressing ? 'a rollout progressing' : 'a rollout past its progress deadline',
      series: ['true', 'false', 'unknown'].map((status) =>
        ksm.gauge(
          'kube_deployment_status_condition',
          { ...deployment, reason: progressing ? 'NewReplicaSetAvailable' : 'ProgressDeadlineExceeded', condition: 'Progressing', status },
          steady(status === String(progressing) ? 1 : 0, 30),
        ),
      ),
      evalTime: '20m',
      firing: progressing ? [] : [{ ...target, ...deployment, reason: 'ProgressDeadlineExceeded', condition: 'Progressing', status: 'false' }],
    })),
    ...[1, 3].map((updated): AlertCase => ({
      alert: 'KubeStatefulSetUpdateNotRolledOut',
      story: updated < 3 ? 'revision db-2 stuck after updating 1 of 3 replicas' : 'all 3 replicas on revision db-2',
      series: [
        ksm.gauge('kube_statefulset_status_current_revision', { ...statefulset, revision: updated < 3 ? 'db-1' : 'db-2' }, steady(1, 30)),
        ksm.gauge('kube_statefulset_status_update_revision', { ...statefulset, revision: 'db-2' }, steady(1, 30)),
        ksm.gauge('kube_statefulset_replicas', statefulset, steady(3, 30)),
        ksm.gauge('kube_statefulset_status_replicas_updated', statefulset, steady(updated, 30)),
      ],
      evalTime: '25m',
      firing: updated < 3 ? [{ cluster, ...statefulset }] : [],
    })),
    ...[1, 2].map((updated): AlertCase => ({
      alert: 'KubeDaemonSetRolloutStuck',
      story: `${updated} of 2 node-exporter pods on the new template, no progress`,
      series: [
        ksm.gauge('kube_daemonset_status_desired_number_scheduled', daemonset, steady(2, 30)),
        ksm.gauge('kube_daemonset_status_updated_number_scheduled', daemonset, steady(updated, 30)),
      ],
      evalTime: '25m',
      firing: updated < 2 ? [{ ...target, ...daemonset }] : [],
    })),
    ...[13, 1].map((hoursAgo): AlertCase => ({
      alert: 'KubeJobNotCompleted',
      story: `a Job started ${hoursAgo} hours before the test and still running`,
      series: [ksm.gauge('kube_job_status_start_time', job, steady(-hoursAgo * 3600, 30)), ksm.gauge('kube_job_status_active', job, steady(1, 30))],
      evalTime: '20m',
      firing: hoursAgo > 12 ? [{ cluster, ...job }] : [],
    })),
  ];
}

/** Persistent volumes, node readiness, the kubelet's PLEG and a filling node filesystem. */
function storageAndNodeCases(cluster: string): AlertCase[] {
  const t = clusterTargets(cluster);
  const target = ksmTargetLabels(cluster);
  const claim = { namespace: TEAM_NAMESPACE, persistentvolumeclaim: 'data' };
  const kubeletLabels = { job: SCRAPE_JOBS.kubelet, metrics_path: '/metrics', cluster, region: 'test-region-1', account_id: '000000000000', instance: '10.0.1.1:10250', node: 'node-a' };
  const fs = { device: '/dev/nvme0n1p1', fstype: 'xfs', mountpoint: '/' };
  const nodeLabels = { job: SCRAPE_JOBS.nodeExporter, cluster, region: 'test-region-1', account_id: '000000000000', instance: 'node-a' };
  // Ready for 3 minutes, not Ready for 3, over and over.
  const flapping = Array.from({ length: 41 }, (_, minute) => (Math.floor(minute / 3) % 2 === 0 ? 1 : 0)).join(' ');
  return [
    ...[2, 50].map((free): AlertCase => ({
      alert: 'KubePersistentVolumeInodesFillingUp',
      story: `${free}% of a volume's inodes free`,
      series: [
        t.kubelet.gauge('kubelet_volume_stats_inodes_free', claim, steady(free, 10)),
        t.kubelet.gauge('kubelet_volume_stats_inodes', claim, steady(100, 10)),
        t.kubelet.gauge('kubelet_volume_stats_inodes_used', claim, steady(100 - free, 10)),
      ],
      evalTime: '5m',
      firing: free < 3 ? [{ ...kubeletLabels, ...claim }] : [],
    })),
    ...([
      ['KubePersistentVolumeFillingUp', { free: 'available_bytes', total: 'capacity_bytes', used: 'used_bytes' }],
      ['KubePersistentVolumeInodesFillingUp', { free: 'inodes_free', total: 'inodes', used: 'inodes_used' }],
    ] as const).flatMap(([alert, stats]) =>
      [true, false].map((filling): AlertCase => ({
        alert,
        story: filling ? '10% free and losing 0.6% an hour' : '10% free, steady',
        series: [
          t.kubelet.gauge(`kubelet_volume_stats_${stats.free}`, claim, filling ? '10-0.01x90' : steady(10, 90)),
          t.kubelet.gauge(`kubelet_volume_stats_${stats.total}`, claim, steady(100, 90)),
          t.kubelet.gauge(`kubelet_volume_stats_${stats.used}`, claim, filling ? '90+0.01x90' : steady(90, 90)),
        ],
        evalTime: '75m',
        firing: filling ? [{ ...kubeletLabels, ...claim }] : [],
        severities: filling ? ['warning'] : undefined,
      })),
    ),
    ...['Failed', 'Bound'].map((current): AlertCase => ({
      alert: 'KubePersistentVolumeErrors',
      story: `a volume ${current}`,
      series: ['Bound', 'Failed', 'Pending', 'Available', 'Released'].map((phase) =>
        t.kubeStateMetrics.gauge('kube_persistentvolume_status_phase', { persistentvolume: 'pvc-1', phase }, steady(phase === current ? 1 : 0, 20)),
      ),
      evalTime: '10m',
      firing: current === 'Failed' ? [{ ...target, persistentvolume: 'pvc-1', phase: 'Failed' }] : [],
    })),
    ...[true, false].map((flaps): AlertCase => ({
      alert: 'KubeNodeReadinessFlapping',
      story: flaps ? 'a node Ready and not Ready every 3 minutes' : 'a node Ready throughout',
      series: [t.kubeStateMetrics.gauge('kube_node_status_condition', { node: 'node-a', condition: 'Ready', status: 'true' }, flaps ? flapping : steady(1, 40))],
      evalTime: '35m',
      firing: flaps ? [{ cluster, node: 'node-a' }] : [],
    })),
    ...['true', 'false'].map((pressure): AlertCase => ({
      alert: 'KubeNodePressure',
      story: pressure === 'true' ? 'a schedulable node under memory pressure' : 'a node without pressure',
      series: [
        t.kubeStateMetrics.gauge('kube_node_status_condition', { node: 'node-a', condition: 'MemoryPressure', status: 'true' }, steady(pressure === 'true' ? 1 : 0, 30)),
        t.kubeStateMetrics.gauge('kube_node_status_condition', { node: 'node-a', condition: 'MemoryPressure', status: 'false' }, steady(pressure === 'true' ? 0 : 1, 30)),
        t.kubeStateMetrics.gauge('kube_node_spec_unschedulable', { node: 'node-a' }, steady(0, 30)),
      ],
      evalTime: '20m',
      firing: pressure === 'true' ? [{ ...target, node: 'node-a', condition: 'MemoryPressure', status: 'true' }] : [],
    })),
    ...[300, 0].map((terminated): AlertCase => {
      const request = { verb: 'LIST', group: '', version: 'v1', resource: 'pods', subresource: '', scope: 'cluster', component: 'apiserver', code: '504' };
      return {
        alert: 'KubeAPITerminatedRequests',
        story: `${terminated} of ${600 + terminated} requests a minute terminated by the server`,
        series: [
          ...apiserverTraffic(t.apiserver, { ok: 600, failed: 0, readSeconds: 0.04 }, 30),
          t.apiserver.counter('apiserver_request_terminations_total', request, rising(terminated, 30)),
        ],
        evalTime: '20m',
        firing: terminated ? [{ cluster }] : [],
      };
    }),
    ...[3, 0].map((slow): AlertCase => ({
      alert: 'KubeletPlegDurationHigh',
      story: `${slow} of ${55 + slow} relists a minute take 12 s`,
      series: t.kubelet.histogram('kubelet_pleg_relist_duration_seconds', {}, [{ value: 0.05, count: 55 }, ...(slow ? [{ value: 12, count: slow }] : [])], 20),
      evalTime: '15m',
      firing: slow ? [{ cluster, node: 'node-a' }] : [],
    })),
    ...[true, false].map((filling): AlertCase => ({
      alert: 'NodeFilesystemSpaceFillingUp',
      story: filling ? 'a third of / free and losing 3% an hour' : 'a third of / free, steady',
      series: [
        t.nodeExporter.gauge('node_filesystem_avail_bytes', fs, filling ? '35-0.05x90' : steady(35, 90)),
        t.nodeExporter.gauge('node_filesystem_size_bytes', fs, steady(100, 90)),
        t.nodeExporter.gauge('node_filesystem_readonly', fs, steady(0, 90)),
      ],
      evalTime: '75m',
      firing: filling ? [{ ...nodeLabels, ...fs }] : [],
    })),
  ];
}

/** A recording rule's expected output at one time: the series (name and labels) and its value. */
export interface RecordingCase {
  readonly story: string;
  readonly series: readonly ModelSeries[];
  readonly evalTime: string;
  readonly expr: string;
  readonly expected: readonly { readonly labels: Readonly<Record<string, string>>; readonly value: number }[];
}

/** The pod-to-workload mapping: a Deployment's pod through its ReplicaSet, a StatefulSet's and a DaemonSet's directly, a Job's not at all. */
export function workloadPodCase(cluster: string): RecordingCase {
  const ksm = clusterTargets(cluster).kubeStateMetrics;
  const pod = (name: string, ownerKind: string, ownerName: string) =>
    ksm.gauge('kube_pod_owner', { namespace: TEAM_NAMESPACE, pod: name, uid: `uid-${name}`, owner_kind: ownerKind, owner_name: ownerName, owner_is_controller: 'true' }, steady(1, 10));
  const expected = (type: string, workload: string, podName: string) => ({
    labels: { __name__: WORKLOAD_POD_SERIES, cluster, namespace: TEAM_NAMESPACE, workload_type: type, workload, pod: podName },
    value: 1,
  });
  return {
    story: 'one pod of each kind of owner',
    series: [
      pod('app-5d8f-x1', 'ReplicaSet', 'app-5d8f'),
      ksm.gauge('kube_replicaset_owner', { namespace: TEAM_NAMESPACE, replicaset: 'app-5d8f', owner_kind: 'Deployment', owner_name: 'app', owner_is_controller: 'true' }, steady(1, 10)),
      pod('db-0', 'StatefulSet', 'db'),
      pod('agent-x2', 'DaemonSet', 'agent'),
      pod('backup-x3', 'Job', 'backup'),
    ],
    evalTime: '5m',
    expr: WORKLOAD_POD_SERIES,
    expected: [expected('DaemonSet', 'agent', 'agent-x2'), expected('Deployment', 'app', 'app-5d8f-x1'), expected('StatefulSet', 'db', 'db-0')],
  };
}
