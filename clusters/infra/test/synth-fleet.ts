import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseFleet } from '../../fleet/load-fleet';
import { testFleet } from '../../test/support/test-fleet';
import { Fleet } from '../../fleet/fleet-schema';
import { AccountAccessStack } from '../lib/account-access-stack';
import { AmpStack } from '../lib/amp-stack';
import { ClusterStackParts } from '../lib/cluster-stack-builder';
import { buildFleetApp } from '../lib/fleet-app';
import { FleetPipeline } from '../lib/fleet-pipeline';
import { MonitoringStack } from '../lib/monitoring-stack';

/** Repository root, and the example fleet and rendered output the app reads by default. */
export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');
export const DIST_ROOT = join(REPOSITORY_ROOT, 'dist');

export interface SynthesizedFleet {
  readonly fleet: Fleet;
  readonly app: App;
  readonly pipeline: FleetPipeline;
  readonly monitoring: MonitoringStack;
  /** The AMP workspace's stack, when a cluster writes to AMP. */
  readonly amp?: AmpStack;
  readonly clusters: ReadonlyMap<string, ClusterStackParts>;
  /** Each account's access stack, by account key. */
  readonly access: ReadonlyMap<string, AccountAccessStack>;
  /** Violations the registered validation plugins (e.g. cdk-nag) reported, as "rule at path". */
  readonly violations: readonly string[];
  /** Template of a stack, synthesized once and cached. */
  template(stack: Stack): Template;
}

export interface SynthOptions {
  /** Fleet to build. Default: the test fleet (clusters/test/support/test-fleet.ts). */
  readonly fleet?: Fleet;
  /** Rendered output folder. Default: the repository's dist/. */
  readonly distRoot?: string;
  /** Called with the app before synthesis, e.g. to register policy validation plugins. */
  readonly beforeSynth?: (app: App) => void;
}

/** Builds the whole app from a fleet, waits for the asynchronous add-ons and synthesizes it once. */
export async function synthFleet(options: SynthOptions = {}): Promise<SynthesizedFleet> {
  const fleet = options.fleet ?? testFleet();
  const app = new App();
  const { pipeline, ready } = buildFleetApp(app, { fleet, distRoot: options.distRoot ?? DIST_ROOT });
  await ready;
  options.beforeSynth?.(app);
  const violations = synthWithValidation(app);
  const monitoring = pipeline.monitoring.built[0];
  const clusters = new Map<string, ClusterStackParts>();
  for (const [name, builder] of pipeline.clusters) {
    const parts = builder.built[0];
    if (parts) {
      clusters.set(name, parts);
    }
  }
  if (!monitoring) {
    throw new Error('the pipeline built no monitoring stack');
  }
  const access = new Map<string, AccountAccessStack>();
  for (const [account, builder] of pipeline.access) {
    const stack = builder.built[0];
    if (stack) access.set(account, stack);
  }
  const cache = new Map<Stack, Template>();
  return {
    fleet,
    app,
    pipeline,
    monitoring,
    amp: pipeline.amp?.built[0],
    clusters,
    access,
    violations,
    template(stack: Stack): Template {
      let template = cache.get(stack);
      if (!template) {
        template = Template.fromStack(stack);
        cache.set(stack, template);
      }
      return template;
    },
  };
}

/** Parses a fleet fixture written as YAML in a test. */
export function fleetFixture(yaml: string): Fleet {
  return parseFleet(yaml, 'fixture.yaml');
}

/** The access stack of `account`; fails the test with the known names when it is missing. */
export function accessStack(synthesized: SynthesizedFleet, account: string): AccountAccessStack {
  const stack = synthesized.access.get(account);
  if (!stack) {
    throw new Error(`no access stack for account ${account} (built: ${[...synthesized.access.keys()].join(', ')})`);
  }
  return stack;
}

/** The AMP workspace's stack; fails the test when the fleet has none. */
export function ampStack(synthesized: SynthesizedFleet): AmpStack {
  if (!synthesized.amp) {
    throw new Error('the pipeline built no AMP stack; does a cluster write to AMP?');
  }
  return synthesized.amp;
}

/** The cluster's parts; fails the test with the known names when it is missing. */
export function clusterParts(synthesized: SynthesizedFleet, name: string): ClusterStackParts {
  const parts = synthesized.clusters.get(name);
  if (!parts) {
    throw new Error(`no stack for cluster ${name} (built: ${[...synthesized.clusters.keys()].join(', ')})`);
  }
  return parts;
}

/**
 * Synthesizes `app` and returns the violations its validation plugins reported. CDK does not
 * throw on them: it writes validation-report.json and sets process.exitCode, which is restored
 * here so a test run is judged by its assertions.
 */
export function synthWithValidation(app: App): string[] {
  const exitCode = process.exitCode;
  app.synth();
  process.exitCode = exitCode;
  const reportFile = join(app.outdir, 'validation-report.json');
  if (!existsSync(reportFile)) {
    return [];
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) => violation.violatingConstructs.map((construct) => `${violation.ruleName} at ${construct.constructPath}`)),
  );
}
