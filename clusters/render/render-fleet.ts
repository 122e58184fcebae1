import { WorkloadDefinition } from '../../workloads/workload-definition';
import { Fleet } from '../fleet/fleet-schema';
import { clusterContext } from './cluster-context';
import { distReadme } from './dist-readme';
import { FLEET_ARTIFACTS } from './components';
import { renderCluster } from './render-cluster';
import { RenderedFile } from './rendered-file';

export interface RenderOptions {
  /** Render only these clusters and no fleet-wide artifacts. Default: every cluster and artifact. */
  readonly clusters?: readonly string[];
  /** App charts by name. Default: `workloads/registry.ts`. */
  readonly workloads?: Readonly<Record<string, WorkloadDefinition>>;
}

/** Renders the fleet into files relative to `dist/`, sorted by path. Writes nothing. */
export function renderFleet(fleet: Fleet, options: RenderOptions = {}): RenderedFile[] {
  const clusters = options.clusters ?? Object.keys(fleet.clusters);
  const clash = FLEET_ARTIFACTS.filter((artifact) => artifact.folder in fleet.clusters);
  if (clash.length > 0) {
    throw new Error(`Cluster name(s) ${clash.map((artifact) => `"${artifact.folder}"`).join(', ')} clash with fleet-wide folders of dist/; rename the cluster(s).`);
  }
  const files = [
    ...clusters.flatMap((name) => renderCluster(clusterContext(fleet, name, options.workloads))),
    ...(options.clusters ? [] : [distReadme(), ...FLEET_ARTIFACTS.flatMap((artifact) => artifact.render(fleet))]),
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Top-level folders of dist/ the render owns for this fleet (cluster folders and artifact folders). */
export function ownedFolders(fleet: Fleet, options: RenderOptions = {}): string[] {
  return [...(options.clusters ?? Object.keys(fleet.clusters)), ...(options.clusters ? [] : FLEET_ARTIFACTS.map((artifact) => artifact.folder))];
}
