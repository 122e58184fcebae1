import { CLUSTER_LABEL, SELECTORS, selector } from '../selectors';
import { ampDashboard } from './amp-dashboard';
import { promInstantQuery, promQuery, row, tablePanel, timeseriesPanel } from './panels';
import { CLUSTER_VARIABLE, labelValues, queryVariable } from './variables';

const inCluster = `${CLUSTER_LABEL}="$${CLUSTER_VARIABLE}"`;
const claims = [inCluster, 'namespace="$namespace"', 'persistentvolumeclaim=~"$persistentvolumeclaim"'];
const volumeStats = (stat: string) => `max by (persistentvolumeclaim) (kubelet_volume_stats_${stat}${selector(SELECTORS.kubelet, ...claims)})`;
const ksm = (...matchers: string[]) => selector(SELECTORS.kubeStateMetrics, ...matchers);

/** Space and inodes of the persistent volumes a namespace claims, and the phase of every volume. */
export const PERSISTENT_VOLUMES_DASHBOARD = ampDashboard({
  uid: 'persistent-volumes',
  title: 'Kubernetes / Persistent volumes',
  description: 'Space and inodes used on mounted persistent volumes (kubelet volume stats), and claims and volumes not Bound (kube-state-metrics).',
  clusterSeries: `kube_pod_info${ksm()}`,
  variables: (datasourceType) => [
    queryVariable({ name: 'namespace', label: 'Namespace', datasourceType, query: labelValues(`kube_persistentvolumeclaim_info${ksm(inCluster)}`, 'namespace') }),
    queryVariable({
      name: 'persistentvolumeclaim',
      label: 'Claim',
      datasourceType,
      multi: true,
      query: labelValues(`kube_persistentvolumeclaim_info${ksm(inCluster, 'namespace="$namespace"')}`, 'persistentvolumeclaim'),
    }),
  ],
  panels: (frame, datasourceType) =>
    frame
      .withRow(row('Usage'))
      .withPanel(
        timeseriesPanel({
          title: 'Space used',
          description: 'Share of each volume in use, as the kubelet mounting it reports (only volumes mounted by a running pod).',
          datasourceType,
          unit: 'percentunit',
          min: 0,
          max: 1,
          targets: [promQuery(`${volumeStats('used_bytes')} / ${volumeStats('capacity_bytes')}`, '{{persistentvolumeclaim}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Space free',
          description: 'Bytes still available on each volume.',
          datasourceType,
          unit: 'bytes',
          targets: [promQuery(volumeStats('available_bytes'), '{{persistentvolumeclaim}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Inodes used',
          description: 'Share of the inodes of each volume in use; a volume out of inodes takes no new file however much space is left.',
          datasourceType,
          unit: 'percentunit',
          min: 0,
          max: 1,
          targets: [promQuery(`${volumeStats('inodes_used')} / ${volumeStats('inodes')}`, '{{persistentvolumeclaim}}')],
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: 'Inodes free',
          description: 'Inodes still free on each volume.',
          datasourceType,
          targets: [promQuery(volumeStats('inodes_free'), '{{persistentvolumeclaim}}')],
        }),
      )
      .withRow(row('Claims and volumes'))
      .withPanel(
        tablePanel({
          title: 'Claims not Bound',
          description: 'Claims of the namespace Pending (no volume provisioned yet) or Lost (their volume is gone).',
          datasourceType,
          width: 12,
          targets: [promInstantQuery(`kube_persistentvolumeclaim_status_phase${ksm(inCluster, 'namespace="$namespace"', 'phase!="Bound"')} == 1`)],
        }),
      )
      .withPanel(
        tablePanel({
          title: 'Volumes failed or pending',
          description: 'Persistent volumes of the cluster whose provisioning or reclaim failed, or that wait to be provisioned.',
          datasourceType,
          width: 12,
          targets: [promInstantQuery(`kube_persistentvolume_status_phase${ksm(inCluster, 'phase=~"Failed|Pending"')} == 1`)],
        }),
      ),
});

