import { iamRoleArn } from '../../platform/grafana/data-source-roles';
import { COLLECTORS, CollectorIdentity } from '../../platform/telemetry/collector-identities';
import { accountOf } from './account-of';
import type { Fleet } from './fleet-schema';

/**
 * Names derived from fleet entries, defined once so the renderer, the AWS layer and the fleet
 * checks (which verify each fits its limit) agree.
 */

/** Kubernetes group an app team's IAM principals map to; RBAC grants it edit in its namespace. */
export function teamGroupName(team: string): string {
  return `${team}-developers`;
}

/** Kubernetes group of the platform team; bound to cluster-admin. */
export const PLATFORM_ADMINS_GROUP = 'platform-admins';

/** ArgoCD Application (and leaf folder) name of a team's app. */
export function teamApplicationName(team: string, app: string): string {
  return `${team}-${app}`;
}

/** IAM role the collector's service account assumes in the cluster's account. */
export function collectorRoleName(cluster: string, collector: CollectorIdentity): string {
  return `${cluster}-${collector.serviceAccount}`;
}

/** Every collector role of a cluster, for length checks and the AWS layer. */
export function collectorRoleNames(cluster: string): string[] {
  return COLLECTORS.map((collector) => collectorRoleName(cluster, collector));
}

/**
 * Role in the AMP account that the metrics collectors of the clusters in `clusterAccount` (a key
 * of `accounts`) assume to remote-write. One role per writing account rather than one for the
 * fleet: a trust policy holds at most 2,048 characters (8,192 with a raised quota), so a single
 * role naming every collector role stops fitting at a few dozen clusters, and an account's role
 * can be reviewed (and revoked) on its own.
 */
export function ampRemoteWriteRoleName(clusterAccount: string): string {
  return `amp-remote-write-${clusterAccount}`;
}

/** ARN of the remote-write role the AMP clusters of `clusterAccount` assume. */
export function ampRemoteWriteRoleArn(fleet: Fleet, clusterAccount: string): string {
  return iamRoleArn(accountOf(fleet, fleet.amp.account).id, ampRemoteWriteRoleName(clusterAccount));
}

/** Keys of the accounts running at least one cluster with `metrics.sink: amp`, sorted. */
export function ampWriterAccounts(fleet: Fleet): string[] {
  return [...new Set(Object.values(fleet.clusters).filter((cluster) => cluster.metrics.sink === 'amp').map((cluster) => cluster.account))].sort();
}

/** Keys of the accounts running at least one cluster, sorted. */
export function clusterAccounts(fleet: Fleet): string[] {
  return [...new Set(Object.values(fleet.clusters).map((cluster) => cluster.account))].sort();
}

/** Keys of the accounts that get an access stack: every cluster account, and the AMP account when a cluster writes to AMP. */
export function accessAccounts(fleet: Fleet): string[] {
  const accounts = new Set(clusterAccounts(fleet));
  if (ampWriterAccounts(fleet).length > 0) accounts.add(fleet.amp.account);
  return [...accounts].sort();
}

/** Limits of the names above, as AWS and Kubernetes enforce them. */
export const NAME_LIMITS = {
  iamRoleName: 64,
  eksClusterName: 100,
  kubernetesLabelValue: 63,
  kubernetesGroup: 253,
} as const;
