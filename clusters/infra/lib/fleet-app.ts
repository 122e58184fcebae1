import { App } from 'aws-cdk-lib';
import { Fleet } from '../../fleet/fleet-schema';
import { FleetPipeline } from './fleet-pipeline';
import { supplyAvailabilityZones } from './fleet-vpc-provider';

export interface FleetAppProps {
  /** The validated fleet (see `clusters/fleet/load-fleet.ts`). */
  readonly fleet: Fleet;
  /** Folder holding the rendered output (`dist/`). */
  readonly distRoot: string;
}

/**
 * Everything the AWS layer creates, from one fleet: the pipeline stack, whose stages hold the
 * monitoring stack and one stack per workload cluster. `ready` resolves once eks-blueprints'
 * asynchronous add-ons are in the tree; synthesize only after it. `app` must be new (nothing in
 * it yet): the availability zones of each cluster account are given to it as context.
 */
export function buildFleetApp(app: App, props: FleetAppProps): { readonly pipeline: FleetPipeline; readonly ready: Promise<void> } {
  supplyAvailabilityZones(app, props.fleet);
  const pipeline = new FleetPipeline(app, 'pipeline', props);
  const ready = Promise.all([...pipeline.clusters.values()].map((builder) => builder.whenBuilt()))
    // The blueprint pipeline adds its waves in a `then` of the stages' promises; let it run first.
    .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    .then(() => pipeline.finalize());
  return { pipeline, ready };
}
