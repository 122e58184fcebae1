import { WORKLOAD_POD_SERIES } from '../../alerts/workload-rules';
import { CLUSTER_LABEL, SELECTORS, selector } from '../selectors';
import { ampDashboard } from './amp-dashboard';
import { cpuThrottlingPanel, usageAgainstResourcesPanel } from './kube-panels';
import { activePodResources, ofWorkload, restartsPerHour, workloadPods } from './kube-queries';
import { promQuery, row, statPanel, timeseriesPanel } from './panels';
import { CLUSTER_VARIABLE, labelValues, queryVariable } from './variables';

const inCluster = `${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`;
const scope = [inCluster, 'namespace="$namespace"'];
const workload = [...scope, 'workload_type="$type"', 'workload="$workload"'];
const cadvisor = (...matchers: string[]) => selector(SELECTORS.cadvisor, ...scope, ...matchers);
const ksm = (...matchers: string[]) => selector(SELECTORS.kubeStateMetrics, ...scope, ...matchers);
const pods = workloadPods(workload);
/** Per-pod sum of a cAdvisor expression, kept for the workload's pods. */
const perPod = (expression: string) => `sum by (pod) (${ofWorkload(expression, workload)})`;

/** Replicas, CPU, memory, restarts and network of one Deployment, StatefulSet or DaemonSet. */
export const WORKLOAD_RESOURCES_DASHBOARD = ampDashboard({
  uid: 'workload-resources',
  title: 'Kubernetes / Workload',
  description: 'One workload: its replicas, and the CPU, memory, restarts and network of its pods against their requests and limits.',
  clusterSeries: `kube_pod_info${selector(SELECTORS.kubeStateMetrics)}`,
  variables: (datasourceType) => [
    queryVariable({ name: 'namespace', label: 'Namespace', datasourceType, query: labelValues(`${WORKLOAD_POD_SERIES}${selector(inCluster)}`, 'namespace') }),
    queryVariable({ name: 'type', label: 'Kind', datasourceType, query: labelValues(`${WORKLOAD_POD_SERIES}${selector(...scope)}`, 'workload_type') }),
    queryVariable({ name: 'workload', label: 'Workload', datasourceType, query: labelValues(`${WORKLOAD_POD_SERIES}${selector(...scope, 'workload_type="$type"')}`, 'workload') }),
  ],
  panels: (frame, datasourceType) => {
    const resource = (kind: 'requests' | 'limits', name: 'cpu' | 'memory', by?: string) => activePodResources(kind, name, scope, by, pods);
    return frame
      .withRow(row('Replicas'))
      .withPanel(statPanel({ title: 'Pods', description: 'Pods the workload owns now.', datasourceType, targets: [promQuery(`count(${pods})`, 'pods')] }))
      .withPanel(
        statPanel({
          title: 'Pods ready',
          description: 'Pods of the workload whose Ready condition is true.',
          datasourceType,
          targets: [promQuery(`sum(${ofWorkload(`kube_pod_status_ready${ksm('condition="true"')}`, workload)})`, 'ready')],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Restarts per hour',
          description: 'Container restarts per hour across the pods of the workload.',
          datasourceType,
          targets: [promQuery(`sum(${ofWorkload(restartsPerHour(ksm(), 'cluster, namespace, pod'), workload)})`, 'restarts')],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Pods not running',
          description: 'Pods of the workload Pending, Failed or Unknown.',
          datasourceType,
          targets: [promQuery(`sum(${ofWorkload(`kube_pod_status_phase${ksm('phase=~"Pending|Failed|Unknown"')}`, workload)}) or vector(0)`, 'not running')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Desired and ready replicas',
          description: 'Replicas the workload asks for (from its own object: Deployment, StatefulSet or DaemonSet) and pods of it that are ready.',
          datasourceType,
          targets: [
            promQuery(`kube_deployment_spec_replicas${ksm('deployment="$workload"')}`, 'desired (Deployment)'),
            promQuery(`kube_statefulset_replicas${ksm('statefulset="$workload"')}`, 'desired (StatefulSet)', 'B'),
            promQuery(`kube_daemonset_status_desired_number_scheduled${ksm('daemonset="$workload"')}`, 'desired (DaemonSet)', 'C'),
            promQuery(`sum(${ofWorkload(`kube_pod_status_ready${ksm('condition="true"')}`, workload)})`, 'ready', 'D'),
          ],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Container restarts',
          description: 'Container restarts per hour, by pod.',
          datasourceType,
          targets: [promQuery(`sum by (pod) (${ofWorkload(restartsPerHour(ksm(), 'cluster, namespace, pod'), workload)})`, '{{pod}}')],
        }),
      )
      .withRow(row('CPU'))
      .withPanel(
        usageAgainstResourcesPanel({
          title: 'CPU by pod',
          description: 'CPU cores used by each pod, with the requests and limits of the Pending and Running pods together.',
          datasourceType,
          usage: perPod(`rate(container_cpu_usage_seconds_total${cadvisor(SELECTORS.containers)}[$__rate_interval])`),
          legend: '{{pod}}',
          requests: resource('requests', 'cpu'),
          limits: resource('limits', 'cpu'),
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'CPU against requests',
          description: 'CPU each pod uses as a share of what it requests; above 1 it runs on spare capacity that may vanish.',
          datasourceType,
          unit: 'percentunit',
          targets: [
            promQuery(`${perPod(`rate(container_cpu_usage_seconds_total${cadvisor(SELECTORS.containers)}[$__rate_interval])`)} / ${resource('requests', 'cpu', 'pod')}`, '{{pod}}'),
          ],
        }),
      )
      .withPanel(cpuThrottlingPanel({ datasourceType, cadvisorSelector: cadvisor(SELECTORS.containers), by: 'pod', keep: (rate) => ofWorkload(rate, workload) }))
      .withRow(row('Memory'))
      .withPanel(
        usageAgainstResourcesPanel({
          title: 'Memory by pod',
          description: 'Memory working set of each pod, with the requests and limits of the Pending and Running pods together.',
          datasourceType,
          unit: 'bytes',
          usage: perPod(`container_memory_working_set_bytes${cadvisor(SELECTORS.containers)}`),
          legend: '{{pod}}',
          requests: resource('requests', 'memory'),
          limits: resource('limits', 'memory'),
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Memory against limits',
          description: 'Working set of each pod as a share of its memory limit; at 1 its containers are OOM-killed.',
          datasourceType,
          unit: 'percentunit',
          targets: [promQuery(`${perPod(`container_memory_working_set_bytes${cadvisor(SELECTORS.containers)}`)} / ${resource('limits', 'memory', 'pod')}`, '{{pod}}')],
        }),
      )
      .withRow(row('Network'))
      .withPanel(
        timeseriesPanel({
          title: 'Network by pod',
          description: 'Bytes per second each pod receives (positive) and sends (negative).',
          datasourceType,
          unit: 'Bps',
          targets: [
            promQuery(perPod(`rate(container_network_receive_bytes_total${cadvisor()}[$__rate_interval])`), '{{pod}} received'),
            promQuery(`-${perPod(`rate(container_network_transmit_bytes_total${cadvisor()}[$__rate_interval])`)}`, '{{pod}} sent', 'B'),
          ],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Packets dropped by pod',
          description: 'Packets per second dropped on the way in or out of each pod.',
          datasourceType,
          unit: 'pps',
          targets: [
            promQuery(perPod(`rate(container_network_receive_packets_dropped_total${cadvisor()}[$__rate_interval])`), '{{pod}} received'),
            promQuery(perPod(`rate(container_network_transmit_packets_dropped_total${cadvisor()}[$__rate_interval])`), '{{pod}} sent', 'B'),
          ],
        }),
      );
  },
});

