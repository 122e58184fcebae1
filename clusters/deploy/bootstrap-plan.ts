import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Fleet } from '../fleet/fleet-schema';
import { FleetAccount, fleetAccounts, profileOf } from './fleet-accounts';

/** What CloudFormation may do in a bootstrapped account. Narrow it with your own managed policy. */
export const EXECUTION_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** One `cdk bootstrap` the fleet needs: an account, a region and the accounts it must trust. */
export interface BootstrapTarget {
  readonly account: FleetAccount;
  readonly region: string;
  /** Account ids allowed to deploy here (the pipeline account), sorted; empty for the pipeline itself. */
  readonly trust: readonly string[];
}

/**
 * The bootstrap the fleet implies. The pipeline deploys into every other account, so each trusts
 * the pipeline account; the pipeline account is bootstrapped in its own region and, because CDK
 * Pipelines puts a support stack in every region it deploys to, in each target region too.
 */
export function bootstrapTargets(fleet: Fleet): BootstrapTarget[] {
  const accounts = fleetAccounts(fleet);
  const pipeline = accounts.find((account) => account.key === fleet.pipeline.account);
  if (!pipeline) throw new Error(`pipeline.account "${fleet.pipeline.account}" names no account`);
  const targets: BootstrapTarget[] = [];
  const regions = [...new Set([pipeline.region, ...accounts.map((account) => account.region)])];
  for (const region of regions) targets.push({ account: pipeline, region, trust: [] });
  for (const account of accounts) {
    if (account.key !== pipeline.key) targets.push({ account, region: account.region, trust: [pipeline.id] });
  }
  return targets;
}

/** The `cdk bootstrap` arguments for a target (run in clusters/infra with the CDK CLI). */
export function bootstrapArguments(target: BootstrapTarget): string[] {
  return [
    'bootstrap',
    `aws://${target.account.id}/${target.region}`,
    '--profile',
    profileOf(target.account.key),
    ...target.trust.flatMap((id) => ['--trust', id]),
    '--cloudformation-execution-policies',
    EXECUTION_POLICY,
  ];
}

let templateVersion: number | undefined;

/** Version of the bootstrap template the pinned CDK CLI deploys (its `CdkBootstrapVersion`). */
export function cliBootstrapVersion(): number {
  if (templateVersion === undefined) {
    const file = join(require.resolve('aws-cdk/package.json'), '..', 'lib', 'api', 'bootstrap', 'bootstrap-template.yaml');
    // The template uses CloudFormation tags (!Ref, !Sub); only a plain value is read here.
    const template = parse(readFileSync(file, 'utf8'), { logLevel: 'silent' }) as { Resources: { CdkBootstrapVersion: { Properties: { Value: string } } } };
    templateVersion = Number(template.Resources.CdkBootstrapVersion.Properties.Value);
  }
  return templateVersion;
}
