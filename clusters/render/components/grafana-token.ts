import { App } from 'cdk8s';
import { accountOf } from '../../fleet/account-of';
import { PLATFORM_PROJECT } from '../../../platform/gitops/bootstrap-chart';
import { GRAFANA_TOKEN } from '../../../platform/grafana/token-rotator/token-contract';
import { TokenRotatorChart } from '../../../platform/grafana/token-rotator/token-rotator-chart';
import { SYNC_WAVES } from '../../../platform/sync-waves';
import { ClusterContext } from '../cluster-context';
import { Leaf } from '../leaf';

/**
 * The grafana-operator token rotator, on the Grafana manager cluster only. It syncs with
 * grafana-operator, after every other Application (its health depends on the workspace, outside
 * the cluster), so its first-token Job has completed before the Grafana objects (next wave) need it.
 */
export function grafanaToken(app: App, context: ClusterContext): Leaf[] {
  const { fleet, clusterName } = context;
  if (fleet.grafana.managerCluster !== clusterName) return [];
  return [
    {
      path: 'platform/grafana-token',
      chart: new TokenRotatorChart(app, 'grafana-token', { grafanaRegion: accountOf(fleet, fleet.grafana.account).region }),
      sync: { project: PLATFORM_PROJECT, namespace: GRAFANA_TOKEN.namespace, wave: SYNC_WAVES.grafanaOperator },
    },
  ];
}
