import { App } from 'cdk8s';
import { Fleet } from '../fleet/fleet-schema';
import { ClusterContext } from './cluster-context';
import { Leaf } from './leaf';
import { RenderedFile } from './rendered-file';

/**
 * Turns the fleet into the leaves of one cluster (none where it does not apply). Components
 * create their charts in `app` and say how ArgoCD syncs each one.
 */
export type ClusterComponent = (app: App, context: ClusterContext) => Leaf[];

/** Files rendered once for the whole fleet, outside any cluster folder (dashboards, rule files). */
export interface FleetArtifact {
  /** Top-level folder of dist/ the artifact owns; no cluster may have this name. */
  readonly folder: string;
  render(fleet: Fleet): RenderedFile[];
}
