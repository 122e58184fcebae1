import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { loadFleet } from '../../fleet/load-fleet';
import { buildFleetApp } from '../lib/fleet-app';

/**
 * The CDK app of the AWS layer. Reads the fleet file (context `fleet` overrides the path) and
 * builds the pipeline with every account's stacks. Run through `npm run cdk:synth`.
 */
// Synthesized explicitly once the asynchronous add-ons are in the tree.
const app = new App({ autoSynth: false });
const fleetFile = String(app.node.tryGetContext('fleet') ?? join(__dirname, '..', '..', 'fleet.yaml'));
const distRoot = String(app.node.tryGetContext('distRoot') ?? join(__dirname, '..', '..', '..', 'dist'));
const { ready } = buildFleetApp(app, { fleet: loadFleet(fleetFile), distRoot });
/** The cloud assembly, once written; `bin/synth.ts` checks its messages as the CDK CLI does. */
export const synthesized = ready.then(
  () => app.synth(),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
    return undefined;
  },
);
