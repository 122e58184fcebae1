import { posix } from 'node:path';
import { dashboardJson, fleetDashboards } from '../../../platform/grafana/dashboards/fleet-dashboards';
import { FleetArtifact } from '../component';

/** Folder of dist/ holding the dashboards as plain JSON, for users who import them by hand. */
export const GRAFANA_ARTIFACT_FOLDER = 'grafana';

/** `dist/grafana/dashboards/<uid>.json`: the same JSON the GrafanaDashboard objects embed. */
export const grafanaDashboardsArtifact: FleetArtifact = {
  folder: GRAFANA_ARTIFACT_FOLDER,
  render: (fleet) =>
    fleetDashboards(fleet).map((rendered) => ({
      path: posix.join(GRAFANA_ARTIFACT_FOLDER, 'dashboards', `${rendered.definition.uid}.json`),
      content: dashboardJson(rendered),
    })),
};
