import { accountOf } from '../../clusters/fleet/account-of';
import type { Fleet } from '../../clusters/fleet/fleet-schema';

/**
 * IAM roles the Amazon Managed Grafana workspace assumes to read each account's telemetry. The
 * AWS layer creates them under exactly these names (trusting only the workspace role); the
 * data sources rendered here assume them. Both sides read the names from this one place.
 */
export const DATA_SOURCE_ROLE_NAMES = {
  /** In the AMP account: query the fleet's AMP workspace. */
  amp: 'ampPrometheusDataSourceRole',
  /**
   * In each account that runs clusters: read CloudWatch (metrics, Logs Insights) and X-Ray. The
   * account's CloudWatch and X-Ray data sources both assume it, so the Grafana workspace role's
   * policy grows by one ARN per account, not two.
   */
  cloudwatch: 'cloudwatchDataSourceRole',
} as const;

export function iamRoleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/** ARN of the role that reads AMP, in the account holding the workspace. */
export function ampDataSourceRoleArn(fleet: Fleet): string {
  return iamRoleArn(accountOf(fleet, fleet.amp.account).id, DATA_SOURCE_ROLE_NAMES.amp);
}

/** The CloudWatch and X-Ray data-source role in `account` (a key of `accounts` that runs clusters). */
export function accountDataSourceRoleArn(fleet: Fleet, account: string): string {
  return iamRoleArn(accountOf(fleet, account).id, DATA_SOURCE_ROLE_NAMES.cloudwatch);
}
