import { accountDataSourceRoleArn, ampDataSourceRoleArn, DATA_SOURCE_ROLE_NAMES, iamRoleArn } from '../../../platform/grafana/data-source-roles';
import { clusterAccounts } from '../../fleet/derived-names';
import { accountOf } from '../../fleet/account-of';
import { AccountSpec, Fleet } from '../../fleet/fleet-schema';

/**
 * Names and ARNs the AWS layer derives from the fleet file. Role names are fixed so ARNs can be
 * written into policies (and rendered YAML) from the fleet alone, without cross-stack references.
 */

/** Data-source role in the AMP account, read by the Grafana workspace. */
export const AMP_DATA_SOURCE_ROLE_NAME = DATA_SOURCE_ROLE_NAMES.amp;
/** CloudWatch and X-Ray data-source role in each account that runs clusters. */
export const CLOUDWATCH_DATA_SOURCE_ROLE_NAME = DATA_SOURCE_ROLE_NAMES.cloudwatch;
/** Customer-managed role of the Amazon Managed Grafana workspace, in the monitoring account. */
export const GRAFANA_WORKSPACE_ROLE_NAME = 'amgWorkspaceIamRole';

/** SSM parameters (monitoring account) carrying the Grafana workspace facts to the manager cluster. */
export const GRAFANA_FACTS_PARAMETERS = {
  workspaceUrl: '/multi-account-observability/grafana/workspace-url',
  workspaceId: '/multi-account-observability/grafana/workspace-id',
} as const;

/**
 * SSM parameters (AMP account) carrying the AMP workspace facts to the clusters that write to it
 * and to the Grafana manager cluster, shared with their accounts through AWS RAM.
 */
export const AMP_FACTS_PARAMETERS = {
  workspaceId: '/multi-account-observability/amp/workspace-id',
  /** The workspace's `prometheusEndpoint`, ending in `/`. */
  prometheusEndpoint: '/multi-account-observability/amp/prometheus-endpoint',
} as const;

export { accountOf };
export const roleArn = iamRoleArn;

export function ssmParameterArn(account: AccountSpec, parameterName: string): string {
  return `arn:aws:ssm:${account.region}:${account.id}:parameter${parameterName}`;
}

/** Folder of the rendered ArgoCD bootstrap chart of a cluster, relative to the repository root. */
export function bootstrapPath(clusterName: string): string {
  return `dist/${clusterName}/bootstrap`;
}

/**
 * ARN of every data-source role the Grafana workspace role may assume: the AMP role when a cluster
 * writes to AMP, and the CloudWatch/X-Ray role of every account that runs clusters.
 */
export function dataSourceRoleArns(fleet: Fleet): string[] {
  const amp = Object.values(fleet.clusters).some((cluster) => cluster.metrics.sink === 'amp') ? [ampDataSourceRoleArn(fleet)] : [];
  return [...amp, ...clusterAccounts(fleet).map((account) => accountDataSourceRoleArn(fleet, account))].sort();
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
