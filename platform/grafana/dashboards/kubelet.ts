import { CLUSTER_LABEL, SELECTORS, selector } from '../selectors';
import { ampDashboard } from './amp-dashboard';
import { DASHBOARD_CONFIG } from './dashboard-config';
import { promQuery, row, statPanel, timeseriesPanel } from './panels';
import { CLUSTER_VARIABLE, labelValues, queryVariable } from './variables';

const inCluster = `${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`;
const kubelet = (...matchers: string[]) => selector(SELECTORS.kubelet, inCluster, 'node=~"$node"', ...matchers);
const { quantile } = DASHBOARD_CONFIG.kubelet;
const rate = (series: string) => `rate(${series}[$__rate_interval])`;
/** The configured quantile of a kubelet histogram, per node and the given labels. */
const histogramQuantile = (family: string, by: string) => `histogram_quantile(${quantile}, sum by (${by}, le) (${rate(`${family}_bucket${kubelet()}`)}))`;

/** The kubelets of a cluster: what they run, how their container runtime calls and pod starts go. */
export const KUBELET_DASHBOARD = ampDashboard({
  uid: 'kubelet',
  title: 'Kubernetes / Kubelet',
  description: "The kubelets' own metrics: running pods and containers, container runtime operations, pod start-up and the pod lifecycle event generator (PLEG).",
  clusterSeries: `kubelet_node_name${selector(SELECTORS.kubelet)}`,
  variables: (datasourceType) => [
    queryVariable({ name: 'node', label: 'Node', datasourceType, multi: true, query: labelValues(`kubelet_node_name${selector(SELECTORS.kubelet, inCluster)}`, 'node') }),
  ],
  panels: (frame, datasourceType) => {
    const percentile = `p${Math.round(quantile * 100)}`;
    return frame
      .withRow(row('Overview'))
      .withPanel(statPanel({ title: 'Kubelets', description: 'Kubelets scraped.', datasourceType, targets: [promQuery(`count(kubelet_node_name${kubelet()})`, 'kubelets')] }))
      .withPanel(statPanel({ title: 'Running pods', description: 'Pods with a running sandbox.', datasourceType, targets: [promQuery(`sum(kubelet_running_pods${kubelet()})`, 'pods')] }))
      .withPanel(
        statPanel({
          title: 'Running containers',
          description: 'Containers in the running state.',
          datasourceType,
          targets: [promQuery(`sum(kubelet_running_containers${kubelet('container_state="running"')})`, 'containers')],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Runtime errors per second',
          description: 'Container runtime (CRI) operations failing, all kubelets together.',
          datasourceType,
          unit: 'ops',
          targets: [promQuery(`sum(${rate(`kubelet_runtime_operations_errors_total${kubelet()}`)}) or vector(0)`, 'errors')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Running pods by node',
          description: 'Pods with a running sandbox on each node.',
          datasourceType,
          targets: [promQuery(`sum by (node) (kubelet_running_pods${kubelet()})`, '{{node}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Containers by state',
          description: 'Containers the runtime reports, by state.',
          datasourceType,
          stacked: true,
          targets: [promQuery(`sum by (container_state) (kubelet_running_containers${kubelet()})`, '{{container_state}}')],
        }),
      )
      .withRow(row('Container runtime'))
      .withPanel(
        timeseriesPanel({
          title: 'Operation rate',
          description: 'Calls from the kubelets to the container runtime per second, by operation.',
          datasourceType,
          unit: 'ops',
          targets: [promQuery(`sum by (operation_type) (${rate(`kubelet_runtime_operations_total${kubelet()}`)})`, '{{operation_type}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Operation error rate',
          description: 'Failing calls to the container runtime per second, by operation.',
          datasourceType,
          unit: 'ops',
          targets: [promQuery(`sum by (operation_type) (${rate(`kubelet_runtime_operations_errors_total${kubelet()}`)})`, '{{operation_type}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: `Operation duration (${percentile})`,
          description: `The ${percentile} duration of container runtime calls, by node and operation.`,
          datasourceType,
          unit: 's',
          targets: [promQuery(histogramQuantile('kubelet_runtime_operations_duration_seconds', 'node, operation_type'), '{{node}} {{operation_type}}')],
        }),
      )
      .withRow(row('Pods'))
      .withPanel(
        timeseriesPanel({
          title: 'Pod start rate',
          description: 'Pods started per second, by node.',
          datasourceType,
          unit: 'ops',
          targets: [promQuery(`sum by (node) (${rate(`kubelet_pod_start_duration_seconds_count${kubelet()}`)})`, '{{node}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: `Pod start duration (${percentile})`,
          description: `The ${percentile} time from the kubelet first seeing a pod to its containers running, image pulls included, by node.`,
          datasourceType,
          unit: 's',
          targets: [promQuery(histogramQuantile('kubelet_pod_start_duration_seconds', 'node'), '{{node}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: `Pod sync duration (${percentile})`,
          description: `The ${percentile} time the kubelet takes to sync one pod, by node and operation.`,
          datasourceType,
          unit: 's',
          targets: [promQuery(histogramQuantile('kubelet_pod_worker_duration_seconds', 'node, operation_type'), '{{node}} {{operation_type}}')],
        }),
      )
      .withRow(row('Pod lifecycle event generator'))
      .withPanel(
        timeseriesPanel({
          title: 'PLEG relist rate',
          description: 'Relists of the containers per second, by node (about one a second when healthy).',
          datasourceType,
          unit: 'ops',
          targets: [promQuery(`sum by (node) (${rate(`kubelet_pleg_relist_duration_seconds_count${kubelet()}`)})`, '{{node}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: `PLEG relist duration (${percentile})`,
          description: `The ${percentile} duration of a relist, by node; long relists make the node NotReady.`,
          datasourceType,
          unit: 's',
          targets: [promQuery(histogramQuantile('kubelet_pleg_relist_duration_seconds', 'node'), '{{node}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: `PLEG relist interval (${percentile})`,
          description: `The ${percentile} time between relists, by node.`,
          datasourceType,
          unit: 's',
          targets: [promQuery(histogramQuantile('kubelet_pleg_relist_interval_seconds', 'node'), '{{node}}')],
        }),
      );
  },
});

