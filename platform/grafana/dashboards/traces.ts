import type { Fleet } from '../../../clusters/fleet/fleet-schema';
import { DATA_SOURCE_TYPES } from '../data-source-types';
import { xrayClusters, dataSourceNameRegex } from '../data-sources';
import { DASHBOARD_CONFIG } from './dashboard-config';
import { DashboardDefinition } from './dashboard-definition';
import { dashboardFrame } from './dashboard-frame';
import { nodeGraphPanel, tablePanel, xrayQuery } from './panels';
import { CLUSTER_VARIABLE, customVariable, datasourceVariable } from './variables';

const datasourceType = DATA_SOURCE_TYPES.xray;

/**
 * ho11y's traces in X-Ray. X-Ray data sources are per account, so `$cluster` (declared first)
 * narrows `$datasource` to the data source of that cluster's account.
 */
export const TRACES_DASHBOARD: DashboardDefinition = {
  uid: 'ho11y-traces',
  title: 'ho11y / Traces',
  dataPath: 'xray',
  build: (fleet: Fleet) =>
    dashboardFrame({
      uid: TRACES_DASHBOARD.uid,
      title: TRACES_DASHBOARD.title,
      description: 'X-Ray service map and recent traces of the ho11y sample app.',
      variables: [
        customVariable(CLUSTER_VARIABLE, 'Cluster', xrayClusters(fleet)),
        datasourceVariable(datasourceType, 'X-Ray', dataSourceNameRegex(`$${CLUSTER_VARIABLE}`)),
        customVariable('service', 'Service', DASHBOARD_CONFIG.ho11y.traceServices),
      ],
    })
      .withPanel(
        nodeGraphPanel({
          title: 'Service map',
          description: 'Services that exchanged traced requests in the time range, with their latency and error rates.',
          datasourceType,
          targets: [xrayQuery('getServiceMap')],
        }),
      )
      .withPanel(
        tablePanel({
          title: 'Traces',
          description: 'Recent traces through the selected service; open one to see its spans.',
          datasourceType,
          height: 10,
          targets: [xrayQuery('getTraceSummaries', 'service("$service")')],
        }),
      )
      .build(),
};
