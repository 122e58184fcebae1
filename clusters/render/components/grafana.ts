import { App } from 'cdk8s';
import { PLATFORM_PROJECT } from '../../../platform/gitops/bootstrap-chart';
import { GrafanaOperatorChart } from '../../../platform/grafana/grafana-operator';
import { GrafanaResourcesChart } from '../../../platform/grafana/grafana-resources-chart';
import { PLATFORM_NAMESPACES } from '../../../platform/platform-namespaces';
import { SYNC_WAVES } from '../../../platform/sync-waves';
import { ClusterContext } from '../cluster-context';
import { Leaf } from '../leaf';

/**
 * grafana-operator and what it pushes to Amazon Managed Grafana, on the fleet's Grafana manager
 * cluster only: the operator (Helm, wave `grafanaOperator`), then the `Grafana` instance, data
 * sources, folder and dashboards (wave `grafanaResources`, once the operator's CRDs exist). Both
 * come after every other wave, so the workspace's state never holds back the rest of the cluster.
 */
export function grafana(app: App, context: ClusterContext): Leaf[] {
  if (context.fleet.grafana.managerCluster !== context.clusterName) return [];
  const namespace = PLATFORM_NAMESPACES.grafanaOperator;
  return [
    {
      path: 'platform/grafana-operator',
      chart: new GrafanaOperatorChart(app, 'grafana-operator', { project: PLATFORM_PROJECT, namespace }),
      sync: { project: PLATFORM_PROJECT, namespace: PLATFORM_NAMESPACES.argocd, wave: SYNC_WAVES.grafanaOperator },
    },
    {
      path: 'platform/grafana',
      chart: new GrafanaResourcesChart(app, 'grafana', { fleet: context.fleet, namespace }),
      sync: {
        project: PLATFORM_PROJECT,
        namespace,
        wave: SYNC_WAVES.grafanaResources,
        // The CRDs come with the operator in the previous wave; the URL job fills in
        // spec.external.url, which ArgoCD must then leave as it is.
        syncOptions: ['SkipDryRunOnMissingResource=true', 'RespectIgnoreDifferences=true'],
        ignoreDifferences: [{ group: 'grafana.integreatly.org', kind: 'Grafana', jsonPointers: ['/spec/external/url'] }],
      },
    },
  ];
}
