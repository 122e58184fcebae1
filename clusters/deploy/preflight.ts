import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CodeStarConnectionsClient, GetConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { DescribeOrganizationCommand, ListAWSServiceAccessForOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { EnableSharingWithAwsOrganizationCommand, RAMClient } from '@aws-sdk/client-ram';
import { CreateSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Fleet } from '../fleet/fleet-schema';
import { BootstrapTarget, bootstrapTargets, cliBootstrapVersion } from './bootstrap-plan';
import { clientConfig, FleetAccount, fleetAccounts, MANAGEMENT_PROFILE_KEY, profileOf } from './fleet-accounts';
import { findExampleValues } from './example-values';

/** One thing that stops the deploy, and how to fix it. */
export interface PreflightProblem {
  readonly check: 'example values' | 'credentials' | 'caller identity' | 'organization' | 'bootstrap' | 'source connection';
  readonly subject: string;
  readonly problem: string;
  readonly fix: string;
}

/** Bootstrap state of one account and region, as the CDKToolkit stack reports it. */
export interface BootstrapState {
  readonly target: BootstrapTarget;
  /** `CdkBootstrapVersion` output, or undefined when the account is not bootstrapped there. */
  readonly version?: number;
  /** Account ids the bootstrap roles trust. */
  readonly trusted: readonly string[];
  /** True when the stack is current and trusts what the fleet needs: nothing to do. */
  readonly upToDate: boolean;
}

/** A gap the preflight found that an API call closes; the deploy makes the call, a dry run lists it. */
export interface PlannedAction {
  readonly what: string;
  /** The call, as a dry run prints it. */
  readonly call: string;
  run(): Promise<void>;
}

export interface PreflightResult {
  readonly problems: readonly PreflightProblem[];
  readonly bootstrap: readonly BootstrapState[];
  readonly actions: readonly PlannedAction[];
}

export interface PreflightOptions {
  /** Skip the organization checks (RAM sharing, Identity Center), e.g. without management access. Default: false. */
  readonly skipOrganizationChecks?: boolean;
  /** Reports each step as it starts. Default: silent. */
  readonly progress?: (line: string) => void;
  /** A GitHub token to store as the pipeline's source secret when it is missing. Default: $GITHUB_TOKEN. */
  readonly gitHubToken?: string;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** Errors that mean "these credentials do not resolve", as opposed to a failed call. */
function isCredentialsError(error: unknown): boolean {
  return ['CredentialsProviderError', 'ProviderError', 'TokenProviderError', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException'].includes(errorName(error));
}

function credentialsFix(key: string): string {
  const profile = profileOf(key);
  return `configure the AWS profile "${profile}" for this account (aws configure sso --profile ${profile}) and log in (aws sso login --profile ${profile})`;
}

/**
 * Read-only checks before anything is created. Every problem is collected (none stops the
 * others), each with its fix; the caller prints them all and stops when there is any.
 */
export async function runPreflight(fleet: Fleet, options: PreflightOptions = {}): Promise<PreflightResult> {
  const progress = options.progress ?? (() => undefined);
  const problems: PreflightProblem[] = [];
  const actions: PlannedAction[] = [];

  progress('preflight: example values in the fleet file');
  for (const found of findExampleValues(fleet)) {
    problems.push({ check: 'example values', subject: found.path, problem: `still holds the example value ${JSON.stringify(found.value)}`, fix: found.fix });
  }

  const accounts = fleetAccounts(fleet);
  const reachable: FleetAccount[] = [];
  progress(`preflight: credentials and identity of ${accounts.length} accounts (profiles ${accounts.map((account) => profileOf(account.key)).join(', ')})`);
  for (const account of accounts) {
    try {
      const identity = await new STSClient(clientConfig(account)).send(new GetCallerIdentityCommand({}));
      if (identity.Account !== account.id) {
        problems.push({
          check: 'caller identity',
          subject: `accounts.${account.key}`,
          problem: `profile "${profileOf(account.key)}" reaches account ${identity.Account ?? '?'} (${identity.Arn ?? '?'}), but the fleet says ${account.id}`,
          fix: `point the profile at account ${account.id}, or correct accounts.${account.key}.id in the fleet file`,
        });
      } else {
        reachable.push(account);
      }
    } catch (error) {
      problems.push({ check: 'credentials', subject: `accounts.${account.key}`, problem: `credentials of profile "${profileOf(account.key)}" do not resolve: ${errorMessage(error)}`, fix: credentialsFix(account.key) });
    }
  }

  if (!options.skipOrganizationChecks) {
    progress('preflight: AWS Organization (one organization, RAM sharing, Identity Center)');
    problems.push(...(await organizationProblems(fleet, reachable, actions)));
  }

  progress(`preflight: CDK bootstrap (template version ${cliBootstrapVersion()})`);
  const bootstrap: BootstrapState[] = [];
  for (const target of bootstrapTargets(fleet)) {
    if (!reachable.some((account) => account.key === target.account.key)) continue;
    const state = await bootstrapState(target);
    if ('problem' in state) problems.push(state.problem);
    else bootstrap.push(state);
  }

  progress('preflight: source connection of the pipeline');
  const pipelineAccount = reachable.find((account) => account.key === fleet.pipeline.account);
  if (pipelineAccount) problems.push(...(await sourceProblems(fleet, pipelineAccount, actions, options.gitHubToken ?? process.env.GITHUB_TOKEN)));

  return { problems, bootstrap, actions };
}

async function organizationProblems(fleet: Fleet, reachable: readonly FleetAccount[], actions: PlannedAction[]): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  const organizations = new Map<string, string[]>();
  for (const account of reachable) {
    try {
      const { Organization } = await new OrganizationsClient(clientConfig(account)).send(new DescribeOrganizationCommand({}));
      const id = Organization?.Id ?? '?';
      organizations.set(id, [...(organizations.get(id) ?? []), account.key]);
    } catch (error) {
      problems.push({
        check: 'organization',
        subject: `accounts.${account.key}`,
        problem: errorName(error) === 'AWSOrganizationsNotInUseException' ? 'is not in an AWS Organization' : `cannot read its organization: ${errorMessage(error)}`,
        fix: 'invite the account into the organization the other fleet accounts belong to (the Grafana facts are shared through AWS RAM inside one organization)',
      });
    }
  }
  if (organizations.size > 1) {
    problems.push({
      check: 'organization',
      subject: 'accounts',
      problem: `the accounts belong to different organizations: ${[...organizations.entries()].map(([id, keys]) => `${id} (${keys.join(', ')})`).join('; ')}`,
      fix: 'move every fleet account into one AWS Organization',
    });
  }

  const management = { key: MANAGEMENT_PROFILE_KEY, region: fleet.accounts[fleet.pipeline.account].region };
  const needed = ['ram.amazonaws.com', ...(fleet.grafana.authentication === 'AWS_SSO' ? ['sso.amazonaws.com'] : [])];
  try {
    const client = new OrganizationsClient(clientConfig(management));
    const enabled = new Set<string>();
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken: nextToken }));
      for (const service of page.EnabledServicePrincipals ?? []) if (service.ServicePrincipal) enabled.add(service.ServicePrincipal);
      nextToken = page.NextToken;
    } while (nextToken);
    if (!enabled.has('ram.amazonaws.com')) {
      // The manager cluster reads the Grafana workspace facts through a RAM share.
      actions.push({
        what: 'enable AWS RAM sharing with the organization',
        call: `ram:EnableSharingWithAwsOrganization (profile ${profileOf(MANAGEMENT_PROFILE_KEY)})`,
        run: async () => {
          await new RAMClient(clientConfig(management)).send(new EnableSharingWithAwsOrganizationCommand({}));
        },
      });
    }
    if (needed.includes('sso.amazonaws.com') && !enabled.has('sso.amazonaws.com')) {
      problems.push({
        check: 'organization',
        subject: 'grafana.authentication',
        problem: 'is AWS_SSO, but IAM Identity Center is not enabled in the organization',
        fix: 'enable IAM Identity Center once in the management account\'s console (Identity Center > Enable), or set grafana.authentication: SAML',
      });
    }
  } catch (error) {
    problems.push({
      check: 'organization',
      subject: `profile ${profileOf(MANAGEMENT_PROFILE_KEY)}`,
      problem: `cannot check ${needed.join(' and ')} in the organization: ${errorMessage(error)}`,
      fix: isCredentialsError(error)
        ? `${credentialsFix(MANAGEMENT_PROFILE_KEY)} with the organization's management account, or pass --skip-organization-checks once you have checked them yourself`
        : 'use credentials of the organization\'s management account for that profile, or pass --skip-organization-checks once you have checked them yourself',
    });
  }
  return problems;
}

async function bootstrapState(target: BootstrapTarget): Promise<BootstrapState | { problem: PreflightProblem }> {
  const subject = `aws://${target.account.id}/${target.region}`;
  try {
    const { Stacks } = await new CloudFormationClient(clientConfig(target.account, target.region)).send(new DescribeStacksCommand({ StackName: 'CDKToolkit' }));
    const stack = Stacks?.[0];
    const status = stack?.StackStatus ?? '';
    if (/FAILED$|^ROLLBACK_COMPLETE$|^DELETE_/.test(status)) {
      return {
        problem: {
          check: 'bootstrap',
          subject,
          problem: `the CDKToolkit stack is in state ${status}`,
          fix: `delete it (aws cloudformation delete-stack --stack-name CDKToolkit --region ${target.region} --profile ${profileOf(target.account.key)}); the deploy bootstraps again`,
        },
      };
    }
    const version = Number(stack?.Outputs?.find((output) => output.OutputKey === 'BootstrapVersion')?.OutputValue);
    const trustedParameter = stack?.Parameters?.find((parameter) => parameter.ParameterKey === 'TrustedAccounts')?.ParameterValue ?? '';
    const trusted = trustedParameter.split(',').map((id) => id.trim()).filter(Boolean);
    const upToDate = Number.isFinite(version) && version >= cliBootstrapVersion() && target.trust.every((id) => trusted.includes(id));
    return { target, version: Number.isFinite(version) ? version : undefined, trusted, upToDate };
  } catch (error) {
    if (errorName(error) === 'ValidationError' && /does not exist/.test(errorMessage(error))) {
      return { target, trusted: [], upToDate: false };
    }
    return { problem: { check: 'bootstrap', subject, problem: `cannot read the CDKToolkit stack: ${errorMessage(error)}`, fix: `allow cloudformation:DescribeStacks to profile "${profileOf(target.account.key)}"` } };
  }
}

/** The connection must be AVAILABLE: a new one stays PENDING until someone approves it in the console. */
async function connectionProblems(connectionArn: string, pipelineAccount: FleetAccount): Promise<PreflightProblem[]> {
  const region = connectionArn.split(':')[3];
  const approve = `https://${region}.console.aws.amazon.com/codesuite/settings/connections?region=${region}`;
  try {
    const { Connection } = await new CodeStarConnectionsClient(clientConfig(pipelineAccount, region)).send(new GetConnectionCommand({ ConnectionArn: connectionArn }));
    const status = Connection?.ConnectionStatus ?? 'UNKNOWN';
    if (status === 'AVAILABLE') return [];
    return [
      {
        check: 'source connection',
        subject: 'pipeline.connectionArn',
        problem: `the GitHub connection is ${status}`,
        fix: status === 'PENDING' ? `approve it once in the console (Update pending connection, install the AWS Connector for GitHub app): ${approve}` : `recreate the connection and write its ARN into the fleet file (${approve})`,
      },
    ];
  } catch (error) {
    return [{ check: 'source connection', subject: 'pipeline.connectionArn', problem: `cannot read the connection: ${errorMessage(error)}`, fix: `check the ARN, and that profile "${profileOf(pipelineAccount.key)}" may call codestar-connections:GetConnection` }];
  }
}

async function sourceProblems(fleet: Fleet, pipelineAccount: FleetAccount, actions: PlannedAction[], gitHubToken: string | undefined): Promise<PreflightProblem[]> {
  if (fleet.pipeline.connectionArn) return connectionProblems(fleet.pipeline.connectionArn, pipelineAccount);
  const name = fleet.pipeline.tokenSecretName;
  const client = new SecretsManagerClient(clientConfig(pipelineAccount));
  try {
    await client.send(new DescribeSecretCommand({ SecretId: name }));
    return [];
  } catch (error) {
    const missing = errorName(error) === 'ResourceNotFoundException';
    if (missing && gitHubToken) {
      actions.push({
        what: `store $GITHUB_TOKEN as the pipeline's source secret "${name}"`,
        call: `secretsmanager:CreateSecret ${name} (profile ${profileOf(pipelineAccount.key)}, ${pipelineAccount.region})`,
        run: async () => {
          await client.send(new CreateSecretCommand({ Name: name, SecretString: gitHubToken, Description: 'GitHub token the pipeline reads its source with (repo, admin:repo_hook)' }));
        },
      });
      return [];
    }
    return [
      {
        check: 'source connection',
        subject: `pipeline.tokenSecretName`,
        problem: missing ? `the secret "${name}" does not exist in the pipeline account (${pipelineAccount.region})` : `cannot read the secret "${name}": ${errorMessage(error)}`,
        fix: missing
          ? `create a GitHub token with the repo and admin:repo_hook scopes and run again with it in GITHUB_TOKEN (the deploy stores it), or store it yourself: aws secretsmanager create-secret --name ${name} --secret-string "$GITHUB_TOKEN" --region ${pipelineAccount.region} --profile ${profileOf(pipelineAccount.key)}`
          : `allow secretsmanager:DescribeSecret on it to profile "${profileOf(pipelineAccount.key)}"`,
      },
    ];
  }
}

/** The problems as the command prints them: one block per problem, grouped by check. */
export function formatProblems(problems: readonly PreflightProblem[]): string {
  const lines = [`${problems.length} problem${problems.length === 1 ? '' : 's'} found before deploying; nothing was changed:`];
  for (const problem of problems) {
    lines.push(`  [${problem.check}] ${problem.subject}: ${problem.problem}`, `      fix: ${problem.fix}`);
  }
  return lines.join('\n');
}
