import { PLATFORM_NAMESPACES } from '../../platform-namespaces';

/**
 * The one Amazon Managed Grafana service account grafana-operator acts as, its token Secret and the
 * rotator that keeps the token fresh. Shared by the AWS layer (which creates the service account
 * and the roles) and the rendered rotator, so both name the same things.
 */
export const GRAFANA_TOKEN = {
  /** Workspace service account the AWS layer creates (Grafana role ADMIN: data sources need it). */
  serviceAccountName: 'grafana-operator',
  /** Secret grafana-operator reads the token from; created empty by the AWS layer, filled by the rotator. */
  secretName: 'grafana-api-token',
  secretKey: 'token',
  namespace: PLATFORM_NAMESPACES.grafanaOperator,
  /** Kubernetes service account of the rotator, bound by EKS Pod Identity to its IAM role. */
  rotatorServiceAccount: 'grafana-token-rotator',
  /** Lifetime of each token: one day, so a leaked token is useless soon. */
  lifetimeSeconds: 24 * 60 * 60,
  /** Rotate once less than this is left: half the lifetime, leaving twelve hourly retries. */
  renewBeforeSeconds: 12 * 60 * 60,
  /** Every hour, at a minute other jobs rarely pick. */
  schedule: '17 * * * *',
  /** Annotations on the Secret recording which token it holds and when it expires. */
  annotations: {
    tokenId: 'grafana-token-rotator/token-id',
    expiresAt: 'grafana-token-rotator/expires-at',
  },
} as const;

/** IAM role (cluster account) EKS Pod Identity gives the rotator's service account. */
export function tokenRotatorRoleName(cluster: string): string {
  return `${cluster}-grafana-token-rotator`;
}

/** IAM role (monitoring account) holding the token permissions; Pod Identity chains into it. */
export const GRAFANA_TOKEN_ROLE_NAME = 'grafanaTokenRotatorRole';
