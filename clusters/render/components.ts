import { ClusterComponent, FleetArtifact } from './component';
import { ampRulesArtifact } from './components/amp-rules-artifact';
import { cloudWatchAlarmsArtifact } from './components/cloudwatch-alarms-artifact';
import { grafana } from './components/grafana';
import { grafanaToken } from './components/grafana-token';
import { platformAddOns } from './components/platform-add-ons';
import { teamWorkloads } from './components/team-workloads';
import { telemetryCollectors } from './components/telemetry-collectors';

/**
 * Everything rendered per cluster, in order. Tenancy and the bootstrap app-of-apps are derived
 * from these by the renderer. To add a platform component, write a `ClusterComponent` in
 * `components/` and list it here.
 */
export const CLUSTER_COMPONENTS: readonly ClusterComponent[] = [platformAddOns, telemetryCollectors, grafana, grafanaToken, teamWorkloads];

/**
 * Everything rendered once for the fleet. Dashboards are not among them: their JSON lives once,
 * in the GrafanaDashboard objects of the Grafana manager cluster (`spec.json`), so a dashboard
 * change is reviewed once.
 */
export const FLEET_ARTIFACTS: readonly FleetArtifact[] = [ampRulesArtifact, cloudWatchAlarmsArtifact];
