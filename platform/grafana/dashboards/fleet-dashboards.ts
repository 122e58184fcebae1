import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { Fleet } from '../../../clusters/fleet/fleet-schema';
import { fleetDataPaths } from '../data-sources';
import { API_SERVER_DASHBOARD } from './api-server';
import { CLUSTER_RESOURCES_DASHBOARD } from './cluster-resources';
import { COLLECTOR_HEALTH_DASHBOARD } from './collector-health';
import { DashboardDefinition } from './dashboard-definition';
import { HO11Y_CLOUDWATCH_DASHBOARD } from './ho11y-cloudwatch';
import { HO11Y_SERVICE_DASHBOARD } from './ho11y-service';
import { KUBELET_DASHBOARD } from './kubelet';
import { NAMESPACE_WORKLOADS_DASHBOARD } from './namespace-workloads';
import { NETWORKING_DASHBOARD } from './networking';
import { PERSISTENT_VOLUMES_DASHBOARD } from './persistent-volumes';
import { POD_RESOURCES_DASHBOARD } from './pod-resources';
import { TRACES_DASHBOARD } from './traces';
import { WORKLOAD_RESOURCES_DASHBOARD } from './workload-resources';

/** Every dashboard this repository can render. Add one here after writing its file. */
export const DASHBOARDS: readonly DashboardDefinition[] = [
  HO11Y_SERVICE_DASHBOARD,
  HO11Y_CLOUDWATCH_DASHBOARD,
  NAMESPACE_WORKLOADS_DASHBOARD,
  CLUSTER_RESOURCES_DASHBOARD,
  WORKLOAD_RESOURCES_DASHBOARD,
  POD_RESOURCES_DASHBOARD,
  NETWORKING_DASHBOARD,
  PERSISTENT_VOLUMES_DASHBOARD,
  KUBELET_DASHBOARD,
  API_SERVER_DASHBOARD,
  COLLECTOR_HEALTH_DASHBOARD,
  TRACES_DASHBOARD,
];

export interface RenderedDashboard {
  readonly definition: DashboardDefinition;
  readonly json: dashboard.Dashboard;
}

/** The dashboards whose data path the fleet has (no CloudWatch dashboard without a CloudWatch cluster). */
export function fleetDashboards(fleet: Fleet): RenderedDashboard[] {
  const paths = fleetDataPaths(fleet);
  const uids = new Set<string>();
  return DASHBOARDS.filter((definition) => paths.has(definition.dataPath)).map((definition) => {
    if (uids.has(definition.uid)) throw new Error(`Two dashboards use UID "${definition.uid}"; UIDs must be unique.`);
    uids.add(definition.uid);
    return { definition, json: definition.build(fleet) };
  });
}

/** The JSON text of a dashboard, as embedded in GrafanaDashboard objects and written for hand import. */
export function dashboardJson(rendered: RenderedDashboard): string {
  return `${JSON.stringify(rendered.json, null, 2)}\n`;
}
