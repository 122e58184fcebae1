import { CLUSTER_LABEL, SELECTORS, selector } from '../selectors';
import { ampDashboard } from './amp-dashboard';
import { cpuThrottlingPanel, restartsInRangePanel } from './kube-panels';
import { activePodResources, restartsPerHour } from './kube-queries';
import { promInstantQuery, promQuery, row, statPanel, tablePanel, timeseriesPanel } from './panels';
import { CLUSTER_VARIABLE, labelValues, queryVariable } from './variables';

const scope = [`${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`, 'namespace="$namespace"'];
const cadvisor = (...matchers: string[]) => selector(SELECTORS.cadvisor, ...scope, ...matchers);
const ksm = (...matchers: string[]) => selector(SELECTORS.kubeStateMetrics, ...scope, ...matchers);

/** CPU, memory, restarts and pod status of one namespace's workloads (yelb and ho11y in geordie). */
export const NAMESPACE_WORKLOADS_DASHBOARD = ampDashboard({
  uid: 'namespace-workloads',
  title: 'Kubernetes / Namespace workloads',
  description: 'Resource use and health of the pods of one namespace, from cAdvisor and kube-state-metrics.',
  clusterSeries: `kube_pod_info${selector(SELECTORS.kubeStateMetrics)}`,
  variables: (datasourceType) => [
    queryVariable({
      name: 'namespace',
      label: 'Namespace',
      datasourceType,
      query: labelValues(`kube_pod_info${selector(SELECTORS.kubeStateMetrics, `${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`)}`, 'namespace'),
    }),
  ],
  panels: (frame, datasourceType) =>
    frame
      .withRow(row('Health'))
      .withPanel(statPanel({ title: 'Pods', description: 'Pods in the namespace.', datasourceType, targets: [promQuery(`count(kube_pod_info${ksm()})`, 'pods')] }))
      .withPanel(
        statPanel({
          title: 'Pods not ready',
          description: 'Pods whose Ready condition is false.',
          datasourceType,
          targets: [promQuery(`sum(kube_pod_status_ready${ksm('condition="false"')})`, 'not ready')],
        }),
      )
      .withPanel(restartsInRangePanel(datasourceType, ksm()))
      .withPanel(
        statPanel({
          title: 'Deployments short of replicas',
          description: 'Deployments with fewer available replicas than desired.',
          datasourceType,
          targets: [promQuery(`count(kube_deployment_spec_replicas${ksm()} > kube_deployment_status_replicas_available${ksm()}) or vector(0)`, 'deployments')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Pods by phase',
          description: 'Pods in each phase; anything but Running and Succeeded needs a look.',
          datasourceType,
          stacked: true,
          targets: [promQuery(`sum by (phase) (kube_pod_status_phase${ksm()})`, '{{phase}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Container restarts',
          description: 'Container restarts per hour, by pod.',
          datasourceType,
          targets: [promQuery(restartsPerHour(ksm(), 'pod'), '{{pod}}')],
        }),
      )
      .withPanel(
        tablePanel({
          title: 'Containers waiting',
          description: 'Containers not running, with the reason (CrashLoopBackOff, ImagePullBackOff, ...).',
          datasourceType,
          targets: [promInstantQuery(`kube_pod_container_status_waiting_reason${ksm()} == 1`)],
        }),
      )
      .withRow(row('Resources'))
      .withPanel(
        timeseriesPanel({
          title: 'CPU by pod',
          description: 'CPU cores used by each pod, with the total requested by its Pending and Running pods.',
          datasourceType,
          unit: 'short',
          targets: [
            promQuery(`sum by (pod) (rate(container_cpu_usage_seconds_total${cadvisor(SELECTORS.containers)}[$__rate_interval]))`, '{{pod}}'),
            promQuery(activePodResources('requests', 'cpu', scope), 'requested', 'B'),
          ],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Memory by pod',
          description: 'Memory working set of each pod, with the total limit of its Pending and Running pods.',
          datasourceType,
          unit: 'bytes',
          targets: [
            promQuery(`sum by (pod) (container_memory_working_set_bytes${cadvisor(SELECTORS.containers)})`, '{{pod}}'),
            promQuery(activePodResources('limits', 'memory', scope), 'limit', 'B'),
          ],
        }),
      )
      .withPanel(cpuThrottlingPanel({ datasourceType, cadvisorSelector: cadvisor(SELECTORS.containers), by: 'pod' }))
      .withPanel(
        timeseriesPanel({
          title: 'Network received by pod',
          description: 'Bytes per second each pod receives.',
          datasourceType,
          unit: 'Bps',
          targets: [promQuery(`sum by (pod) (rate(container_network_receive_bytes_total${cadvisor()}[$__rate_interval]))`, '{{pod}}')],
        }),
      ),
});

