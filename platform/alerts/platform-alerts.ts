import { formatBound } from '../grafana/exporter-models/exporter-model';
import { SELECTORS, selector } from '../grafana/selectors';
import { ALERTS_CONFIG } from './alerts-config';
import { AlertingRule, Severity } from './rule-types';

/**
 * Alerts on the platform itself: collectors, pods, workloads and their rollouts, volumes, kubelets,
 * nodes and scrape targets. Only components EKS
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

const { collector, pods, nodes, targets, workloads, resources, storage, kubelet, apiserver } = ALERTS_CONFIG;
const ksm = (...matchers: string[]) => selector(SELECTORS.kubeStateMetrics, ...matchers);
const cadvisor = (...matchers: string[]) => selector(SELECTORS.cadvisor, SELECTORS.containers, ...matchers);
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;
const KIND_NAMES = { deployment: 'Deployment', statefulset: 'StatefulSet' } as const;

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

/**
 * A persistent volume running out of space or inodes, from the kubelet's volume stats: critical when
 * almost none is free, warning when little is free and the recent trend reaches zero within days.
 */
function volumeFillingUp(alert: string, stats: { free: string; total: string; used: string }, noun: 'space' | 'inodes'): AlertSpec[] {
  const stat = (name: string) => `kubelet_volume_stats_${name}${selector(SELECTORS.kubelet)}`;
  const freeBelow = (ratio: number) => `${stat(stats.free)} / ${stat(stats.total)} < ${ratio} and ${stat(stats.used)} > 0`;
  const claim = 'Volume claimed by {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} in cluster {{ $labels.cluster }}';
  const consequence = noun === 'space' ? 'the app writing to it will fail' : 'no new file can be created once they are gone';
  return [
    {
      alert,
      expr: freeBelow(noun === 'space' ? storage.volumeAvailableRatio : storage.inodesAvailableRatio),
      for: noun === 'space' ? storage.volumeFor : storage.inodesFor,
      severity: 'critical',
      summary: noun === 'space' ? 'A persistent volume is almost full.' : 'A persistent volume is almost out of inodes.',
      description: `${claim} has less than ${percent(noun === 'space' ? storage.volumeAvailableRatio : storage.inodesAvailableRatio)} of its ${noun} free; ${consequence}.`,
    },
    {
      alert,
      expr: `${freeBelow(storage.predictiveAvailableRatio)} and predict_linear(${stat(stats.free)}[${storage.predictionSample}], ${storage.predictionDays * 86400}) < 0`,
      for: storage.predictiveFor,
      severity: 'warning',
      summary: noun === 'space' ? 'A persistent volume is filling up.' : 'A persistent volume is running out of inodes.',
      description: `${claim} has less than ${percent(storage.predictiveAvailableRatio)} of its ${noun} free and, at the rate of the last ${storage.predictionSample}, runs out within ${storage.predictionDays} days.`,
    },
  ];
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
    expr: `max_over_time(kube_pod_container_status_waiting_reason${ksm('reason="CrashLoopBackOff"')}[5m]) >= 1`,
    for: pods.crashLoopingFor,
    severity: 'warning',
    summary: 'A container is crash-looping.',
    description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} in cluster {{ $labels.cluster }} is in CrashLoopBackOff.',
  },
  {
    alert: 'KubePodNotReady',
    // As kubernetes-mixin: Pending or Unknown pods, and Running pods that are not ready; Failed and
    // Succeeded pods are finished, not "not ready", and Job pods are left to the Job alerts.
    expr:
      `sum by (cluster, namespace, pod) (` +
      `max by (cluster, namespace, pod) (` +
      `kube_pod_status_phase${ksm('phase=~"Pending|Unknown"')} == 1` +
      ` or (kube_pod_status_phase${ksm('phase="Running"')} == 1 and on (cluster, namespace, pod) kube_pod_status_ready${ksm('condition="true"')} == 0)` +
      `) * on (cluster, namespace, pod) group_left () topk by (cluster, namespace, pod) (1, max by (cluster, namespace, pod, owner_kind) (kube_pod_owner${ksm('owner_kind!="Job"')}))` +
      `) > 0`,
    for: pods.notReadyFor,
    severity: 'warning',
    summary: 'A pod has not been ready for a while.',
    description: `Pod {{ $labels.namespace }}/{{ $labels.pod }} in cluster {{ $labels.cluster }} has been Pending, Unknown or Running but not ready for longer than ${pods.notReadyFor}.`,
  },
  {
    alert: 'KubeDeploymentReplicasMismatch',
    expr:
      `kube_deployment_spec_replicas${ksm()} > kube_deployment_status_replicas_available${ksm()}` +
      ` and changes(kube_deployment_status_replicas_updated${ksm()}[10m]) == 0`,
    for: workloads.replicasMismatchFor,
    severity: 'warning',
    summary: 'A Deployment has fewer available replicas than it asks for.',
    description: `Deployment {{ $labels.namespace }}/{{ $labels.deployment }} in cluster {{ $labels.cluster }} has had fewer available replicas than desired for ${workloads.replicasMismatchFor}, with no rollout progressing.`,
  },
  {
    alert: 'KubeStatefulSetReplicasMismatch',
    expr: `kube_statefulset_status_replicas_ready${ksm()} != kube_statefulset_replicas${ksm()}`,
    for: workloads.replicasMismatchFor,
    severity: 'warning',
    summary: 'A StatefulSet has fewer ready replicas than it asks for.',
    description: `StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} in cluster {{ $labels.cluster }} has not matched its replica count for ${workloads.replicasMismatchFor}.`,
  },
  {
    alert: 'KubeDaemonSetNotScheduled',
    expr:
      `kube_daemonset_status_desired_number_scheduled${ksm()} - kube_daemonset_status_number_available${ksm()} > 0` +
      ` or kube_daemonset_status_number_misscheduled${ksm()} > 0`,
    for: workloads.replicasMismatchFor,
    severity: 'warning',
    summary: 'A DaemonSet is not running where it should.',
    description: `DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} in cluster {{ $labels.cluster }} has pods missing or on nodes it should not run on (node-exporter and the collectors' nodes go blind with it).`,
  },
  {
    alert: 'KubeContainerWaiting',
    expr: `max by (cluster, namespace, pod, container, reason) (kube_pod_container_status_waiting_reason${ksm('reason!="CrashLoopBackOff"')}) > 0`,
    for: workloads.containerWaitingFor,
    severity: 'warning',
    summary: 'A container has been waiting to start for a long time.',
    description: `Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} in cluster {{ $labels.cluster }} has been waiting ({{ $labels.reason }}) for ${workloads.containerWaitingFor}.`,
  },
  {
    alert: 'KubeJobFailed',
    expr: `kube_job_failed${ksm('condition="true"')} > 0`,
    for: workloads.jobFailedFor,
    severity: 'warning',
    summary: 'A Job failed.',
    description: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} in cluster {{ $labels.cluster }} failed to complete; remove it once handled to clear the alert.',
  },
  ...(['deployment', 'statefulset'] as const).map(
    (kind): AlertSpec => ({
      alert: `Kube${KIND_NAMES[kind]}GenerationMismatch`,
      expr: `kube_${kind}_status_observed_generation${ksm()} != kube_${kind}_metadata_generation${ksm()}`,
      for: workloads.generationMismatchFor,
      severity: 'warning',
      summary: `A ${KIND_NAMES[kind]} has not acted on its latest change.`,
      description: `${KIND_NAMES[kind]} {{ $labels.namespace }}/{{ $labels.${kind} }} in cluster {{ $labels.cluster }} has not observed its latest generation for ${workloads.generationMismatchFor}: its last change failed and was not rolled back.`,
    }),
  ),
  {
    alert: 'KubeDeploymentRolloutStuck',
    expr: `kube_deployment_status_condition${ksm('condition="Progressing"', 'status="false"')} != 0`,
    for: workloads.rolloutStuckFor,
    severity: 'warning',
    summary: 'A Deployment rollout is not progressing.',
    description: 'The rollout of Deployment {{ $labels.namespace }}/{{ $labels.deployment }} in cluster {{ $labels.cluster }} has passed its progress deadline ({{ $labels.reason }}).',
  },
  {
    alert: 'KubeStatefulSetUpdateNotRolledOut',
    // A current revision other than the update revision, replicas not all updated, and no progress.
    expr:
      `max by (cluster, namespace, statefulset) (kube_statefulset_status_current_revision${ksm()} unless kube_statefulset_status_update_revision${ksm()})` +
      ` * on (cluster, namespace, statefulset) (kube_statefulset_replicas${ksm()} != kube_statefulset_status_replicas_updated${ksm()})` +
      ` and on (cluster, namespace, statefulset) changes(kube_statefulset_status_replicas_updated${ksm()}[5m]) == 0`,
    for: workloads.rolloutStuckFor,
    severity: 'warning',
    summary: 'A StatefulSet update is not rolled out.',
    description: `StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} in cluster {{ $labels.cluster }} has replicas on an old revision and has updated none for ${workloads.rolloutStuckFor}.`,
  },
  {
    alert: 'KubeDaemonSetRolloutStuck',
    // Missing and misplaced pods are KubeDaemonSetNotScheduled; this is an update that stopped.
    expr:
      `kube_daemonset_status_updated_number_scheduled${ksm()} != kube_daemonset_status_desired_number_scheduled${ksm()}` +
      ` and changes(kube_daemonset_status_updated_number_scheduled${ksm()}[5m]) == 0`,
    for: workloads.rolloutStuckFor,
    severity: 'warning',
    summary: 'A DaemonSet rollout is stuck.',
    description: `DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} in cluster {{ $labels.cluster }} has nodes still on the old pod template and has updated none for ${workloads.rolloutStuckFor}.`,
  },
  {
    alert: 'KubeJobNotCompleted',
    expr:
      `time() - max by (cluster, namespace, job_name) (kube_job_status_start_time${ksm()} and kube_job_status_active${ksm()} > 0)` +
      ` > ${workloads.jobTimeoutHours * 3600}`,
    for: workloads.jobNotCompletedFor,
    severity: 'warning',
    summary: 'A Job is taking too long.',
    description: `Job {{ $labels.namespace }}/{{ $labels.job_name }} in cluster {{ $labels.cluster }} has been running for more than ${workloads.jobTimeoutHours} hours.`,
  },
  {
    alert: 'CPUThrottlingHigh',
    expr:
      `sum by (cluster, namespace, pod, container) (increase(container_cpu_cfs_throttled_periods_total${cadvisor()}[5m]))` +
      ` / sum by (cluster, namespace, pod, container) (increase(container_cpu_cfs_periods_total${cadvisor()}[5m])) > ${resources.cpuThrottlingRatio}`,
    for: resources.cpuThrottlingFor,
    severity: 'warning',
    summary: 'A container is throttled by its CPU limit.',
    description: `Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} in cluster {{ $labels.cluster }} is throttled in over ${percent(resources.cpuThrottlingRatio)} of its CPU periods; it is slower than its requests suggest.`,
  },
  ...volumeFillingUp('KubePersistentVolumeFillingUp', { free: 'available_bytes', total: 'capacity_bytes', used: 'used_bytes' }, 'space'),
  ...volumeFillingUp('KubePersistentVolumeInodesFillingUp', { free: 'inodes_free', total: 'inodes', used: 'inodes_used' }, 'inodes'),
  {
    alert: 'KubePersistentVolumeErrors',
    expr: `kube_persistentvolume_status_phase${ksm('phase=~"Failed|Pending"')} > 0`,
    for: storage.volumeErrorsFor,
    severity: 'critical',
    summary: 'A persistent volume failed or cannot be provisioned.',
    description: 'Persistent volume {{ $labels.persistentvolume }} in cluster {{ $labels.cluster }} is {{ $labels.phase }}.',
  },
  {
    alert: 'KubeNodeNotReady',
    expr: `kube_node_status_condition${ksm('condition="Ready"', 'status="true"')} == 0`,
    for: kubelet.nodeNotReadyFor,
    severity: 'warning',
    summary: 'A node is not ready.',
    description: `Node {{ $labels.node }} in cluster {{ $labels.cluster }} has not been Ready for ${kubelet.nodeNotReadyFor}; its pods are being evicted or cannot start.`,
  },
  {
    alert: 'KubeletTooManyPods',
    expr:
      `max by (cluster, node) (kubelet_running_pods${selector(SELECTORS.kubelet)})` +
      ` / max by (cluster, node) (kube_node_status_capacity${ksm('resource="pods"')}) > ${kubelet.tooManyPodsRatio}`,
    for: kubelet.tooManyPodsFor,
    severity: 'warning',
    summary: 'A node runs nearly as many pods as it can.',
    description: `The kubelet on node {{ $labels.node }} in cluster {{ $labels.cluster }} runs over ${percent(kubelet.tooManyPodsRatio)} of its pod capacity (on EKS, set by the instance type's IP addresses).`,
  },
  {
    alert: 'KubeNodePressure',
    expr:
      `kube_node_status_condition${ksm('condition=~"MemoryPressure|DiskPressure|PIDPressure"', 'status="true"')} == 1` +
      ` and on (cluster, node) kube_node_spec_unschedulable${ksm()} == 0`,
    for: kubelet.pressureFor,
    severity: 'warning',
    summary: 'A node is under resource pressure.',
    description: 'Node {{ $labels.node }} in cluster {{ $labels.cluster }} reports {{ $labels.condition }}: its use is past an eviction threshold and the kubelet evicts pods.',
  },
  {
    alert: 'KubeNodeReadinessFlapping',
    expr: `sum by (cluster, node) (changes(kube_node_status_condition${ksm('condition="Ready"', 'status="true"')}[15m])) > ${kubelet.readinessChangesPer15m}`,
    for: kubelet.readinessFlappingFor,
    severity: 'warning',
    summary: 'A node keeps changing between Ready and not Ready.',
    description: `Node {{ $labels.node }} in cluster {{ $labels.cluster }} changed its Ready condition more than ${kubelet.readinessChangesPer15m} times in 15 minutes; its pods are disrupted each time.`,
  },
  {
    alert: 'KubeletPlegDurationHigh',
    expr:
      `(sum by (cluster, node) (rate(kubelet_pleg_relist_duration_seconds_count${selector(SELECTORS.kubelet)}[5m]))` +
      ` - sum by (cluster, node) (rate(kubelet_pleg_relist_duration_seconds_bucket${selector(SELECTORS.kubelet, `le="${formatBound(kubelet.plegSlowSeconds)}"`)}[5m])))` +
      ` / sum by (cluster, node) (rate(kubelet_pleg_relist_duration_seconds_count${selector(SELECTORS.kubelet)}[5m])) > ${kubelet.plegSlowRatio}`,
    for: kubelet.plegFor,
    severity: 'warning',
    summary: "The kubelet's pod lifecycle event generator relists too slowly.",
    description: `More than ${percent(kubelet.plegSlowRatio)} of the container relists of the kubelet on node {{ $labels.node }} in cluster {{ $labels.cluster }} take over ${kubelet.plegSlowSeconds} s; the node turns NotReady when they reach 3 minutes.`,
  },
  {
    alert: 'KubeAPITerminatedRequests',
    expr:
      `sum by (cluster) (rate(apiserver_request_terminations_total${selector(SELECTORS.apiserver)}[10m]))` +
      ` / (sum by (cluster) (rate(apiserver_request_total${selector(SELECTORS.apiserver)}[10m])) + sum by (cluster) (rate(apiserver_request_terminations_total${selector(SELECTORS.apiserver)}[10m])))` +
      ` > ${apiserver.terminatedRatio}`,
    for: apiserver.terminatedFor,
    severity: 'warning',
    summary: 'The API server terminates requests in self-defense.',
    description: `The API server of cluster {{ $labels.cluster }} ends more than ${percent(apiserver.terminatedRatio)} of incoming requests itself (overload or timeouts); clients see failures and retry.`,
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
    alert: 'NodeFilesystemSpaceFillingUp',
    expr:
      `node_filesystem_avail_bytes${selector(SELECTORS.nodeExporter, nodes.filesystemSelector)} / node_filesystem_size_bytes${selector(SELECTORS.nodeExporter, nodes.filesystemSelector)} < ${nodes.fillingUpAvailableRatio}` +
      ` and predict_linear(node_filesystem_avail_bytes${selector(SELECTORS.nodeExporter, nodes.filesystemSelector)}[${nodes.fillingUpPredictionSample}], ${nodes.fillingUpPredictionHours * 3600}) < 0` +
      ` and node_filesystem_readonly${selector(SELECTORS.nodeExporter, nodes.filesystemSelector)} == 0`,
    for: nodes.fillingUpFor,
    severity: 'warning',
    summary: 'A node filesystem is predicted to fill up within a day.',
    description: `Filesystem {{ $labels.mountpoint }} on node {{ $labels.instance }} in cluster {{ $labels.cluster }} has less than ${percent(nodes.fillingUpAvailableRatio)} space left and, at the rate of the last ${nodes.fillingUpPredictionSample}, fills up within ${nodes.fillingUpPredictionHours} hours.`,
  },
  {
    alert: 'NodeFilesystemFilesLow',
    expr:
      `node_filesystem_files_free${selector(SELECTORS.nodeExporter, nodes.filesystemSelector)} / node_filesystem_files${selector(SELECTORS.nodeExporter, nodes.filesystemSelector)} < ${nodes.filesystemAvailableRatio}` +
      ` and node_filesystem_readonly${selector(SELECTORS.nodeExporter, nodes.filesystemSelector)} == 0`,
    for: nodes.filesystemFor,
    severity: 'warning',
    summary: 'A node filesystem is running out of inodes.',
    description: `Filesystem {{ $labels.mountpoint }} on node {{ $labels.instance }} in cluster {{ $labels.cluster }} has less than ${percent(nodes.filesystemAvailableRatio)} of its inodes left; no new file can be created once they are gone.`,
  },
  {
    alert: 'NodeNetworkErrors',
    expr:
      `sum by (cluster, instance, device) (rate(node_network_receive_errs_total${selector(SELECTORS.nodeExporter)}[5m]) + rate(node_network_transmit_errs_total${selector(SELECTORS.nodeExporter)}[5m]))` +
      ` / sum by (cluster, instance, device) (rate(node_network_receive_bytes_total${selector(SELECTORS.nodeExporter)}[5m]) + rate(node_network_transmit_bytes_total${selector(SELECTORS.nodeExporter)}[5m]) > 0) > ${nodes.networkErrorsPerByte}`,
    for: nodes.networkErrorsFor,
    severity: 'warning',
    summary: 'A node network interface reports errors.',
    description: 'Interface {{ $labels.device }} of node {{ $labels.instance }} in cluster {{ $labels.cluster }} reports receive or transmit errors.',
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
