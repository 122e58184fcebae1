import { COLLECTORS, CollectorIdentity } from '../../platform/telemetry/collector-identities';

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

/** Limits of the names above, as AWS and Kubernetes enforce them. */
export const NAME_LIMITS = {
  iamRoleName: 64,
  eksClusterName: 100,
  kubernetesLabelValue: 63,
  kubernetesGroup: 253,
} as const;
