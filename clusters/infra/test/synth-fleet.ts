import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from '@aws-quickstart/eks-blueprints';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseFleet } from '../../fleet/load-fleet';
import { fleetWith } from '../../test/support/fleet-fixtures';
import { testFleet } from '../../test/support/test-fleet';
import { Fleet } from '../../fleet/fleet-schema';
import { renderFleet } from '../../render/render-fleet';
import { writeFiles } from '../../render/write-dist';
import { AccountAccessStack } from '../lib/account-access-stack';
import { AmpStack } from '../lib/amp-stack';
import { ClusterStackParts } from '../lib/cluster-stack-builder';
import { buildFleetApp } from '../lib/fleet-app';
import { FleetPipeline } from '../lib/fleet-pipeline';
import { MonitoringStack } from '../lib/monitoring-stack';

// As bin/app.ts does: eks-blueprints' user logger prints every add-on version at debug level.
utils.userLog.settings.minLevel = 3;

/** Repository root, and the example fleet and rendered output the app reads by default. */
export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');
export const DIST_ROOT = join(REPOSITORY_ROOT, 'dist');

export interface SynthesizedFleet {
  readonly fleet: Fleet;
  /** The rendered folder the app read (rule file, bootstrap charts). */
  readonly distRoot: string;
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
  const distRoot = options.distRoot ?? DIST_ROOT;
  // Without construct stack traces, creation stacks of CloudFormation elements or assets copied
  // into cdk.out: no assertion reads them, and they cost a fifth of a synthesis (the kubectl and
  // AWS CLI layers alone are 60 MB; under Jest every captured stack is source-mapped).
  const app = new App({
    stackTraces: false,
    context: { 'aws:cdk:disable-asset-staging': true, 'aws:cdk:disable-creation-stack-traces': true },
  });
  const { pipeline, ready } = buildFleetApp(app, { fleet, distRoot });
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
    distRoot,
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

/** Registers cdk-nag's AwsSolutions pack, whose findings become `violations`. */
export const withNag = (app: App): void => Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

let testFleetApp: Promise<SynthesizedFleet> | undefined;
let optionsOnApp: Promise<SynthesizedFleet> | undefined;

/**
 * The test fleet's app, checked by cdk-nag, synthesized once per Jest file and shared by the
 * suites that only read it (a synthesis takes seconds). It reads the test fleet's own render,
 * written to `<temporary repository>/dist` (`distRoot`), as a fork's app reads its dist/.
 */
export function sharedTestFleetApp(): Promise<SynthesizedFleet> {
  if (!testFleetApp) {
    const fleet = testFleet();
    // In the run's temporary folder, which the test run removes at its end.
    const distRoot = join(mkdtempSync(join(tmpdir(), 'test-fleet-repository-')), 'dist');
    writeFiles(distRoot, renderFleet(fleet));
    testFleetApp = synthFleet({ fleet, distRoot, beforeSynth: withNag });
  }
  return testFleetApp;
}

/** What `sharedOptionsApp` switches on, for the suites that assert on it. */
export const OPTIONS = {
  connectionArn: 'arn:aws:codeconnections:us-west-2:123412341234:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  grafanaAdminGroup: 'a1b2c3d4-1111-2222-3333-444455556666',
  grafanaViewerUser: '9067a1b2c3-a1b2c3d4-aaaa-bbbb-cccc-ddddeeeeffff',
  exposedApp: { team: 'team-geordie', app: 'yelb' },
} as const;

/**
 * The test fleet with its optional features on: a pipeline connection of its own, Grafana access
 * for a group and a user, and an app exposed through an internal load balancer. Checked by
 * cdk-nag, synthesized once per Jest file and shared like `sharedTestFleetApp`.
 */
export function sharedOptionsApp(): Promise<SynthesizedFleet> {
  optionsOnApp ??= synthFleet({
    fleet: fleetWith((input) => {
      input.pipeline.connectionArn = OPTIONS.connectionArn;
      input.grafana.access = { admins: { groups: [OPTIONS.grafanaAdminGroup] }, viewers: { users: [OPTIONS.grafanaViewerUser] } };
      input.teams[OPTIONS.exposedApp.team].apps[OPTIONS.exposedApp.app].exposure = 'internal';
    }),
    beforeSynth: withNag,
  });
  return optionsOnApp;
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
