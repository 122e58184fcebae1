import type { Fleet } from '../../fleet/fleet-schema';
import { ObjectProblem } from '../../validate/object-problem';
import { RenderedObject } from '../../validate/rendered-objects';
import { ClusterFacts, HelmRelease } from '../helm-release';

/** What a check sees: one release as the project installs it, rendered by the real chart. */
export interface ReleaseRender {
  readonly fleet: Fleet;
  readonly release: HelmRelease;
  readonly chartDir: string;
  readonly objects: readonly RenderedObject[];
  readonly cluster: ClusterFacts;
  /** Every other release rendered on the same cluster (for checks across charts). */
  readonly clusterRenders: readonly ReleaseRender[];
}

/** One property every rendered chart must have. */
export interface ConformanceCheck {
  readonly id: string;
  readonly description: string;
  check(render: ReleaseRender): ObjectProblem[];
}
