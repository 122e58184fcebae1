import { ALERTS_CONFIG } from '../../alerts/alerts-config';
import { CLUSTER_LABEL, SELECTORS, selector } from '../selectors';
import { ampDashboard } from './amp-dashboard';
import { activePodResources } from './kube-queries';
import { promInstantQuery, promQuery, row, statPanel, tablePanel, timeseriesPanel } from './panels';
import { CLUSTER_VARIABLE, labelValues, queryVariable } from './variables';

const inCluster = `${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`;
const node = (...matchers: string[]) => selector(SELECTORS.nodeExporter, inCluster, 'instance=~"$instance"', ...matchers);
const ksm = (...matchers: string[]) => selector(SELECTORS.kubeStateMetrics, inCluster, ...matchers);
const filesystems = ALERTS_CONFIG.nodes.filesystemSelector;

/** Capacity, commitment and use of a cluster and its nodes. */
export const CLUSTER_RESOURCES_DASHBOARD = ampDashboard({
  uid: 'cluster-node-resources',
  title: 'Kubernetes / Cluster and node resources',
  description: 'Cluster capacity and requests (kube-state-metrics), node CPU, memory, disk and network (node-exporter), API server traffic.',
  clusterSeries: `node_memory_MemTotal_bytes${selector(SELECTORS.nodeExporter)}`,
  variables: (datasourceType) => [
    queryVariable({
      name: 'instance',
      label: 'Node',
      datasourceType,
      multi: true,
      query: labelValues(`node_memory_MemTotal_bytes${selector(SELECTORS.nodeExporter, inCluster)}`, 'instance'),
    }),
  ],
  panels: (frame, datasourceType) =>
    frame
      .withRow(row('Cluster'))
      .withPanel(statPanel({ title: 'Nodes', description: 'Nodes registered in the cluster.', datasourceType, targets: [promQuery(`count(kube_node_info${ksm()})`, 'nodes')] }))
      .withPanel(
        statPanel({
          title: 'CPU requested',
          description: 'CPU requested by Pending and Running pods, as a share of what the nodes can allocate.',
          datasourceType,
          unit: 'percentunit',
          targets: [promQuery(`${activePodResources('requests', 'cpu', [inCluster])} / sum(kube_node_status_allocatable${ksm('resource="cpu"')})`, 'requested')],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Memory requested',
          description: 'Memory requested by Pending and Running pods, as a share of what the nodes can allocate.',
          datasourceType,
          unit: 'percentunit',
          targets: [promQuery(`${activePodResources('requests', 'memory', [inCluster])} / sum(kube_node_status_allocatable${ksm('resource="memory"')})`, 'requested')],
        }),
      )
      .withPanel(
        statPanel({
          title: 'Running pods',
          description: 'Pods the kubelets report running.',
          datasourceType,
          targets: [promQuery(`sum(kubelet_running_pods${selector(SELECTORS.kubelet, inCluster)})`, 'pods')],
        }),
      )
      .withPanel(
        tablePanel({
          title: 'Node conditions',
          description: 'Nodes reporting memory, disk or PID pressure, or not Ready.',
          datasourceType,
          height: 6,
          targets: [
            promInstantQuery(
              `kube_node_status_condition${ksm('condition!="Ready"', 'status="true"')} == 1 or kube_node_status_condition${ksm('condition="Ready"', 'status!="true"')} == 1`,
            ),
          ],
        }),
      )
      .withRow(row('Nodes'))
      .withPanel(
        timeseriesPanel({
          title: 'CPU utilisation',
          description: 'Share of CPU time not idle, per node.',
          datasourceType,
          unit: 'percentunit',
          min: 0,
          max: 1,
          targets: [promQuery(`1 - avg by (instance) (rate(node_cpu_seconds_total${node('mode="idle"')}[$__rate_interval]))`, '{{instance}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Memory utilisation',
          description: 'Share of memory not available, per node.',
          datasourceType,
          unit: 'percentunit',
          min: 0,
          max: 1,
          targets: [promQuery(`1 - node_memory_MemAvailable_bytes${node()} / node_memory_MemTotal_bytes${node()}`, '{{instance}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Disk space used',
          description: 'Share of each node filesystem in use.',
          datasourceType,
          unit: 'percentunit',
          min: 0,
          max: 1,
          targets: [promQuery(`1 - node_filesystem_avail_bytes${node(filesystems)} / node_filesystem_size_bytes${node(filesystems)}`, '{{instance}} {{mountpoint}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Load (1m)',
          description: 'One-minute load average per node.',
          datasourceType,
          targets: [promQuery(`node_load1${node()}`, '{{instance}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Network',
          description: 'Bytes per second received (positive) and sent (negative) on physical interfaces.',
          datasourceType,
          unit: 'Bps',
          targets: [
            promQuery(`sum by (instance) (rate(node_network_receive_bytes_total${node('device!~"lo|veth.*|eni.*"')}[$__rate_interval]))`, '{{instance}} received'),
            promQuery(`-sum by (instance) (rate(node_network_transmit_bytes_total${node('device!~"lo|veth.*|eni.*"')}[$__rate_interval]))`, '{{instance}} sent', 'B'),
          ],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'API server requests',
          description: 'Requests per second to the Kubernetes API server, by response code.',
          datasourceType,
          unit: 'reqps',
          targets: [promQuery(`sum by (code) (rate(apiserver_request_total${selector(SELECTORS.apiserver, inCluster)}[$__rate_interval]))`, '{{code}}')],
        }),
      ),
});

