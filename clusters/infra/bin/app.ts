import { join } from 'node:path';
import { utils } from '@aws-quickstart/eks-blueprints';
import { App } from 'aws-cdk-lib';
import { loadFleet } from '../../fleet/load-fleet';
import { buildFleetApp } from '../lib/fleet-app';

// eks-blueprints' user logger prints at debug level by default ("Core add-on ... is at version"
// on every synth); tslog level 3 is info: information, warnings and errors still show.
utils.userLog.settings.minLevel = 3;

/**
 * The CDK app of the AWS layer. Reads the fleet file (context `fleet` overrides the path) and
 * builds the pipeline with every account's stacks. Run through `npm run cdk:synth`.
 */
// Synthesized explicitly once the asynchronous add-ons are in the tree.
const app = new App({ autoSynth: false });
const fleetFile = String(app.node.tryGetContext('fleet') ?? join(__dirname, '..', '..', 'fleet.yaml'));
const distRoot = String(app.node.tryGetContext('distRoot') ?? join(__dirname, '..', '..', '..', 'dist'));
/** Bad input (a fleet file problem, a missing rendered file) is one message, not a stack trace. */
function fail(error: unknown): undefined {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
  return undefined;
}

function build(): Promise<void> {
  try {
    return buildFleetApp(app, { fleet: loadFleet(fleetFile), distRoot }).ready;
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The cloud assembly, once written; `bin/synth.ts` checks its messages as the CDK CLI does. */
export const synthesized = build().then(() => app.synth(), fail);
