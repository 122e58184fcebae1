import { APISERVER_MODEL } from '../../grafana/exporter-models/apiserver';
import { HO11Y_FAILURE_INJECTION, HO11Y_MODEL } from '../../grafana/exporter-models/ho11y';
import { CADVISOR_MODEL, KUBELET_MODEL } from '../../grafana/exporter-models/kubelet';
import { KUBE_STATE_METRICS_MODEL } from '../../grafana/exporter-models/kube-state-metrics';
import { ModelSeries, ModelTarget, Observations, rising, steady } from '../../grafana/exporter-models/model-series';
import { NODE_EXPORTER_MODEL } from '../../grafana/exporter-models/node-exporter';
import { OTEL_COLLECTOR_MODEL } from '../../grafana/exporter-models/otel-collector';
import { PLATFORM_NAMESPACES } from '../../platform-namespaces';
import { HO11Y_COMPONENTS, Ho11yComponent } from '../../../workloads/ho11y/ho11y-topology';

/**
 * Series of one cluster, generated from the exporter models: the scrape targets of each job and
 * what a healthy cluster running the shipped example (ho11y with its load generator and failure
 * injection) emits. Alert tests start from these and break one thing.
 */
export const TEAM_NAMESPACE = 'team-namespace';
const identity = (cluster: string) => ({ cluster, region: 'test-region-1', account_id: '000000000000' });

export interface ClusterTargets {
  readonly kubelet: ModelTarget;
  readonly cadvisor: ModelTarget;
  readonly kubeStateMetrics: ModelTarget;
  readonly nodeExporter: ModelTarget;
  readonly apiserver: ModelTarget;
  readonly collector: ModelTarget;
  readonly ho11y: (component: string) => ModelTarget;
}

export function clusterTargets(cluster: string): ClusterTargets {
  const id = identity(cluster);
  return {
    kubelet: new ModelTarget(KUBELET_MODEL, { ...id, instance: '10.0.1.1:10250', node: 'node-a' }),
    cadvisor: new ModelTarget(CADVISOR_MODEL, { ...id, instance: '10.0.1.1:10250', node: 'node-a' }),
    kubeStateMetrics: new ModelTarget(KUBE_STATE_METRICS_MODEL, { ...id, instance: '10.0.2.1:8080' }),
    nodeExporter: new ModelTarget(NODE_EXPORTER_MODEL, { ...id, instance: 'node-a' }),
    apiserver: new ModelTarget(APISERVER_MODEL, { ...id, instance: '10.0.0.10:443' }),
    collector: new ModelTarget(OTEL_COLLECTOR_MODEL, { ...id, instance: '10.0.3.1:8888', namespace: PLATFORM_NAMESPACES.collectors, pod: 'metrics-collector-0', service: 'metrics-collector' }),
    ho11y: (component) =>
      new ModelTarget(HO11Y_MODEL, { ...id, instance: `10.0.4.${HO11Y_COMPONENTS.findIndex((c) => c.name === component) + 1}:8765`, namespace: TEAM_NAMESPACE, pod: `${component}-0`, service: component }),
  };
}

/** `up` = 1 for every target of every job. */
export function targetsUp(targets: ClusterTargets, minutes: number): ModelSeries[] {
  return [targets.kubelet, targets.cadvisor, targets.kubeStateMetrics, targets.nodeExporter, targets.apiserver, targets.collector, targets.ho11y('frontend')].map((target) =>
    target.up(steady(1, minutes)),
  );
}

/** Seconds in a Go duration of ho11y's DUMMY backends (`42ms`, `2s`). */
function goDurationSeconds(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(text);
  if (!match) throw new Error(`Unsupported duration ${text}`);
  return Number(match[1]) / (match[2] === 'ms' ? 1000 : 1);
}

/**
 * Reading a body over the network once headers arrived: an assumption (ho11y times only that);
 * well under the smallest threshold anyone would set, as a healthy read is.
 */
export const BODY_READ_SECONDS = 0.0008;

/**
 * ho11y as shipped, per minute: the load generator calls the entry component; each component
 * fails `HO11Y_FAILURE_INJECTION.failedShare` of its calls when it injects failures, and calls
 * its downstreams only when it succeeds. Returns each component's status counts and timings.
 */
export function ho11yTraffic(requestsPerMinute: number, components: readonly Ho11yComponent[] = HO11Y_COMPONENTS) {
  const calls = new Map<string, number>([[components[0].name, requestsPerMinute]]);
  const result = components.map((component) => {
    const invoked = calls.get(component.name) ?? 0;
    const failed = component.injectFailure ? invoked * HO11Y_FAILURE_INJECTION.failedShare : 0;
    const served = invoked - failed;
    const observations: Observations[] = [];
    for (const downstream of component.downstreams) {
      if ('component' in downstream) {
        calls.set(downstream.component, (calls.get(downstream.component) ?? 0) + served);
        observations.push({ value: BODY_READ_SECONDS, count: served });
      } else if ('externalUrl' in downstream) {
        observations.push({ value: BODY_READ_SECONDS, count: served });
      } else {
        observations.push({ value: goDurationSeconds(downstream.dummy.latency), count: served });
      }
    }
    const statuses: Record<string, number> = { '200': served };
    for (const code of HO11Y_FAILURE_INJECTION.codes) statuses[code] = failed / HO11Y_FAILURE_INJECTION.codes.length;
    return { component: component.name, statuses, observations };
  });
  return result;
}

/** ho11y's series for the given traffic. */
export function ho11ySeries(targets: ClusterTargets, traffic: ReturnType<typeof ho11yTraffic>, minutes: number): ModelSeries[] {
  return traffic.flatMap(({ component, statuses, observations }) => {
    const target = targets.ho11y(component);
    return [
      ...Object.entries(statuses).map(([code, perMinute]) => target.counter('ho11y_total', { http_status_code: code }, rising(Number(perMinute.toPrecision(12)), minutes))),
      ...target.histogram('ho11y_downstream_duration_seconds', {}, observations, minutes),
    ];
  });
}

const pod = (name: string, namespace = TEAM_NAMESPACE) => ({ namespace, pod: name, uid: `uid-${name}` });

/** What a healthy cluster emits besides ho11y: everything running, ready, with room to spare. */
export function healthyPlatform(targets: ClusterTargets, minutes: number): ModelSeries[] {
  const { kubelet, cadvisor, kubeStateMetrics: ksm, nodeExporter: node, apiserver, collector } = targets;
  const container = { container: 'app', id: '/kubepods/app', image: 'app:1', name: 'app', namespace: TEAM_NAMESPACE, pod: 'app-0' };
  const fs = { device: '/dev/nvme0n1p1', fstype: 'xfs', mountpoint: '/' };
  const deployment = { namespace: TEAM_NAMESPACE, deployment: 'app' };
  return [
    ...targetsUp(targets, minutes),
    ksm.gauge('kube_pod_status_phase', { ...pod('app-0'), phase: 'Running' }, steady(1, minutes)),
    ksm.gauge('kube_pod_status_phase', { ...pod('app-0'), phase: 'Pending' }, steady(0, minutes)),
    ksm.gauge('kube_pod_status_ready', { ...pod('app-0'), condition: 'true' }, steady(1, minutes)),
    ksm.gauge('kube_pod_owner', { ...pod('app-0'), owner_kind: 'ReplicaSet', owner_name: 'app-1', owner_is_controller: 'true' }, steady(1, minutes)),
    ksm.gauge('kube_deployment_spec_replicas', deployment, steady(1, minutes)),
    ksm.gauge('kube_deployment_status_replicas_available', deployment, steady(1, minutes)),
    ksm.gauge('kube_deployment_status_replicas_updated', deployment, steady(1, minutes)),
    ksm.gauge('kube_node_status_condition', { node: 'node-a', condition: 'Ready', status: 'true' }, steady(1, minutes)),
    ksm.gauge('kube_node_status_capacity', { node: 'node-a', resource: 'pods', unit: 'integer' }, steady(29, minutes)),
    ksm.gauge('kube_pod_container_resource_limits', { ...pod('app-0'), container: 'app', node: 'node-a', resource: 'memory', unit: 'byte' }, steady(1000, minutes)),
    kubelet.gauge('kubelet_running_pods', {}, steady(12, minutes)),
    kubelet.gauge('kubelet_volume_stats_available_bytes', { namespace: TEAM_NAMESPACE, persistentvolumeclaim: 'data' }, steady(50, minutes)),
    kubelet.gauge('kubelet_volume_stats_capacity_bytes', { namespace: TEAM_NAMESPACE, persistentvolumeclaim: 'data' }, steady(100, minutes)),
    kubelet.gauge('kubelet_volume_stats_used_bytes', { namespace: TEAM_NAMESPACE, persistentvolumeclaim: 'data' }, steady(50, minutes)),
    cadvisor.gauge('container_memory_working_set_bytes', container, steady(400, minutes)),
    cadvisor.counter('container_cpu_cfs_periods_total', container, rising(600, minutes)),
    cadvisor.counter('container_cpu_cfs_throttled_periods_total', container, rising(6, minutes)),
    node.gauge('node_memory_MemAvailable_bytes', {}, steady(50, minutes)),
    node.gauge('node_memory_MemTotal_bytes', {}, steady(100, minutes)),
    node.gauge('node_filesystem_avail_bytes', fs, steady(50, minutes)),
    node.gauge('node_filesystem_size_bytes', fs, steady(100, minutes)),
    node.gauge('node_filesystem_files_free', fs, steady(500, minutes)),
    node.gauge('node_filesystem_files', fs, steady(1000, minutes)),
    node.gauge('node_filesystem_readonly', fs, steady(0, minutes)),
    node.counter('node_network_receive_bytes_total', { device: 'eth0' }, rising(6000000, minutes)),
    node.counter('node_network_transmit_bytes_total', { device: 'eth0' }, rising(6000000, minutes)),
    node.counter('node_network_receive_errs_total', { device: 'eth0' }, rising(0, minutes)),
    node.counter('node_network_transmit_errs_total', { device: 'eth0' }, rising(0, minutes)),
    ...apiserverTraffic(apiserver, { ok: 600, failed: 0, readSeconds: 0.04 }, minutes),
    collector.counter('otelcol_exporter_sent_metric_points_total', { exporter: 'prometheusremotewrite' }, rising(60000, minutes)),
    collector.counter('otelcol_exporter_send_failed_metric_points_total', { exporter: 'prometheusremotewrite', error_type: 'none' }, rising(0, minutes)),
    collector.gauge('otelcol_exporter_queue_size', { exporter: 'prometheusremotewrite', data_type: 'metrics' }, steady(10, minutes)),
    collector.gauge('otelcol_exporter_queue_capacity', { exporter: 'prometheusremotewrite', data_type: 'metrics' }, steady(1000, minutes)),
    collector.counter('otelcol_receiver_refused_metric_points_total', { receiver: 'prometheus', transport: 'http' }, rising(0, minutes)),
  ];
}

/** API server request counts per minute and the duration of its reads. */
export function apiserverTraffic(apiserver: ModelTarget, traffic: { ok: number; failed: number; readSeconds: number }, minutes: number): ModelSeries[] {
  const request = { verb: 'LIST', dry_run: '', group: '', version: 'v1', resource: 'pods', subresource: '', scope: 'cluster', component: 'apiserver' };
  return [
    apiserver.counter('apiserver_request_total', { ...request, code: '200' }, rising(traffic.ok, minutes)),
    apiserver.counter('apiserver_request_total', { ...request, code: '500' }, rising(traffic.failed, minutes)),
    ...apiserver.histogram('apiserver_request_duration_seconds', request, [{ value: traffic.readSeconds, count: traffic.ok + traffic.failed }], minutes),
  ];
}
