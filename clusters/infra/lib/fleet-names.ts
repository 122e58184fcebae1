import { AccountSpec, Fleet } from '../../fleet/fleet-schema';

/**
 * Names and ARNs the AWS layer derives from the fleet file. Role names are fixed so ARNs can be
 * written into policies (and rendered YAML) from the fleet alone, without cross-stack references.
 */

/** Data-source role in the AMP account, read by the Grafana workspace. */
export const AMP_DATA_SOURCE_ROLE_NAME = 'ampPrometheusDataSourceRole';
/** Data-source role in each account whose cluster sends metrics to CloudWatch. */
export const CLOUDWATCH_DATA_SOURCE_ROLE_NAME = 'cloudwatchDataSourceRole';
/** Customer-managed role of the Amazon Managed Grafana workspace, in the monitoring account. */
export const GRAFANA_WORKSPACE_ROLE_NAME = 'amgWorkspaceIamRole';

/** SSM parameters (monitoring account) carrying the Grafana workspace facts to the manager cluster. */
export const GRAFANA_FACTS_PARAMETERS = {
  workspaceUrl: '/multi-account-observability/grafana/workspace-url',
  workspaceId: '/multi-account-observability/grafana/workspace-id',
} as const;

/** The account entry `name` refers to; throws with the known names when it is missing. */
export function accountOf(fleet: Fleet, name: string): AccountSpec {
  const account = fleet.accounts[name];
  if (!account) {
    throw new Error(`The fleet names account "${name}" but defines no such account; add it under accounts (known: ${Object.keys(fleet.accounts).join(', ')})`);
  }
  return account;
}

export function roleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

export function ssmParameterArn(account: AccountSpec, parameterName: string): string {
  return `arn:aws:ssm:${account.region}:${account.id}:parameter${parameterName}`;
}

/** ARN of an EKS cluster whose name is the fleet key (the AWS layer names clusters that way). */
export function eksClusterArn(account: AccountSpec, clusterName: string): string {
  return `arn:aws:eks:${account.region}:${account.id}:cluster/${clusterName}`;
}

/** Folder of the rendered ArgoCD bootstrap chart of a cluster, relative to the repository root. */
export function bootstrapPath(clusterName: string): string {
  return `dist/${clusterName}/bootstrap`;
}

/** ARN of every data-source role the Grafana workspace role may assume, one per data source. */
export function dataSourceRoleArns(fleet: Fleet): string[] {
  const arns = new Set<string>();
  for (const cluster of Object.values(fleet.clusters)) {
    const account = accountOf(fleet, cluster.account);
    arns.add(cluster.metrics.sink === 'amp' ? roleArn(accountOf(fleet, fleet.amp.account).id, AMP_DATA_SOURCE_ROLE_NAME) : roleArn(account.id, CLOUDWATCH_DATA_SOURCE_ROLE_NAME));
  }
  return [...arns].sort();
}

export interface GitHubRepository {
  readonly owner: string;
  readonly name: string;
}

/**
 * Owner and name of the fleet's repository. The pipeline's source action is GitHub's, so any
 * other host is refused with a message saying what to change.
 */
export function gitHubRepository(url: string): GitHubRepository {
  const match = /^https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(\.git)?$/.exec(url);
  if (!match) {
    throw new Error(`repository.url "${url}" is not a GitHub repository; the pipeline reads its source from GitHub, so set repository.url in clusters/fleet.yaml to https://github.com/<owner>/<repository>.git`);
  }
  return { owner: match[1], name: match[2] };
}
