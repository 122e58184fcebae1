import { Builder } from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { dataSourceType } from '../data-source-types';
import { CLUSTER_LABEL } from '../selectors';
import { DashboardDefinition } from './dashboard-definition';
import { dashboardFrame } from './dashboard-frame';
import { CLUSTER_VARIABLE, datasourceVariable, labelValues, queryVariable } from './variables';

export interface AmpDashboardProps {
  /** Stable UID; never change it (links and bookmarks use it). */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** Series selector whose `cluster` values fill the `$cluster` variable. */
  readonly clusterSeries: string;
  /** Variables after `$datasource` and `$cluster`, for the data source's plugin type. Default: none. */
  readonly variables?: (datasourceType: string) => readonly Builder<dashboard.VariableModel>[];
  /** Adds the rows and panels to the frame. */
  readonly panels: (frame: dashboard.DashboardBuilder, datasourceType: string) => dashboard.DashboardBuilder;
}

/**
 * A dashboard reading AMP: a `$datasource` of the plugin type the fleet's Grafana version offers
 * (the AMP plugin from 12 on, core Prometheus with SigV4 before), a `$cluster` variable, then its own.
 */
export function ampDashboard(props: AmpDashboardProps): DashboardDefinition {
  return {
    uid: props.uid,
    title: props.title,
    dataPath: 'amp',
    build: (fleet) => {
      const datasourceType = dataSourceType('amp', fleet.grafana.version);
      const frame = dashboardFrame({
        uid: props.uid,
        title: props.title,
        description: props.description,
        variables: [
          datasourceVariable(datasourceType, 'AMP'),
          queryVariable({ name: CLUSTER_VARIABLE, label: 'Cluster', datasourceType, query: labelValues(props.clusterSeries, CLUSTER_LABEL) }),
          ...(props.variables?.(datasourceType) ?? []),
        ],
      });
      return props.panels(frame, datasourceType).build();
    },
  };
}
