import { CLUSTER_LABEL, SELECTORS, selector } from '../selectors';
import { ampDashboard } from './amp-dashboard';
import { cpuThrottlingPanel, restartsInRangePanel, usageAgainstResourcesPanel } from './kube-panels';
import { activePodResources, restartsPerHour } from './kube-queries';
import { promInstantQuery, promQuery, row, statPanel, tablePanel, timeseriesPanel } from './panels';
import { CLUSTER_VARIABLE, labelValues, queryVariable } from './variables';

const inCluster = `${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`;
const scope = [inCluster, 'namespace="$namespace"', 'pod="$pod"'];
const cadvisor = (...matchers: string[]) => selector(SELECTORS.cadvisor, ...scope, ...matchers);
const ksm = (...matchers: string[]) => selector(SELECTORS.kubeStateMetrics, ...scope, ...matchers);
const byContainer = (family: string) => `sum by (container) (rate(${family}${cadvisor(SELECTORS.containers)}[$__rate_interval]))`;
/** Network counters belong to the pod (its sandbox), not to a container. */
const podNetwork = (family: string) => `sum(rate(${family}${cadvisor()}[$__rate_interval]))`;

/** CPU, memory, throttling, restarts and network of one pod, per container. */
export const POD_RESOURCES_DASHBOARD = ampDashboard({
  uid: 'pod-resources',
  title: 'Kubernetes / Pod',
  description: 'One pod: each container against its requests and limits, throttling, restarts, and the pod network.',
  clusterSeries: `kube_pod_info${selector(SELECTORS.kubeStateMetrics)}`,
  variables: (datasourceType) => [
    queryVariable({ name: 'namespace', label: 'Namespace', datasourceType, query: labelValues(`kube_pod_info${selector(SELECTORS.kubeStateMetrics, inCluster)}`, 'namespace') }),
    queryVariable({ name: 'pod', label: 'Pod', datasourceType, query: labelValues(`kube_pod_info${selector(SELECTORS.kubeStateMetrics, inCluster, 'namespace="$namespace"')}`, 'pod') }),
  ],
  panels: (frame, datasourceType) =>
    frame
      .withRow(row('Status'))
      .withPanel(
        statPanel({
          title: 'Ready',
          description: 'Whether the pod passes its readiness checks (1) or not (0).',
          datasourceType,
          targets: [promQuery(`max(kube_pod_status_ready${ksm('condition="true"')})`, 'ready')],
        }),
      )
      .withPanel(restartsInRangePanel(datasourceType, ksm()))
      .withPanel(
        statPanel({
          title: 'OOM kills in range',
          description: 'Containers of the pod killed for exceeding their memory limit during the selected time range.',
          datasourceType,
          targets: [promQuery(`sum(increase(container_oom_events_total${cadvisor(SELECTORS.containers)}[$__range])) or vector(0)`, 'OOM kills')],
        }),
      )
      .withPanel(
        tablePanel({
          title: 'Containers waiting',
          description: 'Containers of the pod not running, with the reason (CrashLoopBackOff, ImagePullBackOff, ...).',
          datasourceType,
          width: 6,
          height: 4,
          targets: [promInstantQuery(`kube_pod_container_status_waiting_reason${ksm()} == 1`)],
        }),
      )
      .withRow(row('CPU'))
      .withPanel(
        usageAgainstResourcesPanel({
          title: 'CPU by container',
          description: 'CPU cores each container uses, with its requests and limits while the pod is Pending or Running.',
          datasourceType,
          usage: byContainer('container_cpu_usage_seconds_total'),
          legend: '{{container}}',
          requests: activePodResources('requests', 'cpu', scope, 'container'),
          limits: activePodResources('limits', 'cpu', scope, 'container'),
          resourceLegendPrefix: '{{container}} ',
        }),
      )
      .withPanel(cpuThrottlingPanel({ datasourceType, cadvisorSelector: cadvisor(SELECTORS.containers), by: 'container' }))
      .withRow(row('Memory'))
      .withPanel(
        usageAgainstResourcesPanel({
          title: 'Memory by container',
          description: 'Working set (what the OOM killer counts) of each container, with its requests and limits while the pod is Pending or Running.',
          datasourceType,
          unit: 'bytes',
          usage: `sum by (container) (container_memory_working_set_bytes${cadvisor(SELECTORS.containers)})`,
          legend: '{{container}}',
          requests: activePodResources('requests', 'memory', scope, 'container'),
          limits: activePodResources('limits', 'memory', scope, 'container'),
          resourceLegendPrefix: '{{container}} ',
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Container restarts',
          description: 'Restarts per hour, by container.',
          datasourceType,
          targets: [promQuery(restartsPerHour(ksm(), 'container'), '{{container}}')],
        }),
      )
      .withRow(row('Network'))
      .withPanel(
        timeseriesPanel({
          title: 'Bandwidth',
          description: 'Bytes per second the pod receives (positive) and sends (negative).',
          datasourceType,
          unit: 'Bps',
          targets: [
            promQuery(podNetwork('container_network_receive_bytes_total'), 'received'),
            promQuery(`-${podNetwork('container_network_transmit_bytes_total')}`, 'sent', 'B'),
          ],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Packets',
          description: 'Packets per second received and sent, and those dropped or in error.',
          datasourceType,
          unit: 'pps',
          targets: [
            promQuery(podNetwork('container_network_receive_packets_total'), 'received'),
            promQuery(podNetwork('container_network_transmit_packets_total'), 'sent', 'B'),
            promQuery(podNetwork('container_network_receive_packets_dropped_total'), 'received, dropped', 'C'),
            promQuery(podNetwork('container_network_transmit_packets_dropped_total'), 'sent, dropped', 'D'),
            promQuery(`${podNetwork('container_network_receive_errors_total')} + ${podNetwork('container_network_transmit_errors_total')}`, 'errors', 'E'),
          ],
        }),
      ),
});

