import { accountOf } from '../../clusters/fleet/account-of';
import type { ClusterSpec, Fleet } from '../../clusters/fleet/fleet-schema';

/**
 * IAM roles the Amazon Managed Grafana workspace assumes to read each account's telemetry. The
 * AWS layer creates them under exactly these names (trusting only the workspace role); the
 * data sources rendered here assume them. Both sides read the names from this one place.
 */
export const DATA_SOURCE_ROLE_NAMES = {
  /** In the AMP account: query AMP, read X-Ray. */
  amp: 'ampPrometheusDataSourceRole',
  /** In each account whose cluster sends metrics to CloudWatch: read CloudWatch, read X-Ray. */
  cloudwatch: 'cloudwatchDataSourceRole',
} as const;

export function iamRoleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/** ARN of the role that reads AMP, in the account holding the workspace. */
export function ampDataSourceRoleArn(fleet: Fleet): string {
  return iamRoleArn(accountOf(fleet, fleet.amp.account).id, DATA_SOURCE_ROLE_NAMES.amp);
}

/**
 * The data-source role in the account of `cluster`: the AMP role where the cluster writes to AMP
 * (the workspace lives in its account), the CloudWatch role otherwise. Both may read X-Ray, so
 * this is also the role of that account's X-Ray data source.
 */
export function clusterDataSourceRoleArn(fleet: Fleet, cluster: ClusterSpec): string {
  const roleName = cluster.metrics.sink === 'amp' ? DATA_SOURCE_ROLE_NAMES.amp : DATA_SOURCE_ROLE_NAMES.cloudwatch;
  return iamRoleArn(accountOf(fleet, cluster.account).id, roleName);
}
