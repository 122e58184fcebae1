import type { Fleet } from '../../../clusters/fleet/fleet-schema';
import { dataSourceType } from '../data-source-types';
import { CLUSTER_LABEL, SELECTORS, selector } from '../selectors';
import { DashboardDefinition } from './dashboard-definition';
import { dashboardFrame } from './dashboard-frame';
import { promQuery, row, timeseriesPanel } from './panels';
import { CLUSTER_VARIABLE, datasourceVariable, labelValues, queryVariable } from './variables';

const inCluster = `${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`;
const pods = selector(SELECTORS.cadvisor, inCluster, 'namespace=~"$namespace"');
/** Per-second rate of a cAdvisor network counter, summed by `by`. */
const network = (family: string, by: string) => `sum by (${by}) (rate(container_network_${family}${pods}[$__rate_interval]))`;

/** Pod network traffic (cAdvisor), by namespace and by pod. */
export const NETWORKING_DASHBOARD: DashboardDefinition = {
  uid: 'networking',
  title: 'Kubernetes / Networking',
  dataPath: 'amp',
  // The AMP plugin from Grafana 12 on, core Prometheus with SigV4 before.
  build: (fleet: Fleet) => build(dataSourceType('amp', fleet.grafana.version)),
};

interface Direction {
  readonly title: string;
  readonly family: 'receive' | 'transmit';
}

const DIRECTIONS: readonly Direction[] = [
  { title: 'received', family: 'receive' },
  { title: 'sent', family: 'transmit' },
];

function build(datasourceType: string) {
  const frame = dashboardFrame({
    uid: NETWORKING_DASHBOARD.uid,
    title: NETWORKING_DASHBOARD.title,
    description: 'Bytes, packets, drops and errors of pod network interfaces as cAdvisor counts them, by namespace and by pod (host-network pods count with their node, not here).',
    variables: [
      datasourceVariable(datasourceType, 'AMP'),
      queryVariable({ name: CLUSTER_VARIABLE, label: 'Cluster', datasourceType, query: labelValues(`kube_pod_info${selector(SELECTORS.kubeStateMetrics)}`, CLUSTER_LABEL) }),
      queryVariable({
        name: 'namespace',
        label: 'Namespace',
        datasourceType,
        multi: true,
        query: labelValues(`container_network_receive_bytes_total${selector(SELECTORS.cadvisor, inCluster)}`, 'namespace'),
      }),
    ],
  });
  for (const [heading, by] of [
    ['By namespace', 'namespace'],
    ['By pod', 'namespace, pod'],
  ] as const) {
    const legend = by === 'namespace' ? '{{namespace}}' : '{{namespace}}/{{pod}}';
    frame.withRow(row(heading));
    for (const direction of DIRECTIONS) {
      frame.withPanel(
        timeseriesPanel({
          title: `Bandwidth ${direction.title}`,
          description: `Bytes per second ${direction.title}, ${heading.toLowerCase()}.`,
          datasourceType,
          unit: 'Bps',
          targets: [promQuery(network(`${direction.family}_bytes_total`, by), legend)],
        }),
      );
    }
    for (const direction of DIRECTIONS) {
      frame.withPanel(
        timeseriesPanel({
          title: `Packets ${direction.title}`,
          description: `Packets per second ${direction.title}, ${heading.toLowerCase()}.`,
          datasourceType,
          unit: 'pps',
          targets: [promQuery(network(`${direction.family}_packets_total`, by), legend)],
        }),
      );
    }
    for (const direction of DIRECTIONS) {
      frame.withPanel(
        timeseriesPanel({
          title: `Packets ${direction.title}, dropped or in error`,
          description: `Packets per second dropped or failed on the way ${direction.family === 'receive' ? 'in' : 'out'}, ${heading.toLowerCase()}.`,
          datasourceType,
          unit: 'pps',
          targets: [
            promQuery(network(`${direction.family}_packets_dropped_total`, by), `${legend} dropped`),
            promQuery(network(`${direction.family}_errors_total`, by), `${legend} errors`, 'B'),
          ],
        }),
      );
    }
  }
  return frame.build();
}
