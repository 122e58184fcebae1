import { ClusterComponent, FleetArtifact } from './component';
import { teamWorkloads } from './components/team-workloads';

/**
 * Everything rendered per cluster, in order. Tenancy and the bootstrap app-of-apps are derived
 * from these by the renderer. To add a platform component, write a `ClusterComponent` in
 * `components/` and list it here.
 */
export const CLUSTER_COMPONENTS: readonly ClusterComponent[] = [teamWorkloads];

/** Everything rendered once for the fleet. */
export const FLEET_ARTIFACTS: readonly FleetArtifact[] = [];
