/**
 * The kinds a team may sync, listed once. The team AppProject allows exactly these
 * (`namespaceResourceWhitelist`), the renderer refuses any other kind from an app chart, and the
 * policy gate applies the same list to every team folder of `dist/`. A kind missing here (a new
 * upstream CRD included) is denied until the platform adds it on purpose.
 *
 * Left out on purpose: NetworkPolicy, RBAC, ResourceQuota and LimitRange (they change isolation;
 * the platform renders them), Secret (nothing secret belongs in git), Ingress (exposure is a
 * load-balanced Service the fleet file grants), and every operator's custom resource: an
 * OpenTelemetryCollector, for instance, makes the operator create a NetworkPolicy for it.
 */
export interface ResourceKind {
  /** API group; "" for the core group. */
  readonly group: string;
  readonly kind: string;
}

export const TEAM_SYNCABLE_KINDS: readonly ResourceKind[] = [
  { group: '', kind: 'ConfigMap' },
  { group: '', kind: 'PersistentVolumeClaim' },
  { group: '', kind: 'Service' },
  { group: '', kind: 'ServiceAccount' },
  { group: 'apps', kind: 'Deployment' },
  { group: 'apps', kind: 'StatefulSet' },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
  { group: 'batch', kind: 'CronJob' },
  { group: 'batch', kind: 'Job' },
  { group: 'policy', kind: 'PodDisruptionBudget' },
];

/** API group of an `apiVersion` (`apps/v1` -> `apps`, `v1` -> ""). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** True when a team may sync objects of `apiVersion` and `kind`. */
export function isTeamSyncable(apiVersion: string, kind: string): boolean {
  const group = apiGroupOf(apiVersion);
  return TEAM_SYNCABLE_KINDS.some((allowed) => allowed.group === group && allowed.kind === kind);
}

/** The list as `group/kind` for messages. */
export function describeTeamSyncableKinds(): string {
  return TEAM_SYNCABLE_KINDS.map(({ group, kind }) => `${group || 'core'}/${kind}`).join(', ');
}
